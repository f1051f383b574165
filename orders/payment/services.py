"""Paying a trade: start a merged payment for its unpaid orders, then take the gateway's notification.

The notification is checked (its signature and fields by `payment_callback_simulated`, its amount by
`payment_succeeded`), kept once by its event id and applied once:
a duplicate, even one arriving at the same moment, finds the event row the first one inserted (the unique index
makes it wait for that transaction) and changes nothing. A share whose order can no longer be paid (cancelled
before the notification came) is sent back to the payer, once (`ReturnedPayment`, decision 0014): through the
outbox, after commit (orders/payment/gateway_refunds.py)."""

import json
from datetime import datetime
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.credit.services import OrderOnCredit, credit_hold
from companies.selectors import buying_company_id
from coupons.services.usage import coupon_consume
from marketplace.amounts import money_text
from marketplace.tasks import enqueue
from orders import events, tasks
from orders.checkout.services import new_number
from orders.exceptions import InvalidInput, InvalidTransition, NotFound
from orders.lifecycle.transitions import order_transition
from orders.locks import lock_orders, lock_payment
from orders.models import (
    COUNTER_PAYMENT_METHODS,
    Delivery,
    GatewayEvent,
    KeptPayment,
    OrderEventType,
    OrderStatus,
    Payment,
    PaymentShare,
    PaymentStatus,
    ReturnedPayment,
    StoreOrder,
    Trade,
)
from orders.payment.gateway_refunds import gateway_refund_put
from orders.payment.gateways import gateway
from orders.payment.methods import ON_CREDIT, STORED_VALUE, gateway_and_channel
from orders.payment.purposes import purpose_for
from orders.payment.serializers import SimulatedNotification
from orders.plays import play_for
from orders.pos.counter import counter_hand_over
from orders.service_goods import service_goods_paid

POS_CHANNEL = "pos"  # Trade.channel of a sale at a store's counter (orders/pos/)


@transaction.atomic
def payment_start(*, trade: Trade, method: str, now: datetime | None = None) -> Payment:
    """A payment of every unpaid order of the trade, one share per order, by `method`: a gateway, or a channel that
    a gateway settles (orders.payment.methods; the channel is recorded). Refused once nothing is left to pay or
    the payment time has run out (the sweep is about to cancel those orders), and for an unknown method."""
    now = now or timezone.now()
    on_credit = method == ON_CREDIT
    method, channel = (ON_CREDIT, "") if on_credit else gateway_and_channel(method)
    orders = [
        order
        for order in lock_orders(trade.orders.values_list("pk", flat=True))
        if order.status == OrderStatus.PENDING_PAYMENT
    ]
    if not orders:
        raise InvalidTransition(_("Nothing of this trade is waiting for payment."))
    if trade.expires_at <= now:
        raise InvalidTransition(_("The time to pay has run out."))
    # The gateway takes what stored value did not pay (every order of a trade paid the same way at submission).
    payment = Payment.objects.create(
        payment_no=new_number("P", now),
        trade=trade,
        method=method,
        channel=channel,
        amount=sum((order.payable - order.stored_value for order in orders), Decimal("0.00")),
    )
    shares = PaymentShare.objects.bulk_create(
        PaymentShare(payment=payment, order=order, amount=order.payable - order.stored_value) for order in orders
    )
    if not payment.amount:  # stored value paid it all: nothing for a gateway to take
        payment.method, payment.channel = STORED_VALUE, ""
        _mark_paid(payment, orders, {share.order_id: share for share in shares}, now)
    elif on_credit:  # the buyer's company's credit holds it, or nothing is paid (credit_limit_exceeded)
        company_id = buying_company_id(trade.user)
        credit_hold(
            company_id=company_id,
            amount=payment.amount,
            reference=payment.payment_no,
            by=trade.user,
            orders=[
                OrderOnCredit(share.order_id, share.order.order_no, share.order.store_id, share.amount)
                for share in shares
            ],
            now=now,
        )
        _mark_paid(payment, orders, {share.order_id: share for share in shares}, now)
    return payment


@transaction.atomic
def counter_payment_take(*, trade: Trade, method: str, now: datetime | None = None) -> Payment:
    """A counter sale (orders/pos/) paid at the counter by a way no gateway takes (`method`: cash, card, an account;
    orders.models.COUNTER_PAYMENT_METHODS) or wholly from stored value: its orders are paid and handed over at
    once. Only for a trade of the POS channel: nothing a shopper calls reaches this."""
    now = now or timezone.now()
    if trade.channel != POS_CHANNEL:
        raise InvalidTransition(_("Only a sale at a store's counter is paid at the counter."))
    orders = [
        order
        for order in lock_orders(trade.orders.values_list("pk", flat=True))
        if order.status == OrderStatus.PENDING_PAYMENT
    ]
    if not orders:
        raise InvalidTransition(_("Nothing of this trade is waiting for payment."))
    amount = sum((order.payable - order.stored_value for order in orders), Decimal("0.00"))
    payment = Payment.objects.create(
        payment_no=new_number("P", now),
        trade=trade,
        method=COUNTER_PAYMENT_METHODS[method] if amount else STORED_VALUE,
        amount=amount,
    )
    shares = PaymentShare.objects.bulk_create(
        PaymentShare(payment=payment, order=order, amount=order.payable - order.stored_value) for order in orders
    )
    _mark_paid(payment, orders, {share.order_id: share for share in shares}, now)
    return payment


@transaction.atomic
def payment_succeeded(
    *, gateway: str, event_id: str, payment_no: str, amount: Decimal, payload: dict, now: datetime | None = None
) -> Payment:
    """Apply a gateway's 'paid' notification: the orders of the payment's shares become paid and their coupons
    used. A wrong amount is refused (400); an event seen before returns the payment unchanged."""
    now = now or timezone.now()
    if not _first_sighting(gateway, event_id, payment_no, payload):
        return Payment.objects.get(payment_no=payment_no)
    payment = lock_payment(payment_no)
    if payment is None:
        raise NotFound(_("No such payment."))
    if amount != payment.amount:
        raise InvalidInput(
            _("The amount paid does not match the payment."), fields={"amount": [money_text(payment.amount)]}
        )
    if payment.status == PaymentStatus.SUCCEEDED:
        return payment  # the same payment told again under another event id
    if payment.purpose:
        return _purpose_paid(payment, now)
    shares = {share.order_id: share for share in payment.shares.all()}
    orders = lock_orders(shares)
    # Real gateways notify late: an order cancelled meanwhile (or paid by another payment) cannot take its share,
    # which goes back to the payer; the others are paid as usual (decision 0014).
    for order in orders:
        if order.status != OrderStatus.PENDING_PAYMENT:
            _return_share(shares[order.pk], order, now)
    payable = [order for order in orders if order.status == OrderStatus.PENDING_PAYMENT]
    _mark_paid(payment, payable, shares, now)
    return payment


@transaction.atomic
def purpose_payment_start(
    *, purpose: str, ref: int, payer, amount: Decimal, method: str, now: datetime | None = None
) -> Payment:
    """A payment that is no order's (orders.payment.purposes): `amount` from `payer` for the purpose's row `ref`,
    by `method` as a trade's payment is; the gateway's notification tells the purpose."""
    now = now or timezone.now()
    purpose_for(purpose)  # an unknown purpose is refused before anything is written
    method, channel = gateway_and_channel(method)
    if method == STORED_VALUE or amount <= 0:
        raise InvalidInput(_("Pay this through a payment gateway."), fields={"method": [method]})
    return Payment.objects.create(
        payment_no=new_number("P", now),
        purpose=purpose,
        purpose_ref=ref,
        payer=payer,
        method=method,
        channel=channel,
        amount=amount,
    )


def _purpose_paid(payment: Payment, now: datetime) -> Payment:
    """The notification of a purpose's payment (locked by the caller): the purpose takes the money, or it goes
    back whole."""
    payment.status, payment.succeeded_at = PaymentStatus.SUCCEEDED, now
    payment.save(update_fields=["status", "succeeded_at"])
    if not purpose_for(payment.purpose).paid(payment=payment, now=now):
        payment_return(payment=payment, reason="not_taken", now=now)
    return payment


def payment_return(*, payment: Payment, reason: str, now: datetime | None = None) -> ReturnedPayment:
    """In the caller's transaction: give a purpose's succeeded payment back whole through its gateway, once (a
    second call returns the first ReturnedPayment; the caller holds the purpose's row lock)."""
    now = now or timezone.now()
    if not payment.purpose or payment.status != PaymentStatus.SUCCEEDED:
        raise InvalidTransition(_("Only a succeeded payment that is no order's is given back whole."))
    lock_payment(payment.payment_no)
    if KeptPayment.objects.filter(payment=payment).exists():
        raise InvalidTransition(_("This payment was kept for a store: it cannot be given back."))
    returned = ReturnedPayment.objects.filter(payment=payment).first()
    if returned is None:
        returned = ReturnedPayment.objects.create(
            refund_no=new_number("RP", now), payment=payment, amount=payment.amount, reason=reason[:30]
        )
        gateway_refund_put(payment=payment, amount=returned.amount, refund_no=returned.refund_no, returned_payment=True)
    return returned


def payment_keep(*, payment: Payment, store_id: int, reason: str, now: datetime | None = None) -> KeptPayment:
    """In the caller's transaction: a purpose's succeeded payment is kept for the store (a forfeited deposit),
    which settlement credits on its next bill. Once: a second call returns the first KeptPayment. A payment given
    back cannot be kept (the caller holds the purpose's row lock; the payment's is taken here too)."""
    now = now or timezone.now()
    if not payment.purpose or payment.status != PaymentStatus.SUCCEEDED:
        raise InvalidTransition(_("Only a succeeded payment that is no order's can be kept for a store."))
    lock_payment(payment.payment_no)
    if ReturnedPayment.objects.filter(payment=payment).exists():
        raise InvalidTransition(_("This payment was given back: it cannot be kept for a store."))
    kept, _created = KeptPayment.objects.get_or_create(
        payment=payment,
        defaults={"store_id": store_id, "amount": payment.amount, "reason": reason[:30], "kept_at": now},
    )
    return kept


def payment_callback_simulated(*, body: bytes, signature: str) -> Payment:
    """Take a notification of the simulated gateway: its signature over the raw body checked, its JSON read, then
    applied by `payment_succeeded`. The callback API and the gateway's page in development both come here."""
    if not gateway("simulated").verify(body=body, signature=signature):
        raise InvalidInput(_("Bad signature."), fields={"signature": [_("Does not match the body.")]})
    try:
        payload = json.loads(body)
    except ValueError:
        raise InvalidInput(_("The body is not JSON.")) from None
    notification = SimulatedNotification(data=payload)
    notification.is_valid(raise_exception=True)
    values = notification.validated_data
    return payment_succeeded(
        gateway="simulated",
        event_id=values["event_id"],
        payment_no=values["payment_no"],
        amount=values["amount"],
        payload=payload,
    )


def _return_share(share: PaymentShare, order: StoreOrder, now: datetime) -> None:
    """Send `share` back in full, once: the row is written now, with the outbox row that sends it to the gateway
    after commit; the gateway's answer marks it sent."""
    if not share.amount:
        return  # nothing came through the gateway for it (stored value is given back by the cancellation)
    returned = ReturnedPayment.objects.create(
        refund_no=new_number("RP", now), share=share, amount=share.amount, reason=order.status
    )
    events.payment_returned(
        order=order,
        payment_no=share.payment.payment_no,
        refund_no=returned.refund_no,
        amount=money_text(returned.amount),
    )
    gateway_refund_put(
        payment=share.payment, amount=returned.amount, refund_no=returned.refund_no, returned_payment=True
    )


def _mark_paid(payment: Payment, orders, shares: dict, now: datetime) -> None:
    """The payment's orders (row-locked by the caller, each waiting for payment) become paid, their coupons used,
    their split queued; the payment has succeeded, even if none of its orders could take its money."""
    for order in orders:
        order.paid_amount = shares[order.pk].amount + order.stored_value
        order_transition(
            order=order,
            to=OrderStatus.PAID,
            by=None,
            event=OrderEventType.PAID,
            data={"payment_no": payment.payment_no, "amount": money_text(order.paid_amount)},
            now=now,
            also=("paid_amount",),
        )
        coupon_consume(order_no=order.order_no, order_amount=order.paid_amount, now=now)
        service_goods_paid(order=order, now=now)  # e-vouchers issued (orders/service_goods.py)
        if order.delivery == Delivery.COUNTER:
            counter_hand_over(order=order, now=now)  # the customer takes the goods at the counter (orders/pos/)
        elif order.play_kind and not play_for(order.play_kind).paid(order=order, now=now):
            order.shipping_held = True  # its play lets it ship later (orders.shipping.services.shipping_release)
            order.save(update_fields=["shipping_held"])
        else:
            enqueue(tasks.split_shipments, order.pk)  # the second split, once the payment is committed
    trade = payment.trade
    if orders:
        paid = sum((order.paid_amount for order in orders), Decimal(0))
        coupon_consume(trade_no=trade.trade_no, order_amount=paid, now=now)
    payment.status, payment.succeeded_at = PaymentStatus.SUCCEEDED, now
    payment.save(update_fields=["status", "succeeded_at", "method", "channel"])


def _first_sighting(gateway: str, event_id: str, payment_no: str, payload: dict) -> bool:
    """Insert the event row unless it exists: True the first time this event is seen."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {GatewayEvent._meta.db_table} (gateway, event_id, payment_no, payload, received_at)
            VALUES (%s, %s, %s, %s::jsonb, now()) ON CONFLICT (gateway, event_id) DO NOTHING""",
            [gateway, event_id, payment_no, json.dumps(payload, ensure_ascii=False)],
        )
        return cursor.rowcount == 1
