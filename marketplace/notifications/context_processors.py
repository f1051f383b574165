"""The unread count in the storefront's and the seller backend's headers.

Counted only when a page shows it: the values are functions the template calls (and each is counted once), so a
page that shows no count costs no query, and a visitor who is not logged in costs none either, whose pages the
storefront cache may serve without rendering (catalog.storefront_cache). A member's own count is read with their row
on a GET (members.backends), and by a query of its own after a request that may have read a message."""

from functools import cache

from marketplace.notifications.selectors import unread_count
from members.backends import member_value


def unread_messages(request) -> dict:
    @cache
    def personal() -> int:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return 0
        count = member_value(request, "unread_count")
        return unread_count(user=user) if count is None else count

    @cache
    def store() -> int:
        user, store = getattr(request, "user", None), getattr(request, "store", None)
        return unread_count(user=user, store=store) if store is not None and user.is_authenticated else 0

    return {"unread_messages": personal, "unread_store_messages": store}
