"""Reads of store orders, scoped to the member or the store asking, and a store's sales by day."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from companies.selectors import company_user_ids
from marketplace.exceptions import NotFound
from marketplace.money import ZERO
from members.models import User
from orders.models import OrderEvent, Refund, RefundStatus, StoreOrder
from orders.shipping.selectors import parcels_prefetch


def member_orders(*, user: User, status: str | None = None) -> QuerySet[StoreOrder]:
    """The member's store orders, newest first, with what a list shows (store, lines) in two more queries."""
    orders = StoreOrder.objects.filter(user=user).select_related("store", "trade").prefetch_related("lines")
    return orders.filter(status=status) if status else orders


def company_orders(*, user: User, status: str | None = None) -> QuerySet[StoreOrder]:
    """The store orders of every user of `user`'s company (企业订单, decision 0039), newest first, as member_orders
    reads them; `not_found` when the member has no company. Another company's orders are never among them."""
    user_ids = company_user_ids(user)
    if user_ids is None:
        raise NotFound()
    orders = StoreOrder.objects.filter(user_id__in=user_ids).select_related("store", "trade").prefetch_related("lines")
    return orders.filter(status=status) if status else orders


def member_order(*, user: User, order_no: str) -> StoreOrder:
    """One of the member's orders with its lines and events; another member's is not found."""
    order = (
        StoreOrder.objects.filter(user=user, order_no=order_no)
        .select_related("store", "trade")
        .prefetch_related(
            "lines", Prefetch("events", queryset=OrderEvent.objects.select_related("by")), parcels_prefetch()
        )
        .first()
    )
    if order is None:
        raise NotFound()
    return order


def store_orders(*, store_id: int, status: str | None = None) -> QuerySet[StoreOrder]:
    """A store's orders for its staff; only ever filtered by their own store."""
    orders = (
        StoreOrder.objects.filter(store_id=store_id).select_related("user", "store", "trade").prefetch_related("lines")
    )
    return orders.filter(status=status) if status else orders


@dataclass(frozen=True)
class DaySales:
    """The money of one day's orders paid and refunds completed; with `day` None, of several days summed."""

    day: date | None
    orders_paid: int
    amount_paid: Decimal
    refunds: int
    amount_refunded: Decimal

    @property
    def net(self) -> Decimal:
        return self.amount_paid - self.amount_refunded


def store_sales_by_day(*, store_id: int, first_day: date, last_day: date) -> list[DaySales]:
    """A store's sales from `first_day` to `last_day` (both included), one row per day that had an order paid or a
    refund completed, oldest first. Days are Beijing time (the settings' zone), as the merchant means them, not
    the database's UTC: an order paid at 00:15 on the 3rd counts on the 3rd.

    An order counts on the day it was paid, for its `payable` (freight included, whether the gateway or stored
    value paid it); cancelled or refunded later, it still counts there, and the refund counts on the day its
    money went back. Commission is the settlement bills' business, not this. Two queries whatever the number of
    orders: each side summed by day in SQL."""
    zone = timezone.get_default_timezone()
    since = datetime.combine(first_day, time.min, tzinfo=zone)
    until = datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=zone)
    paid = (
        StoreOrder.objects.filter(store_id=store_id, paid_at__gte=since, paid_at__lt=until)
        .order_by()
        .values(day=TruncDate("paid_at", tzinfo=zone))
        .annotate(count=Count("id"), amount=Sum("payable"))
    )
    refunded = (
        Refund.objects.filter(
            order__store_id=store_id, status=RefundStatus.REFUNDED, refunded_at__gte=since, refunded_at__lt=until
        )
        .order_by()
        .values(day=TruncDate("refunded_at", tzinfo=zone))
        .annotate(count=Count("id"), amount=Sum("amount"))
    )
    paid_by_day = {row["day"]: row for row in paid}
    refunded_by_day = {row["day"]: row for row in refunded}
    nothing = {"count": 0, "amount": ZERO}
    return [
        DaySales(
            day=day,
            orders_paid=paid_by_day.get(day, nothing)["count"],
            amount_paid=paid_by_day.get(day, nothing)["amount"],
            refunds=refunded_by_day.get(day, nothing)["count"],
            amount_refunded=refunded_by_day.get(day, nothing)["amount"],
        )
        for day in sorted(paid_by_day.keys() | refunded_by_day.keys())
    ]


def sales_total(days: list[DaySales]) -> DaySales:
    """The days summed, as the total row of a table of `store_sales_by_day`."""
    return DaySales(
        day=None,
        orders_paid=sum(row.orders_paid for row in days),
        amount_paid=sum((row.amount_paid for row in days), ZERO),
        refunds=sum(row.refunds for row in days),
        amount_refunded=sum((row.amount_refunded for row in days), ZERO),
    )
