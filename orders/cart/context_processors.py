"""The cart's unit count in the storefront's header: a member's cart, or a visitor's (orders.cart.guest).

Counted only when a page shows it (the value is a function the template calls, once), like the unread count
(marketplace.notifications.context_processors): for a member, read with their row on a GET (members.backends) and
by a query of its own after a request that may have changed the cart; for a visitor, a look at the session the
login check has read already."""

from functools import cache

from members.backends import member_value
from orders.cart import guest
from orders.cart.selectors import cart_units


def cart_count(request) -> dict:
    @cache
    def count() -> int:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            units = member_value(request, "cart_units")
            return cart_units(user=user) if units is None else units
        session = getattr(request, "session", None)
        return guest.guest_count(session) if session is not None else 0

    return {"cart_count": count}
