"""Domain errors of the catalog center; the API maps each to its code (API.md)."""

from django.utils.translation import gettext_lazy as _

from marketplace.exceptions import DomainError, InvalidInput, InvalidTransition, PermissionDenied

__all__ = ["HqCatalogueOnly", "InsufficientStock", "InvalidInput", "InvalidTransition"]


class InsufficientStock(DomainError):
    """Fewer goods available than asked for. `fields` names the SKU: {"sku": [id], "available": [n]}."""

    code = "insufficient_stock"
    status = 409
    default_detail = _("Not enough stock.")


class HqCatalogueOnly(PermissionDenied):
    """Franchise and direct stores sell HQ's catalogue; they do not publish goods of their own (seed 004)."""

    default_detail = _(
        "Franchise and direct stores list goods from HQ's catalogue (/api/v1/seller/listings/) and cannot publish "
        "their own."
    )
