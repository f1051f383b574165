from django.utils.translation import gettext_lazy as _

from marketplace.exceptions import DomainError, InvalidInput, InvalidTransition, NotFound, Refused  # noqa: F401

REFUSALS = {
    "group_buy_not_live": _("This group buy is not on right now."),
    "group_closed": _("This group is no longer open to join."),
    "group_full": _("This group is full: open a new group instead."),
    "group_already_joined": _("You are already in this group."),
    "group_buy_limit": _("That is more than a member may buy in one group."),
    "group_buy_sku": _("This group buy is for another SKU."),
}


class GroupRefused(Refused):
    """A group the member may not open or join now; `code` says why (stable, API.md)."""

    refusals = REFUSALS


def refused(code: str) -> GroupRefused:
    return GroupRefused(code)
