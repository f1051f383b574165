"""Cancelling unpaid orders, by the shopper or by the payment timeout: stock, coupons and points come back.

Exactly once: the order's row lock is taken first and its status checked under it, so two sweeps (or a sweep
and the shopper) racing for the same order cancel it once; the loser finds it cancelled and moves on. The trade's
platform coupons come back with its last order, which is decided under the trade's row lock: without it, two
sweeps cancelling the two orders of one trade at once (a worker killed mid-sweep, its message given back beside
beat's next run) each saw the other order still unpaid (READ COMMITTED), and neither gave the coupons back."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from catalog.services.stock import StockLine, stock_release
from coupons.services.usage import coupon_return
from members.models import User
from members.services.stored_value import stored_value_refund
from orders.lifecycle.transitions import order_transition
from orders.locks import lock_orders, lock_trade
from orders.models import OrderReason, OrderStatus, StoreOrder
from orders.plays import play_for
from orders.points import order_points_give_back
from promotions.services import promotion_uses_return


@transaction.atomic
def order_cancel(
    *,
    order: StoreOrder,
    by: User | None,
    reason_code: OrderReason = OrderReason.SHOPPER_CANCELLED,
    reason: str = "",
    now: datetime | None = None,
) -> StoreOrder:
    """Cancel an unpaid order (`invalid_transition` once it is paid) and give back what it held. `reason` is the
    shopper's own words, if they gave any."""
    now = now or timezone.now()
    (order,) = lock_orders([order.pk])
    order_transition(order=order, to=OrderStatus.CANCELLED, by=by, reason_code=reason_code, reason=reason, now=now)
    _give_back(order, reason=reason_code, now=now)
    return order


def _give_back(order: StoreOrder, *, reason: OrderReason, now: datetime) -> None:
    trade = lock_trade(order.trade_id)  # its last order to be cancelled sees the others' (module docstring)
    lines = list(order.lines.all())
    stock_release(
        lines=[StockLine(sku_id=line.sku_id, quantity=line.quantity, warehouse_id=line.warehouse_id) for line in lines],
        reference=order.order_no,
        reason=str(OrderReason(reason).label),  # a stock movement's reason is words staff read, not a code
    )
    coupon_return(order_no=order.order_no, now=now)
    if order.points_used:
        order_points_give_back(order=order, user=order.user, points=order.points_used, reference=order.order_no)
    if order.stored_value:
        stored_value_refund(user=order.user, amount=order.stored_value, reference=order.order_no)
    promotion_uses_return(order_no=order.order_no)
    if order.play_kind:
        play_for(order.play_kind).cancelled(order=order, now=now)
    if not trade.orders.exclude(status=OrderStatus.CANCELLED).exists():
        coupon_return(trade_no=trade.trade_no, now=now)  # platform coupons held by the whole trade


def cancel_unpaid_orders(*, now: datetime | None = None, limit: int = 500) -> int:
    """The timeout sweep: cancel every unpaid order past its trade's payment deadline, one transaction each, and
    return how many this run cancelled. SKIP LOCKED leaves an order another sweep is cancelling to that one."""
    now = now or timezone.now()
    cancelled = 0
    for order_id in StoreOrder.objects.unpaid_expired(now).order_by("pk").values_list("pk", flat=True)[:limit]:
        with transaction.atomic():
            order = (
                StoreOrder.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(pk=order_id, status=OrderStatus.PENDING_PAYMENT)
                .first()
            )
            if order is None:
                continue
            timeout = OrderReason.PAYMENT_TIMEOUT
            order_transition(order=order, to=OrderStatus.CANCELLED, by=None, reason_code=timeout, now=now)
            _give_back(order, reason=timeout, now=now)
            cancelled += 1
    return cancelled
