"""Reads of refunds, scoped to the member, the store or the operator asking."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from marketplace.exceptions import NotFound
from members.models import User
from orders.models import OPEN_REFUND_STATUSES, OrderEvent, Refund, RefundLine


def _refunds() -> QuerySet[Refund]:
    return Refund.objects.select_related("order").prefetch_related(
        Prefetch("lines", queryset=RefundLine.objects.select_related("line").order_by("pk")), "evidence"
    )


def member_refunds(*, user: User) -> QuerySet[Refund]:
    return _refunds().filter(user=user)


def member_refund(*, user: User, refund_id: int) -> Refund:
    return _one(member_refunds(user=user), refund_id)


def store_refunds(*, store_id: int) -> QuerySet[Refund]:
    """A store's after-sales queue; only ever its own."""
    return _refunds().filter(order__store_id=store_id)


def store_refund(*, store_id: int, refund_id: int) -> Refund:
    return _one(store_refunds(store_id=store_id), refund_id)


def all_refunds() -> QuerySet[Refund]:
    """Every refund, for operators."""
    return _refunds()


def any_refund(*, refund_id: int) -> Refund:
    return _one(_refunds(), refund_id)


def refund_history(*, refund: Refund) -> QuerySet[OrderEvent]:
    """A request's own events, oldest first, with who did each: the shopper's, the store's and the operator's page
    show the same history."""
    return refund.events.select_related("by").order_by("at", "id")


def _one(refunds: QuerySet[Refund], refund_id: int) -> Refund:
    refund = refunds.filter(pk=refund_id).first()
    if refund is None:
        raise NotFound()
    return refund


def refund_open(order: str = "pk") -> Exists:
    """An annotation: whether an after-sales request is open on the order whose key is the outer row's `order`
    (a store's order list flags it; its parcels warn before shipping)."""
    return Exists(Refund.objects.filter(order=OuterRef(order), status__in=OPEN_REFUND_STATUSES))
