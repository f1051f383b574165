"""Domain errors of the orders center; the API maps each to its stable code (API.md)."""

from django.utils.translation import gettext_lazy as _

from marketplace.exceptions import DomainError, InvalidInput, InvalidTransition, NotFound

__all__ = ["IdempotencyConflict", "InvalidInput", "InvalidTransition", "NotFound", "PriceChanged"]


class PriceChanged(DomainError):
    """The server's total differs from the one the shopper confirmed (`expected_payable`)."""

    code = "price_changed"
    status = 409
    default_detail = _("The price changed since you looked: check the new total and confirm again.")


class IdempotencyConflict(DomainError):
    """The same Idempotency-Key was sent before with another body."""

    code = "idempotency_conflict"
    status = 422
    default_detail = _("This Idempotency-Key was used for a different request.")
