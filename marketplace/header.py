"""The storefront header's personal part on a page served from the cache (catalog.holes, decision 0036): the
greeting and links, the unread messages and the cart's units. A page rendered for its reader draws the same template
with the context processors' counts; a page from the cache counts as they do: read with the member's row on the way
in (members.backends), it asks nothing more for its header."""

from catalog import holes
from marketplace.notifications.context_processors import unread_messages
from orders.cart.context_processors import cart_count


def header_counts(request) -> dict:
    """The unread count and the cart's units of a logged-in shopper, as the context processors count them for a page
    rendered for its reader: on a page from the cache (a GET), as read with the member's row (members.backends)."""
    return {
        "unread_messages": unread_messages(request)["unread_messages"](),
        "cart_count": cart_count(request)["cart_count"](),
    }


def _account_key(request, values: dict) -> tuple:
    """What partials/account.html reads: the member's name and staff flag, and the two counts."""
    user = request.user
    return user.pk, user.username, user.is_staff, values["unread_messages"], values["cart_count"]


def connect() -> None:
    holes.register_hole(
        "account", template="partials/account.html", context=lambda request: {}, filled=header_counts, key=_account_key
    )
