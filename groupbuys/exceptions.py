from django.utils.translation import gettext_lazy as _

from marketplace.exceptions import DomainError, InvalidInput, InvalidTransition, NotFound  # noqa: F401


class GroupRefused(DomainError):
    """A group the member may not open or join now; `code` says why (stable, API.md)."""

    status = 409

    def __init__(self, code: str, detail):
        self.code = code
        super().__init__(detail)


REFUSALS = {
    "group_buy_not_live": _("This group buy is not on right now."),
    "group_closed": _("This group is no longer open to join."),
    "group_full": _("This group is full: open a new group instead."),
    "group_already_joined": _("You are already in this group."),
    "group_buy_limit": _("That is more than a member may buy in one group."),
    "group_buy_sku": _("This group buy is for another SKU."),
}


def refused(code: str) -> GroupRefused:
    return GroupRefused(code, REFUSALS[code])
