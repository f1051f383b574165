"""After delivery: the shopper confirms receipt (or the system does after ORDER_AUTO_CONFIRM_DAYS), and once the
after-sales window (ORDER_AFTER_SALES_DAYS) has closed the order is completed: settlement reads completed orders,
and the member earns points and growth for what they finally paid. Awarding them only now means a refund never
has to take points back."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from members.models import User
from members.services.growth import growth_add
from members.services.points import points_earn, points_rule
from orders import events
from orders.exceptions import InvalidTransition
from orders.lifecycle.transitions import order_transition
from orders.locks import lock_orders
from orders.models import OPEN_REFUND_STATUSES, OrderEventType, OrderStatus, StoreOrder
from orders.pos.customers import is_walk_in


@transaction.atomic
def order_confirm_receipt(*, order: StoreOrder, by: User | None, now: datetime | None = None) -> StoreOrder:
    """The goods arrived. A shipped order becomes delivered; one the carrier already reported delivered keeps
    its status and records the confirmation. Anything earlier (not yet shipped) is `invalid_transition`."""
    now = now or timezone.now()
    (order,) = lock_orders([order.pk])
    if order.status == OrderStatus.DELIVERED:
        events.receipt_confirmed(order=order, by=by)
        return order
    if order.status != OrderStatus.SHIPPED:
        raise InvalidTransition(fields={"status": [order.status]})
    event = OrderEventType.RECEIPT_CONFIRMED if by is not None else OrderEventType.RECEIPT_AUTO_CONFIRMED
    return order_transition(order=order, to=OrderStatus.DELIVERED, by=by, event=event, now=now)


def confirm_overdue_receipts(*, now: datetime | None = None) -> int:
    """Shipped orders nobody confirmed within ORDER_AUTO_CONFIRM_DAYS are confirmed by the system."""
    now = now or timezone.now()
    due = StoreOrder.objects.filter(
        status=OrderStatus.SHIPPED, shipped_at__lte=now - timedelta(days=settings.ORDER_AUTO_CONFIRM_DAYS)
    )
    confirmed = 0
    for order in due.order_by("pk"):
        with transaction.atomic():
            (locked,) = lock_orders([order.pk])
            if locked.status == OrderStatus.SHIPPED:
                order_confirm_receipt(order=locked, by=None, now=now)
                confirmed += 1
    return confirmed


def complete_due_orders(*, now: datetime | None = None) -> int:
    """Delivered orders whose after-sales window has closed become completed (without an open refund)."""
    now = now or timezone.now()
    due = StoreOrder.objects.filter(
        status=OrderStatus.DELIVERED, delivered_at__lte=now - timedelta(days=settings.ORDER_AFTER_SALES_DAYS)
    )
    completed = 0
    for order_id in due.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            (order,) = lock_orders([order_id])
            if order.status != OrderStatus.DELIVERED or _has_open_refund(order):
                continue
            order_transition(order=order, to=OrderStatus.COMPLETED, by=None, now=now)
            _reward(order)
            completed += 1
    return completed


def _has_open_refund(order: StoreOrder) -> bool:
    """An after-sales request still being handled keeps the order open until it is settled."""
    return order.refunds.filter(status__in=OPEN_REFUND_STATUSES).exists()


def _reward(order: StoreOrder) -> None:
    """Points per yuan finally paid (the points rule), and the same yuan as growth toward member levels. A store's
    walk-in customer (a counter sale to nobody in particular, orders/pos/) earns nothing."""
    if is_walk_in(order.user):
        return
    kept = order.paid_amount - order.refunded_amount
    yuan = int(kept)
    points = yuan * points_rule().points_per_yuan
    if points > 0:
        points_earn(user=order.user, points=points, reference=order.order_no, store_id=order.store_id)
    if yuan > 0:
        growth_add(user=order.user, growth=yuan)
