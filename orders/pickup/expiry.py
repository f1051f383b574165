"""Uncollected pickup orders (docs/decisions/0037): reminded once after PICKUP_REMIND_AFTER_DAYS, refunded in full
(and so closed, their reserved stock back on the store's shelf) after PICKUP_CANCEL_AFTER_DAYS. The hourly sweep
runs both; each order is its own transaction under its row lock, so a second or concurrent run does nothing more."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from orders import events
from orders.aftersales import services as aftersales  # a module: aftersales imports orders.tasks, which imports this
from orders.locks import lock_orders
from orders.models import Delivery, OrderStatus, RefundReason, StoreOrder

SWEEP_LIMIT = 500  # orders per kind per run; the next hour takes the rest


def uncollected(*, now: datetime, days: int):
    """Paid pickup orders waiting at least `days` since payment."""
    return StoreOrder.objects.filter(
        delivery=Delivery.PICKUP, status=OrderStatus.PAID, paid_at__lte=now - timedelta(days=days)
    )


def pickup_deadline(order: StoreOrder) -> datetime:
    return order.paid_at + timedelta(days=settings.PICKUP_CANCEL_AFTER_DAYS)


@transaction.atomic
def pickup_remind(*, order_id: int, now: datetime | None = None) -> bool:
    """Remind the shopper once (the row lock and `pickup_reminded_at` make a second run, or a concurrent one, a
    no-op). False when there was nothing to do."""
    locked = lock_orders([order_id])
    if not locked:
        return False
    (order,) = locked
    if order.status != OrderStatus.PAID or order.delivery != Delivery.PICKUP or order.pickup_reminded_at:
        return False
    order.pickup_reminded_at = now or timezone.now()
    order.save(update_fields=["pickup_reminded_at"])
    events.pickup_reminded(order=order, deadline=pickup_deadline(order).isoformat())
    return True


@transaction.atomic
def pickup_expire(*, order_id: int, now: datetime | None = None) -> bool:
    """Give an uncollected order's money back in full, closing it (the goods were never handed over: its stock
    comes back with the refund). A second run finds it closed and does nothing."""
    order = StoreOrder.objects.filter(pk=order_id, delivery=Delivery.PICKUP).first()
    if order is None:
        return False
    refund = aftersales.refund_in_full(order=order, reason_code=RefundReason.PICKUP_UNCOLLECTED, reason="", now=now)
    return refund is not None


def pickup_sweep(*, now: datetime | None = None) -> dict:
    """Hourly: refund the orders waiting PICKUP_CANCEL_AFTER_DAYS, then remind the shoppers of those waiting
    PICKUP_REMIND_AFTER_DAYS. Each order in its own transaction, so one failure leaves the rest done."""
    now = now or timezone.now()
    expiring = uncollected(now=now, days=settings.PICKUP_CANCEL_AFTER_DAYS)
    expired = sum(pickup_expire(order_id=order_id, now=now) for order_id in _ids(expiring))
    due = uncollected(now=now, days=settings.PICKUP_REMIND_AFTER_DAYS).filter(pickup_reminded_at__isnull=True)
    reminded = sum(pickup_remind(order_id=order_id, now=now) for order_id in _ids(due))
    return {"reminded": reminded, "expired": expired}


def _ids(orders) -> list[int]:
    return list(orders.order_by("pk").values_list("pk", flat=True)[:SWEEP_LIMIT])
