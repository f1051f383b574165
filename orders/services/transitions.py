"""The one way an order's status changes: checked against ORDER_TRANSITIONS, stamped, recorded as an event."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User
from orders.exceptions import InvalidTransition
from orders.models import OrderEvent, OrderStatus, StoreOrder

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
    reason: str = "",
    event: str = "",
    data: dict | None = None,
    now: datetime | None = None,
    also: tuple[str, ...] = (),
) -> StoreOrder:
    """Move `order` to `to` and record who and why. The caller holds the order's row lock (orders.locks) and
    saves any other fields it changed by naming them in `also`."""
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
    OrderEvent.objects.create(
        order=order, type=event or to, from_status=previous, to_status=to, by=by, reason=reason, data=data or {}
    )
    return order


def order_event_record(*, order: StoreOrder, type: str, by: User | None, reason: str = "", **data) -> OrderEvent:
    """Something done to an order that does not change its status (a parcel shipped, a refund asked for)."""
    return OrderEvent.objects.create(order=order, type=type, by=by, reason=reason, data=data)
