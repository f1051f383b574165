"""The storefront header's personal part on a page served from the cache (catalog.holes, decision 0036): the
greeting and links, the unread messages and the cart's units, the two counts in one query. A page rendered for its
reader draws the same template with the context processors' counts instead."""

from django.db.models import Count, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from catalog import holes
from marketplace.notifications.selectors import unread
from members.models import User
from orders.cart.selectors import UNITS, cart_items


def _per_member(rows: QuerySet, by: str, total) -> Coalesce:
    """`total` over `rows` (which name the member by OuterRef) as a value of the member's row, 0 for none."""
    return Coalesce(Subquery(rows.order_by().values(by).annotate(total=total).values("total")), Value(0))


def header_counts(request) -> dict:
    """The unread count and the cart's units of a logged-in shopper, in one query."""
    member = OuterRef("pk")
    counts = (
        User.objects.filter(pk=request.user.pk)
        .values(
            unread=_per_member(unread(user=member), "recipient", Count("pk")),
            units=_per_member(cart_items(user=member), "user", UNITS),
        )
        .get()
    )
    return {"unread_messages": counts["unread"], "cart_count": counts["units"]}


def connect() -> None:
    holes.register_hole("account", template="partials/account.html", context=lambda request: {}, filled=header_counts)
