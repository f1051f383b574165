from django.utils.translation import gettext_lazy as _

from marketplace.exceptions import DomainError, InvalidInput, InvalidTransition, NotFound, Refused  # noqa: F401

REFUSALS = {
    "presale_not_open": _("This presale is not taking deposits now."),
    "presale_limit_reached": _("That is more than this presale's limit per member."),
    "presale_deposit_exists": _("You already hold a deposit on this presale: pay its balance in the balance window."),
    "presale_balance_not_open": _("The balance of this presale cannot be paid now: see its balance window."),
    "presale_deposit_not_payable": _("This deposit has no balance to pay."),
    "presale_not_refundable": _("A deposit is not refundable after the deposit window closes."),
}


class PresaleRefused(Refused):
    """A deposit or a balance the presale's rules say no to; `code` says why (stable, API.md)."""

    refusals = REFUSALS


def refused(code: str) -> PresaleRefused:
    return PresaleRefused(code)
