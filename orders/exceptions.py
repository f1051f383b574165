"""Domain errors of the orders center; the API maps each to its stable code (API.md)."""

from django.utils.translation import gettext_lazy as _

from marketplace.exceptions import DomainError, InvalidInput, InvalidTransition, NotFound, Refused

__all__ = [
    "IdempotencyConflict",
    "InvalidInput",
    "InvalidTransition",
    "NotFound",
    "PickupRefused",
    "PosRefused",
    "PriceChanged",
]


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


class PosRefused(Refused):
    """The store's counter (POS, 收银台) said no: `code` says why (API.md)."""

    refusals = {
        "pos_method_disabled": _("The store's counter does not take this way of paying."),
        "pos_tendered_short": _("The cash tendered is less than the amount due."),
        "pos_credit_limit_reached": _("This sale would take the account over its credit limit."),
        "pos_member_required": _("Paying from stored value needs a member: find the member first."),
        "pos_account_exists": _("The store has an account of this name already."),
        "pos_repayment_too_much": _("The account owes less than that."),
        "pos_not_refundable": _("This sale cannot be refunded at the counter: it is unpaid, closed or being refunded."),
    }
