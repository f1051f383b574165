"""Domain errors: what a service raises when a business rule says no.

The API maps each to its stable `code` and HTTP status (API.md); pages show its `detail`. Each app's
exceptions.py subclasses these (catalog.exceptions.InsufficientStock, orders.exceptions.InvalidTransition).
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "domain_error"
    status = 409
    default_detail = _("The request conflicts with the current state.")

    def __init__(self, detail=None, *, fields: dict | None = None):
        self.detail = str(detail if detail is not None else self.default_detail)
        self.fields = fields or {}
        super().__init__(self.detail)


class Refused(DomainError):
    """A center's rule said no, and `code` (stable, API.md) says which: each center subclasses it with its table of
    codes and their words (a marketing play's refusals)."""

    refusals: dict = {}

    def __init__(self, code: str):
        self.code = code
        super().__init__(self.refusals[code])


class InvalidInput(DomainError):
    """Input that passed the serializer but breaks a rule that needs the database to check."""

    code = "validation_error"
    status = 400
    default_detail = _("Invalid input.")


class NotFound(DomainError):
    """Also raised for another store's or another member's object: its existence is not revealed."""

    code = "not_found"
    status = 404
    default_detail = _("Not found.")


class PermissionDenied(DomainError):
    code = "permission_denied"
    status = 403
    default_detail = _("You do not have permission to perform this action.")


class InvalidTransition(DomainError):
    code = "invalid_transition"
    status = 409
    default_detail = _("This action is not allowed in the object's current state.")
