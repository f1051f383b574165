"""Reads of the orders center, always scoped to the member or store asking."""

from django.db.models import Prefetch, QuerySet

from coupons.models import CouponStatus, UserCoupon
from marketplace.exceptions import NotFound
from members.models import User
from orders.models import CartItem, OrderEvent, Refund, RefundLine, StoreOrder, Trade
from orders.shipping.selectors import parcels_prefetch


def cart_items(*, user: User) -> QuerySet[CartItem]:
    return CartItem.objects.filter(user=user).order_by("-added_at", "-id")


def cart_item_of(*, user: User, item_id: int) -> CartItem:
    """The member's own line; anyone else's is not found."""
    item = cart_items(user=user).filter(pk=item_id).first()
    if item is None:
        raise NotFound()
    return item


def unpaid_numbers(*, user: User) -> set[str]:
    """The numbers of the member's unpaid orders and trades that hold a coupon: such a coupon may move to the
    order being placed now (seed 002). A locked coupon is always held by an unpaid order or trade (payment uses
    it, cancellation frees it), so the member's locked coupons name them all, and there are never more of them
    than coupons, however many unpaid orders pile up. One query."""
    return set(UserCoupon.objects.filter(user=user, status=CouponStatus.LOCKED).values_list("locked_by", flat=True))


def trade_of(*, user: User, trade_no: str) -> Trade:
    """The member's own trade; anyone else's is not found."""
    trade = Trade.objects.filter(user=user, trade_no=trade_no).first()
    if trade is None:
        raise NotFound()
    return trade


def member_orders(*, user: User, status: str | None = None) -> QuerySet[StoreOrder]:
    """The member's store orders, newest first, with what a list shows (store, lines) in two more queries."""
    orders = StoreOrder.objects.filter(user=user).select_related("store", "trade").prefetch_related("lines")
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


def _refunds() -> QuerySet[Refund]:
    return Refund.objects.select_related("order").prefetch_related(
        Prefetch("lines", queryset=RefundLine.objects.select_related("line").order_by("pk"))
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


def _one(refunds: QuerySet[Refund], refund_id: int) -> Refund:
    refund = refunds.filter(pk=refund_id).first()
    if refund is None:
        raise NotFound()
    return refund
