from django.utils.translation import gettext_lazy as _

from marketplace.exceptions import DomainError, InvalidInput, InvalidTransition, NotFound, Refused  # noqa: F401

REFUSALS = {
    "flash_not_started": _("The flash sale has not started yet."),
    "flash_ended": _("The flash sale has ended."),
    "flash_limit_reached": _("You have reached this flash sale's limit per member."),
    "flash_sold_out": _("Sold out: every unit is taken. Units not paid for in time come back: try again later."),
    "flash_unavailable": _("The flash sale is busy: please try again in a moment."),
}


class FlashRefused(Refused):
    """An attempt the gate said no to; `code` says why (stable, API.md)."""

    refusals = REFUSALS


def refused(code: str) -> FlashRefused:
    return FlashRefused(code)


class FlashHoldExpired(DomainError):
    """The member's hold on a flash unit expired (or was never theirs) before the order was placed."""

    code = "flash_hold_expired"
    status = 409
    default_detail = _("Your flash-sale hold has expired: try again while units are left.")
