"""The store's counter (POS, 收银台, seed 004 section 5): a clerk sells goods to a member or a walk-in customer,
priced by the same engine as online checkout, paid by a way the store takes, handed over at once.

A counter sale is a normal trade (channel "pos") with its store order and lines, written by the same functions as
online submission (orders.checkout.services): the same snapshot, apportioned discounts, reservation in the store's
warehouses (chosen as for any order the store sells) and events; `StoreOrder.sold_by` names the clerk and its
delivery is `counter`. Payment then goes through the payment center: cash, card and the store's accounts are taken
at the counter (`counter_payment_take`), a QR code through the gateway (`payment_start`, then its notification);
either way the paid order is handed over in the payment's transaction (orders.pos.counter): the reservation becomes
a sale and the order is delivered, so completion, points, settlement and reports treat it as any delivered order.

Locks, in the order online submission takes them: the member's submission lock (promotions' per-member limits),
stock rows (SKU order), the member's row (stored value), then the account's row (its conditional UPDATE)."""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Sku
from marketplace.amounts import money_text
from members.models import User
from members.services.stored_value import InsufficientStoredValue, stored_value_spend
from orders import events
from orders.aftersales.services import RefundLineRequest, refund_approve, refund_receive_return, refund_request
from orders.checkout.first_split import split_store
from orders.checkout.services import (
    Receiver,
    create_orders,
    member_submissions_one_at_a_time,
    new_number,
    refuse_invalid_lines,
    reserve_stock,
    with_gift_skus,
    without_gifts_out_of_stock,
)
from orders.exceptions import InvalidInput, NotFound, PosRefused
from orders.locks import lock_orders
from orders.models import (
    CounterMethod,
    CounterTender,
    OrderStatus,
    Payment,
    PosSettings,
    Refund,
    RefundKind,
    RefundReason,
    StoreOrder,
    Trade,
)
from orders.payment.gateways import gateway
from orders.payment.methods import channels
from orders.payment.services import POS_CHANNEL, counter_payment_take, payment_start
from orders.pos.accounts import ACCOUNT_KIND_OF, account_charge
from orders.pos.customers import walk_in_customer
from orders.pricing import LineRequest, PricedCart, price_lines
from promotions import pricing
from promotions.pricing import promotions_of
from promotions.services import promotion_uses_record
from stores.models import Store

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class PosLine:
    sku_id: int
    quantity: int


@dataclass(frozen=True)
class Tender:
    """How the customer pays: `method` (CounterMethod) and what it needs: the cash tendered, a card terminal's
    reference, the account charged, the QR code's channel (one of the payment channels offered)."""

    method: str
    tendered: Decimal | None = None
    reference: str = ""
    account_id: int | None = None
    qr_channel: str = ""


@dataclass(frozen=True)
class PosSale:
    trade: Trade
    orders: list[StoreOrder]
    payment: Payment
    method: str
    change: Decimal | None = None
    pay_url: str | None = None  # a QR code's payment: where the customer's phone pays it


def pos_settings_of(*, store: Store) -> PosSettings:
    """The store's counter settings, or the defaults (cash and card) when the owner never saved any."""
    return PosSettings.objects.filter(store=store).first() or PosSettings(store=store)


@transaction.atomic
def pos_settings_update(*, store: Store, methods: dict[str, bool]) -> PosSettings:
    """The owner chooses the ways the counter takes (at least one)."""
    if not any(methods.get(method, False) for method in CounterMethod.values):
        message = _("The counter must take at least one way of paying.")
        raise InvalidInput(message, fields={"methods": [message]})
    found, _created = PosSettings.objects.update_or_create(
        store=store, defaults={method: bool(methods.get(method, False)) for method in CounterMethod.values}
    )
    return found


def pos_price(
    *, store: Store, member: User | None, lines: list[PosLine], now: datetime, stored_value: Decimal = ZERO
) -> PricedCart:
    """The lines as the store sells them, priced by the engine exactly as an online order of the same lines from
    this store: the store's own SKUs, or HQ's it lists at its own stock and price (docs/decisions/0037); the member's
    level price and the live promotions, apportioned. No coupons and no points at the counter. A SKU the store
    neither owns nor lists is off shelf here (another store's goods are never sold). One query more than pricing."""
    owners = dict(Sku.objects.filter(pk__in=[line.sku_id for line in lines]).values_list("pk", "store_id"))
    requests = [
        LineRequest(line.sku_id, line.quantity, seller_id=None if owners.get(line.sku_id) == store.pk else store.pk)
        for line in lines
    ]
    return price_lines(
        user=member,
        lines=requests,
        now=now,
        # The engine knows no counter channel yet: the counter prices as the website does (decision 0040).
        channel=pricing.Channel.WEB,
        coupons=(),
        chosen_coupons=(),
        stored_value=stored_value,
    )


@transaction.atomic
def pos_sale(
    *,
    store: Store,
    clerk: User,
    lines: list[PosLine],
    member: User | None,
    tender: Tender,
    idempotency_key: str = "",
    now: datetime | None = None,
) -> PosSale:
    """Sell `lines` at the store's counter to `member` (or the walk-in customer) and take the payment: paid and
    handed over at once, or for a QR code waiting for the gateway. Refusals change nothing: a way the store does not
    take (`pos_method_disabled`), cash short of the amount due (`pos_tendered_short`), an account over its limit
    (`pos_credit_limit_reached`), stored value short (`insufficient_stored_value`), short stock
    (`insufficient_stock`). The same `idempotency_key` again (a double tap) returns the first sale."""
    now = now or timezone.now()
    method = tender.method
    if not pos_settings_of(store=store).takes(method):
        raise PosRefused("pos_method_disabled")
    if method == CounterMethod.STORED_VALUE and member is None:
        raise PosRefused("pos_member_required")
    customer = member or walk_in_customer(store=store)
    if member is not None:
        member_submissions_one_at_a_time(member)
    if idempotency_key:
        earlier = _earlier_sale(store, customer, idempotency_key)
        if earlier is not None:
            return earlier
    if not lines:
        raise InvalidInput(_("Nothing to sell."), fields={"lines": [_("Add goods first.")]})
    balance = member.stored_value_balance if method == CounterMethod.STORED_VALUE else ZERO
    priced = pos_price(store=store, member=member, lines=lines, now=now, stored_value=balance)
    unknown = sorted(_unknown(lines, priced))
    if unknown:
        raise InvalidInput(_("Unknown SKU."), fields={"lines": [{"sku": unknown[0], "reason": "unknown"}]})
    refuse_invalid_lines(priced)
    breakdown = priced.breakdown
    due = breakdown.payable - breakdown.stored_value.used
    change = _checked_tender(tender, breakdown.payable, due)

    trade = Trade.objects.create(
        trade_no=new_number("T", now),
        user=customer,
        payable=breakdown.payable,
        stored_value=breakdown.stored_value.used,
        channel=POS_CHANNEL,
        expires_at=now + timedelta(minutes=settings.ORDER_PAYMENT_TIMEOUT_MINUTES),
        idempotency_key=idempotency_key,
        request_digest=_digest(store, idempotency_key),
    )
    skus = with_gift_skus(priced)
    parts = [
        without_gifts_out_of_stock(part, skus)
        for part_store in breakdown.stores
        if part_store.valid_lines
        for part in split_store(part_store, cross_border=store.cross_border)
    ]
    warehouses = reserve_stock(parts, reference=trade.trade_no, user=clerk)
    orders = create_orders(trade, parts, {store.pk: store}, _receiver(store, member), skus, warehouses, "", now)
    StoreOrder.objects.filter(pk__in=[order.pk for order in orders]).update(sold_by=clerk)
    for order in orders:
        order.sold_by = clerk
    if member is not None:  # a walk-in customer is nobody: per-member limits do not count them
        uses = [(pid, o.order_no) for part, o in zip(parts, orders, strict=True) for pid in promotions_of(part.lines)]
        promotion_uses_record(user=member, uses=uses)
    if breakdown.stored_value.used:
        stored_value_spend(user=member, amount=breakdown.stored_value.used, reference=trade.trade_no)
    events.order_created(orders=orders, by=clerk)

    if method == CounterMethod.QR:
        payment = payment_start(trade=trade, method=tender.qr_channel or channels()[0], now=now)
        return PosSale(trade, orders, payment, method, pay_url=gateway(payment.method).pay_url(payment))
    payment = counter_payment_take(trade=trade, method=method, now=now)
    account = None
    if method in ACCOUNT_KIND_OF:
        account = account_charge(
            store=store,
            account_id=tender.account_id,
            method=method,
            amount=payment.amount,
            reference=payment.payment_no,
            by=clerk,
        )
    if method != CounterMethod.STORED_VALUE:
        CounterTender.objects.create(
            payment=payment,
            method=method,
            tendered=tender.tendered if method == CounterMethod.CASH else None,
            change=change,
            reference=tender.reference if method == CounterMethod.CARD else "",
            account=account,
        )
    return PosSale(trade, _reloaded(orders), payment, method, change=change)


def _unknown(lines: list[PosLine], priced: PricedCart) -> set[int]:
    return {line.sku_id for line in lines} - set(priced.skus)


def _checked_tender(tender: Tender, payable: Decimal, due: Decimal) -> Decimal | None:
    """What each way needs, checked before anything is written; the change of cash, to the cent."""
    method = tender.method
    if method == CounterMethod.STORED_VALUE and due > 0:
        raise InsufficientStoredValue(
            _("The member's stored value does not cover %(amount)s.") % {"amount": money_text(payable)},
            fields={"amount": [money_text(payable)]},
        )
    if method == CounterMethod.CASH:
        if tender.tendered is None or tender.tendered < due:
            raise PosRefused("pos_tendered_short")
        return tender.tendered - due
    if method == CounterMethod.CARD and not tender.reference.strip():
        message = _("Type the card terminal's reference.")
        raise InvalidInput(message, fields={"reference": [message]})
    if method in ACCOUNT_KIND_OF and tender.account_id is None:
        message = _("Choose the customer's account.")
        raise InvalidInput(message, fields={"account": [message]})
    if method == CounterMethod.QR and tender.qr_channel and tender.qr_channel not in channels():
        message = _("Choose one of the payment channels offered.")
        raise InvalidInput(message, fields={"qr_channel": [message]})
    return None


def _receiver(store: Store, member: User | None) -> Receiver:
    """The customer took the goods at the store: its address, and the member's name and phone when there is one."""
    if member is None:
        return Receiver(_("Walk-in customer"), "", store.region_id, store.address, counter=True)
    name = member.get_full_name() or member.get_username()
    return Receiver(name[:50], member.phone, store.region_id, store.address, counter=True)


def _digest(store: Store, key: str) -> str:
    return hashlib.sha256(f"pos:{store.pk}:{key}".encode()).hexdigest() if key else ""


def _earlier_sale(store: Store, customer: User, key: str) -> PosSale | None:
    """The sale a key already made at this store (a double tap), under an advisory lock on the key."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"pos_sale:{store.pk}:{key}"])
    trade = Trade.objects.filter(user=customer, idempotency_key=key, request_digest=_digest(store, key)).first()
    if trade is None:
        return None
    payment = trade.payments.order_by("-id").first()
    tender = CounterTender.objects.filter(payment=payment).first()
    method = tender.method if tender else CounterMethod.STORED_VALUE if not payment.amount else CounterMethod.QR
    return PosSale(trade, list(trade.orders.all()), payment, method, change=tender.change if tender else None)


def _reloaded(orders: list[StoreOrder]) -> list[StoreOrder]:
    return list(StoreOrder.objects.filter(pk__in=[order.pk for order in orders]).order_by("pk"))


@transaction.atomic
def pos_refund(*, store: Store, trade_no: str, by: User, reason: str = "", now: datetime | None = None) -> list[Refund]:
    """The customer brings a counter sale back: a staff member of the selling store refunds it in full through
    after-sales (a return, accepted and received at once): the goods go back on the store's shelf, the money back
    the way it came (cash or card handed back at the counter, the account owes less, stored value and the gateway's
    part as for any refund), and the order is closed. Another store's sale is not found."""
    now = now or timezone.now()
    found = StoreOrder.objects.filter(store=store, trade__trade_no=trade_no, sold_by__isnull=False)
    order_ids = list(found.values_list("pk", flat=True))
    if not order_ids:
        raise NotFound()
    words = reason.strip() or _("Returned at the store's counter")
    refunds = []
    for order in lock_orders(order_ids):
        if order.status != OrderStatus.DELIVERED or order.refunds.exclude(status__in=["refunded", "closed"]).exists():
            raise PosRefused("pos_not_refundable")
        wanted = [
            RefundLineRequest(line.pk, line.quantity - line.refunded_quantity)
            for line in order.lines.all()
            if line.quantity > line.refunded_quantity
        ]
        refund = refund_request(
            order=order,
            user=by,
            kind=RefundKind.RETURN_REFUND,
            lines=wanted,
            reason_code=RefundReason.OTHER,
            reason=words,
            now=now,
        )
        refund_approve(refund=refund, by=by, now=now)
        refunds.append(refund_receive_return(refund=refund, by=by, now=now))
    return refunds


@dataclass(frozen=True)
class QuoteLine:
    sku: int
    title: str
    specs: dict
    quantity: int
    unit_price: Decimal
    amount: Decimal
    discount: Decimal
    payable: Decimal
    gift: bool
    valid: bool
    reason: str


@dataclass(frozen=True)
class Quote:
    lines: list[QuoteLine]
    subtotal: Decimal
    discount: Decimal
    payable: Decimal


def pos_quote(*, store: Store, member: User | None, lines: list[PosLine], now: datetime | None = None) -> Quote:
    """What the lines cost at the counter now, as the page shows them while the clerk adds goods (nothing held)."""
    priced = pos_price(store=store, member=member, lines=lines, now=now or timezone.now())
    breakdown = priced.breakdown
    off = sorted({line.sku for line in breakdown.lines if line.reason == "off_shelf"} | _unknown(lines, priced))
    if off:  # goods the store does not sell (another store's, or taken off the shelf) are named, never shown
        raise InvalidInput(
            _("The store does not sell this SKU."), fields={"lines": [{"sku": off[0], "reason": "off_shelf"}]}
        )
    skus = with_gift_skus(priced)
    return Quote(
        lines=[
            QuoteLine(
                sku=line.sku,
                title=skus[line.sku].spu.title,
                specs=skus[line.sku].specs,
                quantity=line.quantity,
                unit_price=line.unit_price,
                amount=line.amount,
                discount=line.discount,
                payable=line.payable,
                gift=line.gift,
                valid=line.valid,
                reason=line.reason,
            )
            for line in breakdown.lines
        ],
        subtotal=breakdown.subtotal,
        discount=breakdown.discount,
        payable=breakdown.payable,
    )
