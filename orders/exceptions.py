"""Domain errors of the orders center; the API maps each to its stable code (API.md)."""

from django.utils.translation import gettext_lazy as _

from marketplace.exceptions import DomainError, InvalidInput, InvalidTransition, NotFound, Refused

__all__ = ["IdempotencyConflict", "InvalidInput", "InvalidTransition", "NotFound", "PickupRefused", "PriceChanged"]


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


class PickupRefused(Refused):
    """Store pickup (自提) said no: `code` says why (API.md)."""

    refusals = {
        "pickup_unavailable": _(
            "This store does not hand out these goods: pickup needs a store that offers it and sells every line."
        ),
        "pickup_code_unknown": _("No order has this pickup code."),
        "pickup_wrong_store": _("This order is collected at another store."),
        "pickup_already_collected": _("This order was collected already."),
        "pickup_not_collectable": _("This order cannot be collected: it is unpaid, cancelled or refunded."),
    }
