"""The moment a counter sale is paid (orders/pos/): the customer takes the goods. Called by the payment's
transaction (orders.payment.services._mark_paid) for an order whose delivery is `counter`, whichever way it was
paid: at once for cash, card, an account or stored value, when the gateway's notification comes for a QR code.

Kept apart from orders.pos.services, which starts payments: the payment service imports this module, and this
module imports no payment code."""

from datetime import datetime

from catalog.services.stock import StockLine, stock_commit
from orders.lifecycle.transitions import order_transition
from orders.models import OrderEventType, OrderStatus, StoreOrder
from orders.service_goods import service_line_ids


def counter_hand_over(*, order: StoreOrder, now: datetime) -> StoreOrder:
    """The paid counter order (row-locked by the caller) is handed over: its reservation in the store's warehouse
    becomes a sale (no online reservation period, no parcels) and it is delivered, so the usual completion job
    completes it after the after-sales window and awards its points as for any order. Service lines (e-vouchers)
    left stock when they were issued."""
    lines = list(order.lines.all())
    services = service_line_ids(lines)
    handed = [
        StockLine(line.sku_id, line.quantity, warehouse_id=line.warehouse_id)
        for line in lines
        if line.pk not in services
    ]
    if handed:
        stock_commit(lines=handed, reference=order.order_no, by=order.sold_by)
    return order_transition(
        order=order, to=OrderStatus.DELIVERED, by=order.sold_by, event=OrderEventType.HANDED_OVER, now=now
    )
