"""The storefront header's personal part on a page served from the cache (catalog.holes, decision 0036): the
greeting and links, the unread messages and the cart's units, the two counts in one query. A page rendered for its
reader draws the same template with the context processors' counts instead."""

from django.db.models import Count, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from catalog import holes
from companies.selectors import buying_company, remember_buying_company
from marketplace.compiled import CompiledRead
from marketplace.notifications.selectors import unread
from members.models import User
from orders.cart.selectors import UNITS, cart_items


def _per_member(rows: QuerySet, by: str, total) -> Coalesce:
    """`total` over `rows` (which name the member by OuterRef) as a value of the member's row, 0 for none."""
    return Coalesce(Subquery(rows.order_by().values(by).annotate(total=total).values("total")), Value(0))


def _counts(pk: int) -> QuerySet:
    member = OuterRef("pk")
    return User.objects.filter(pk=pk).values(
        unread=_per_member(unread(user=member), "recipient", Count("pk")),
        units=_per_member(cart_items(user=member), "user", UNITS),
        company=Subquery(buying_company(member)),
    )


_COUNTS = CompiledRead(_counts, pk=-7_301_947)  # on every logged-in page from the cache: compiled once


def header_counts(request) -> dict:
    """The unread count and the cart's units of a logged-in shopper, in one query that also finds the company they
    buy for (kept for the page's other parts: a product's business terms)."""
    unread_messages, cart_count, company_id = _COUNTS.row(pk=request.user.pk)
    remember_buying_company(request.user, company_id)
    return {"unread_messages": unread_messages, "cart_count": cart_count}


def _account_key(request, values: dict) -> tuple:
    """What partials/account.html reads: the member's name and staff flag, and the two counts."""
    user = request.user
    return user.pk, user.username, user.is_staff, values["unread_messages"], values["cart_count"]


def connect() -> None:
    holes.register_hole(
        "account", template="partials/account.html", context=lambda request: {}, filled=header_counts, key=_account_key
    )
