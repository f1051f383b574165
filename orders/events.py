"""The one module that records what happens to store orders and their after-sales requests (Saleor's
order/events.py is the model): each event is an OrderEvent with a type of OrderEventType or RefundEventType, a
reason code of OrderReason where the system or a rule decided, and a person's own words where they typed some.
Nothing else creates an OrderEvent.

It also tells the people concerned, in the same transaction (marketplace.notifications): the shopper when their
order is paid, a parcel ships, the order is delivered, an after-sales request is decided or arbitrated; the store's
staff when an order is paid, when after-sales is asked for, taken to the platform, and ruled on by it. Each message
is keyed by its event, so it is sent once."""

from collections.abc import Iterable

from django.db.models import Model

from logistics.models import Carrier
from logistics.tracking import TrackingEvent
from marketplace.amounts import money_text
from marketplace.compiled import CompiledInsert
from marketplace.notifications.models import MessageKind
from marketplace.notifications.services import Notice, notify
from members.models import User
from orders.models import (
    OrderEvent,
    OrderEventType,
    OrderReason,
    Parcel,
    ParcelEvent,
    Refund,
    RefundEventType,
    StoreOrder,
)
from stores.selectors import store_staff

SHIPMENT_TYPES = (OrderEventType.PARCEL_SHIPPED, OrderEventType.PARTLY_SHIPPED, OrderEventType.SHIPPED)

# What the shopper is told of each decision on their after-sales request.
REFUND_DECISIONS = {
    RefundEventType.RETURN_ACCEPTED: MessageKind.REFUND_RETURN_ACCEPTED,
    RefundEventType.REJECTED: MessageKind.REFUND_REJECTED,
    RefundEventType.ARBITRATED_RETURN: MessageKind.REFUND_ARBITRATED_RETURN,
    RefundEventType.ARBITRATED_CLOSED: MessageKind.REFUND_ARBITRATED_CLOSED,
}
# What the store's staff are told of the platform's ruling (a refund it granted is a REFUNDED event, `arbitrated`).
STORE_RULINGS = {
    RefundEventType.ARBITRATED_RETURN: MessageKind.STORE_REFUND_GRANTED,
    RefundEventType.ARBITRATED_CLOSED: MessageKind.STORE_REFUND_REFUSED,
}


def order_created(*, orders: Iterable[StoreOrder], by: User) -> None:
    """The store orders of one submission, each waiting for payment."""
    _INSERT_EVENTS.insert(
        [
            _INSERT_EVENTS.new(order=order, type=OrderEventType.CREATED, to_status=order.status, by=by)
            for order in orders
        ]
    )


# Every submission's events: one prepared statement (decision 0036).
_INSERT_EVENTS = CompiledInsert(OrderEvent)


def order_status_changed(
    *,
    order: StoreOrder,
    type: OrderEventType,
    from_status: str,
    by: User | None,
    reason_code: OrderReason | str = "",
    reason: str = "",
    data: dict | None = None,
) -> OrderEvent:
    """A status change (orders.lifecycle.transitions, the one way a status changes). `type` is the new status, or
    what moved it there when that says more (paid, receipt confirmed, delivered by the carrier)."""
    event = _record(
        order,
        OrderEventType(type),
        by=by,
        from_status=from_status,
        to_status=order.status,
        reason_code=reason_code,
        reason=reason,
        data=data,
    )
    if type == OrderEventType.PAID:
        params = {"order_no": order.order_no, "amount": money_text(order.paid_amount)}
        notify(
            [
                _to_shopper(event, MessageKind.ORDER_PAID, params),
                *_to_staff(event, MessageKind.STORE_ORDER_PAID, params),
            ]
        )
    elif type in SHIPMENT_TYPES and data and "parcel" in data:
        _tell_shipped(event, data)
    elif type == OrderEventType.DELIVERED:
        notify([_to_shopper(event, MessageKind.ORDER_DELIVERED, {"order_no": order.order_no})])
    return event


def parcels_split(*, order: StoreOrder, parcels: Iterable[Model]) -> OrderEvent:
    return _record(order, OrderEventType.PARCELS_SPLIT, by=None, data={"parcels": [parcel.pk for parcel in parcels]})


def parcel_shipped(*, order: StoreOrder, by: User | None, shipment: dict) -> OrderEvent:
    """A parcel left while others of the order still wait, or after the order became partly shipped: the order's
    status stays (the change itself is recorded by order_status_changed, which tells the shopper the same way)."""
    event = _record(order, OrderEventType.PARCEL_SHIPPED, by=by, data=shipment)
    _tell_shipped(event, shipment)
    return event


def parcel_tracked(*, parcel: Parcel, tracking: Iterable[TrackingEvent]) -> None:
    """A parcel's own history: tracking events as its provider reported them, typed by logistics' TrackingStatus.
    Each is kept once (unique per parcel, status and time): two polls at once may both find an event new, and the
    unique index keeps one."""
    ParcelEvent.objects.bulk_create(
        [
            ParcelEvent(
                parcel=parcel,
                status=event.status.value,
                at=event.at,
                location=event.location[:100],
                description=event.description[:200],
            )
            for event in tracking
        ],
        ignore_conflicts=True,
    )


def receipt_confirmed(*, order: StoreOrder, by: User | None) -> OrderEvent:
    """Receipt confirmed of an order the carrier had already delivered (its status stays delivered)."""
    kind = OrderEventType.RECEIPT_CONFIRMED if by is not None else OrderEventType.RECEIPT_AUTO_CONFIRMED
    return _record(order, kind, by=by)


def voucher_redeemed(*, order: StoreOrder, by: User, data: dict) -> OrderEvent:
    """An e-voucher of the order was used in a store (data: the store, uses, their value and the line): the fact
    settlement credits the redeeming store from (decision 0038)."""
    return _record(order, OrderEventType.VOUCHER_REDEEMED, by=by, data=data)


def pickup_reminded(*, order: StoreOrder, deadline: str) -> OrderEvent:
    """The shopper of an uncollected pickup order is reminded of its code and of the day it will be cancelled."""
    event = _record(order, OrderEventType.PICKUP_REMINDED, by=None, data={"deadline": deadline})
    params = {"order_no": order.order_no, "store": order.store.name, "code": order.pickup_code, "deadline": deadline}
    notify([_to_shopper(event, MessageKind.PICKUP_WAITING, params)])
    return event


def payment_returned(*, order: StoreOrder, payment_no: str, refund_no: str, amount: str) -> OrderEvent:
    """A payment that came after the order was cancelled (or paid by another payment) goes back (decision 0014)."""
    return _record(
        order,
        OrderEventType.PAYMENT_RETURNED,
        by=None,
        data={"payment_no": payment_no, "refund_no": refund_no, "amount": amount},
    )


def refund_event(
    *,
    order: StoreOrder,
    refund: Refund,
    type: RefundEventType,
    by: User | None,
    reason: str = "",
    arbitrated: bool = False,
    **data,
) -> OrderEvent:
    """Something that happened to an after-sales request of `order`, on the order's timeline; `reason` is the
    person's own words (an operator's: the written ruling). The store's staff are told when one is asked for, taken
    to the platform, and ruled on; the shopper when the store or the platform decides it (`arbitrated`: the
    platform granted a refund)."""
    event = _record(
        order,
        RefundEventType(type),
        by=by,
        reason=reason,
        refund=refund,
        data={"refund": refund.refund_no, "amount": money_text(refund.amount), **data},
    )
    params = {
        "order_no": order.order_no,
        "refund_no": refund.refund_no,
        "refund_id": refund.pk,
        "amount": money_text(refund.amount),
    }
    if reason:
        params["reason"] = reason  # shown as typed beside the message's words (an operator's ruling too)
    if type == RefundEventType.REQUESTED:
        notify(_to_staff(event, MessageKind.STORE_REFUND_REQUESTED, params))
    elif type == RefundEventType.ESCALATED:
        notify(_to_staff(event, MessageKind.STORE_REFUND_ESCALATED, params))
    elif type == RefundEventType.REFUNDED:
        kind = MessageKind.REFUND_ARBITRATED_REFUNDED if arbitrated else MessageKind.REFUND_REFUNDED
        ruled = _to_staff(event, MessageKind.STORE_REFUND_GRANTED, params) if arbitrated else []
        notify([_to_shopper(event, kind, params), *ruled])
    elif type in REFUND_DECISIONS:
        # The platform's ruling is both sides' to read; the store's own decisions only the shopper's.
        ruled = _to_staff(event, STORE_RULINGS[type], params) if type in STORE_RULINGS else []
        notify([_to_shopper(event, REFUND_DECISIONS[type], params), *ruled])
    return event


def _record(
    order: StoreOrder,
    type: OrderEventType | RefundEventType,
    *,
    by: User | None,
    from_status: str = "",
    to_status: str = "",
    reason_code: OrderReason | str = "",
    reason: str = "",
    refund: Refund | None = None,
    data: dict | None = None,
) -> OrderEvent:
    return OrderEvent.objects.create(
        order=order,
        type=type,
        refund=refund,
        from_status=from_status,
        to_status=to_status,
        by=by,
        reason_code=OrderReason(reason_code) if reason_code else "",
        reason=reason,
        data=data or {},
    )


def _tell_shipped(event: OrderEvent, shipment: dict) -> None:
    code = shipment.get("carrier", "")
    params = {
        "order_no": event.order.order_no,
        "carrier": Carrier.objects.filter(code=code).values_list("name", flat=True).first() or code,
        "tracking_no": shipment.get("tracking_no", ""),
    }
    notify([_to_shopper(event, MessageKind.ORDER_SHIPPED, params)])


def _to_shopper(event: OrderEvent, kind: MessageKind, params: dict) -> Notice:
    return Notice(kind=kind, recipient_id=event.order.user_id, key=f"order_event:{event.pk}", params=params)


def _to_staff(event: OrderEvent, kind: MessageKind, params: dict) -> list[Notice]:
    """Every staff member of the order's store (a shopper who is also its staff gets both messages)."""
    store = event.order.store
    return [
        Notice(
            kind=kind,
            recipient_id=membership.user_id,
            key=f"order_event:{event.pk}:store",
            params=params,
            store_id=store.pk,
        )
        for membership in store_staff(store=store)
    ]
