"""The one way an order's status changes: checked against ORDER_TRANSITIONS, stamped, recorded as an event
(orders/events.py)."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User
from orders import events
from orders.exceptions import InvalidTransition
from orders.models import OrderEventType, OrderReason, OrderStatus, StoreOrder

# The time stamp each status sets when an order reaches it.
STAMPS = {
    OrderStatus.PAID: "paid_at",
    OrderStatus.SHIPPED: "shipped_at",
    OrderStatus.DELIVERED: "delivered_at",
    OrderStatus.COMPLETED: "completed_at",
    OrderStatus.CANCELLED: "cancelled_at",
}


def order_transition(
    *,
    order: StoreOrder,
    to: str,
    by: User | None,
    reason_code: OrderReason | str = "",
    reason: str = "",
    event: OrderEventType | None = None,
    data: dict | None = None,
    now: datetime | None = None,
    also: tuple[str, ...] = (),
) -> StoreOrder:
    """Move `order` to `to` and record who and why: `reason_code` where a rule decided, `reason` in a person's
    words. `event` names what moved it when that says more than the status (paid, delivered by the carrier). The
    caller holds the order's row lock (orders.locks) and saves any other fields it changed by naming them in
    `also`."""
    if not order.can_become(to):
        raise InvalidTransition(
            _("An order that is %(status)s cannot become %(to)s.")
            % {"status": order.get_status_display(), "to": OrderStatus(to).label},
            fields={"status": [order.status]},
        )
    now = now or timezone.now()
    previous, order.status = order.status, to
    fields = ["status", *also]
    if to in STAMPS:
        setattr(order, STAMPS[to], now)
        fields.append(STAMPS[to])
    order.save(update_fields=fields)
    events.order_status_changed(
        order=order,
        type=event or OrderEventType(to),
        from_status=previous,
        by=by,
        reason_code=reason_code,
        reason=reason,
        data=data,
    )
    return order
