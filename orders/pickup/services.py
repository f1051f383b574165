"""Store pickup (自提, docs/decisions/0037): an order collected at the counter of the store that sells it.

At checkout the shopper names a pickup store that offers pickup and sells every line (its listings, or its own
goods): no freight is charged, the order is that store's, and it gets a pickup code. After payment the order waits
at the store (it is never split into parcels); the clerk types or scans the code, which moves it to delivered.
A pickup order nobody collects is reminded after PICKUP_REMIND_AFTER_DAYS and refunded in full (closed) after
PICKUP_CANCEL_AFTER_DAYS, by the hourly sweep (orders/pickup/expiry.py)."""

import secrets
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from catalog.services.stock import StockLine, stock_commit
from members.models import User
from orders.exceptions import PickupRefused
from orders.lifecycle.transitions import order_transition
from orders.locks import lock_orders
from orders.models import Delivery, OrderEventType, OrderStatus, StoreOrder
from promotions.pricing import CartBreakdown
from stores.models import Store

PICKUP_CODE_DIGITS = 8  # 10^8 codes: short enough to read out at the counter, too many to guess


def pickup_code_new() -> str:
    """A random code no order has yet (the unique constraint stands behind the look)."""
    while True:
        code = f"{secrets.randbelow(10**PICKUP_CODE_DIGITS):0{PICKUP_CODE_DIGITS}d}"
        if not StoreOrder.objects.filter(pickup_code=code).exists():
            return code


def pickup_store_check(*, store_id: int, breakdown: CartBreakdown) -> Store:
    """The pickup store a checkout names: active, offering pickup, and the seller of every line it orders."""
    store = Store.objects.active().filter(pk=store_id, offers_pickup=True).first()
    sellers = {part.store for part in breakdown.stores if part.valid_lines}
    if store is None or sellers - {store.pk}:
        raise PickupRefused("pickup_unavailable")
    return store


def pickup_order_of(*, code: str) -> StoreOrder:
    order = StoreOrder.objects.filter(delivery=Delivery.PICKUP, pickup_code=code.strip()).first()
    if order is None:
        raise PickupRefused("pickup_code_unknown")
    return order


@transaction.atomic
def pickup_collect(*, store: Store, code: str, by: User, now: datetime | None = None) -> StoreOrder:
    """The clerk hands the order over: the code must be a paid, uncollected pickup order of the clerk's store.
    Under the order's row lock, so two clerks scanning the same code at once collect it once."""
    found = pickup_order_of(code=code)
    if found.store_id != store.pk:
        raise PickupRefused("pickup_wrong_store")
    (order,) = lock_orders([found.pk])
    if order.collected_at is not None:
        raise PickupRefused("pickup_already_collected")
    if order.status != OrderStatus.PAID:
        raise PickupRefused("pickup_not_collectable")
    now = now or timezone.now()
    handed = [
        StockLine(line.sku_id, line.quantity - line.refunded_quantity, warehouse_id=line.warehouse_id)
        for line in order.lines.all()
        if line.quantity > line.refunded_quantity
    ]
    if handed:  # the goods leave the store's shelf: its reservation becomes a sale
        stock_commit(lines=handed, reference=order.order_no, by=by)
    order.collected_at = now
    return order_transition(
        order=order,
        to=OrderStatus.DELIVERED,
        by=by,
        event=OrderEventType.PICKED_UP,
        now=now,
        also=("collected_at",),
    )
