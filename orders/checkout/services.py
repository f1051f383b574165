"""Order submission (下单): one transaction turns a checkout into a trade and its store orders, or leaves nothing.

Inside it, in this order (the lock order every writer of these rows keeps, so concurrent orders cannot
deadlock): the member's idempotency lock, pricing (reads only), the member's flash-sale holds, stock rows (SKU
order, catalog's service), SPU rows, the member's coupons (pk order), the member's row (points). A failure
anywhere rolls all of it back.

The stock and SPU rows are the hot ones (every buyer of a popular SKU queues for them), so they are taken as late
as that order allows: the trade, its orders, lines, discounts, promotion uses and events are written first, the
lines naming the warehouse the pricing read found best; then the stock is reserved (the warehouses chosen again
under the locks; a line whose warehouse changed meanwhile is corrected); then only the member's own rows (coupons,
points, stored value), when the order uses them, before the commit.
"""

import hashlib
import json
import secrets
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.exceptions import InsufficientStock
from catalog.models import Sku
from catalog.selectors import picture_url
from catalog.services.stock import StockLine, stock_reserve
from companies.deals.services import deal_ordered
from companies.exceptions import below_minimum
from coupons.exceptions import CouponUnavailable
from coupons.holders import CouponHolderKind
from coupons.selectors import coupon_holders
from coupons.services.usage import coupon_lock
from flashsales.services import flash_holds_consume
from marketplace.amounts import money_text
from marketplace.compiled import CompiledInsert, CompiledRead
from marketplace.money import apportion
from members.models import Address, User
from members.services.points import points_spend
from members.services.stored_value import stored_value_spend
from orders import events
from orders.checkout.first_split import OrderPart, split_store
from orders.checkout.preview import AUTO, CheckoutRequest, address_for_checkout, checkout_price
from orders.exceptions import IdempotencyConflict, InvalidInput, PriceChanged
from orders.lifecycle.cancellation import order_cancel
from orders.locks import lock_orders
from orders.models import CartItem, Delivery, LineDiscount, OrderLine, OrderReason, OrderStatus, StoreOrder, Trade
from orders.pickup.services import pickup_code_new
from orders.plays import PlayChoice, play_for
from orders.points import order_points_record
from orders.pricing import FLASH_SALE, PricedCart, own_skus
from promotions.pricing import Source, promotions_of
from promotions.services import promotion_uses_record
from stores.models import Store


@dataclass(frozen=True)
class Submission:
    checkout: CheckoutRequest
    expected_payable: Decimal
    idempotency_key: str = ""
    note: str = ""

    def digest(self) -> str:
        """What makes two submissions the same request (for Idempotency-Key)."""
        body = {
            "lines": [(line.sku_id, line.quantity) for line in self.checkout.lines],
            "address": self.checkout.address_id,
            "coupons": self.checkout.coupons if isinstance(self.checkout.coupons, str) else list(self.checkout.coupons),
            "points": self.checkout.points,
            "stored_value": str(self.checkout.stored_value),
            "channel": str(self.checkout.channel),
            "play": self.checkout.play.as_text() if self.checkout.play else "",
            "pickup_store": self.checkout.pickup_store,
            "expected_payable": str(self.expected_payable),
            "note": self.note,
        }
        if self.checkout.deal is not None:  # only then: the digests of earlier requests stay what they were
            body["deal"] = self.checkout.deal
        return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def new_number(prefix: str, now: datetime) -> str:
    """Trade, order and payment numbers: time first (people read them), then 10 random digits (unguessable)."""
    return f"{prefix}{timezone.localtime(now):%Y%m%d%H%M%S}{secrets.randbelow(10**10):010d}"


@transaction.atomic
def order_submit(*, user: User, submission: Submission, now: datetime | None = None) -> Trade:
    """Place the order: re-price the checkout, refuse a total that moved (`price_changed`), reserve stock, lock
    coupons, spend points, write the trade, its store orders, lines, discount components and events."""
    now = now or timezone.now()
    digest = submission.digest()
    member_submissions_one_at_a_time(user)
    if submission.idempotency_key:
        earlier = _earlier_trade(user, submission.idempotency_key)
        if earlier is not None:
            if earlier.request_digest != digest:
                raise IdempotencyConflict()
            return earlier
    # The address is read once, for the price (its region's freight) and the receiver; a deal's after the deal.
    address = address_for_checkout(user, submission.checkout.address_id) if submission.checkout.deal is None else None
    priced = checkout_price(user=user, request=submission.checkout, now=now, address=address, coupon_picker=False)
    receiver = _receiver(user, submission.checkout, address)
    unknown = sorted({line.sku_id for line in submission.checkout.lines} - set(priced.skus))
    if unknown:
        raise InvalidInput(_("Unknown SKU."), fields={"lines": [{"sku": unknown[0], "reason": "unknown"}]})
    refuse_invalid_lines(priced)
    breakdown = priced.breakdown
    if submission.checkout.coupons != AUTO:
        # A coupon the shopper chose that no longer fits (used by another order a moment ago, expired) is named,
        # rather than silently dropped and reported as a price change.
        dropped = sorted(set(submission.checkout.coupons) - set(breakdown.coupons.applied))
        if dropped:
            raise CouponUnavailable("not_usable", coupons=dropped)
    if breakdown.payable != submission.expected_payable:
        raise PriceChanged(fields={"payable": [money_text(breakdown.payable)]})

    _cancel_orders_giving_up_coupons(user, breakdown.coupons.applied, now)
    skus = with_gift_skus(priced)
    stores = _stores(skus)
    parts = [
        without_gifts_out_of_stock(part, skus)
        for store in breakdown.stores
        if store.valid_lines
        for part in split_store(store, cross_border=stores[store.store].cross_border)
    ]
    (trade,) = _INSERT_TRADES.insert(
        [
            _INSERT_TRADES.new(
                trade_no=new_number("T", now),
                user=user,
                payable=breakdown.payable,
                stored_value=breakdown.stored_value.used,
                points_used=breakdown.points.used,
                channel=str(submission.checkout.channel),
                expires_at=_payment_deadline(submission.checkout.play, now),
                idempotency_key=submission.idempotency_key,
                request_digest=digest,
            )
        ]
    )
    flash_lines = {
        line.sku: (line.quantity, part.source_id)
        for line in breakdown.lines
        if line.valid
        for part in line.components
        if part.source is Source.PLAY and part.kind == FLASH_SALE
    }
    if flash_lines:  # the member's flash-sale holds become this order's (before stock: they free its units)
        flash_holds_consume(user=user, lines=flash_lines, reference=trade.trade_no, now=now)
    play = submission.checkout.play
    if play is not None:  # what the play held for the member goes back before stock is reserved, as a hold's does
        (line,) = submission.checkout.lines
        play_for(play.kind).consume(
            user=user, ref=play.ref, sku_id=line.sku_id, quantity=line.quantity, trade_no=trade.trade_no, now=now
        )
    guessed = {(part.store, line.sku): skus[line.sku].warehouse for part in parts for line in part.lines}
    orders = create_orders(trade, parts, stores, receiver, skus, guessed, submission.note, now)
    if play is not None:
        _bought_through(play, orders, now)
    uses = [
        (pid, order.order_no) for part, order in zip(parts, orders, strict=True) for pid in promotions_of(part.lines)
    ]
    promotion_uses_record(user=user, uses=uses)
    events.order_created(orders=orders, by=user)
    if submission.checkout.deal is not None:  # the deal is ordered, or (no longer ready) nothing is
        deal_ordered(
            deal_id=submission.checkout.deal,
            trade_no=trade.trade_no,
            order_no=orders[0].order_no,
            by=user,
            today=timezone.localdate(now),
        )
    elif not submission.checkout.lines:  # bought from the cart: those lines leave it
        CartItem.objects.filter(user=user, selected=True, sku_id__in=[line.sku for line in breakdown.lines]).delete()
    _reserve_late(parts, orders, skus, guessed, reference=trade.trade_no, user=user)  # the hot rows, late
    _lock_coupons(user, priced, trade, orders)
    if breakdown.points.used:
        spent = points_spend(user=user, points=breakdown.points.used, reference=trade.trade_no)
        order_points_record(orders=orders, drawn=spent.drawn)
    if breakdown.stored_value.used:
        stored_value_spend(user=user, amount=breakdown.stored_value.used, reference=trade.trade_no)
    trade.placed_orders = orders  # the answer lists them without reading them back
    return trade


def _payment_deadline(play: PlayChoice | None, now: datetime) -> datetime:
    """The payment timeout, unless the play sets its own (an auction's winner, a presale's balance window)."""
    deadline = play_for(play.kind).payment_deadline(ref=play.ref, now=now) if play is not None else None
    return deadline or now + timedelta(minutes=settings.ORDER_PAYMENT_TIMEOUT_MINUTES)


def _bought_through(play: PlayChoice, orders: list[StoreOrder], now: datetime) -> None:
    """The order of the play's line names the play, and the play hears of it in this transaction."""
    (order,) = orders  # one line: one store, one order
    order.play_kind, order.play_ref = play.kind, play.ref
    order.save(update_fields=["play_kind", "play_ref"])
    play_for(play.kind).submitted(order=order, ref=play.ref, now=now)


def _cancel_orders_giving_up_coupons(user: User, coupon_ids, now: datetime) -> None:
    """A coupon held by the member's unpaid order moves to this one (seed 002). That order's price counted the
    coupon, so it cannot be paid as it stands any more: it is cancelled, giving back its goods, points and the
    coupon, which this order then locks. Runs before this order reserves anything (orders before stock rows)."""
    holders = set(coupon_holders(user=user, coupon_ids=coupon_ids).values())
    if not holders:
        return
    orders_held = [holder.number for holder in holders if holder.kind == CouponHolderKind.STORE_ORDER]
    trades_held = [holder.number for holder in holders if holder.kind == CouponHolderKind.TRADE]
    giving_up = StoreOrder.objects.filter(user=user, status=OrderStatus.PENDING_PAYMENT).filter(
        Q(order_no__in=orders_held) | Q(trade__trade_no__in=trades_held)
    )
    # Status is checked again under the row lock: a concurrent submit may have taken the coupon (and cancelled
    # the holder) while this one waited; that holder is then left alone and coupon_lock below refuses this order.
    for order in lock_orders(giving_up.values_list("pk", flat=True)):
        if order.status == OrderStatus.PENDING_PAYMENT:
            order_cancel(order=order, by=user, reason_code=OrderReason.COUPON_MOVED, now=now)


def member_submissions_one_at_a_time(user: User) -> None:
    """A member's submissions are placed one after the other: an advisory lock held to the end of the transaction,
    taken before anything is read. A concurrent duplicate of an Idempotency-Key then finds the first one's trade
    instead of placing a second, and a per-member promotion limit counts the member's order placed a moment ago
    (pricing reads the uses it recorded)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"order_submit:{user.pk}"])


def _earlier_trade(user: User, key: str) -> Trade | None:
    """The trade this key already made, if any (the caller holds member_submissions_one_at_a_time)."""
    return _TRADE_OF_KEY.instance(user_id=user.pk, key=key)


# Written by every submission: one prepared statement per table (decision 0036).
_INSERT_TRADES = CompiledInsert(Trade)
_INSERT_ORDERS = CompiledInsert(StoreOrder)
_INSERT_LINES = CompiledInsert(OrderLine)
_INSERT_DISCOUNTS = CompiledInsert(LineDiscount)


def _trade_of_key(user_id: int, key: str):
    """The member's trade of `key`, by the unique index on (member, key) where a key is given. That index is
    partial, and a prepared statement's plan is made for any key, so the statement says in its own text, not as a
    parameter, that the key is not empty: without it the plan read every trade of the member."""
    trades = Trade.objects.filter(user_id=user_id, idempotency_key=key).exclude(idempotency_key=RawSQL("''", ()))
    return trades.order_by("pk")[:1]


# Read by every submission that carries an Idempotency-Key: compiled and prepared once (decision 0036).
_TRADE_OF_KEY = CompiledRead(_trade_of_key, user_id=-7_301_947, key="-7301947-example-key")


def _address(user: User, address_id: int | None) -> Address:
    address = Address.objects.filter(user=user, pk=address_id).first() if address_id else None
    if address is None:
        message = _("Choose one of your addresses.")
        raise InvalidInput(message, fields={"address": [message]})
    return address


@dataclass(frozen=True)
class Receiver:
    """Who receives the orders, and where: the address chosen, or for pickup the store's own address with the
    shopper (from the address, when one is given) as the person who collects. `pickup`: the orders wait there."""

    name: str
    phone: str
    region_id: int
    address: str
    pickup: bool = False
    counter: bool = False  # a sale at the store's counter (orders/pos/): handed over when paid


def _receiver(user: User, checkout: CheckoutRequest, address: Address | None) -> Receiver:
    """`address`: the checkout's address as pricing read it, if it did."""
    if checkout.pickup_store is None:
        address = address or _address(user, checkout.address_id)
        return Receiver(address.name, address.phone, address.region_id, address.detail)
    store = Store.objects.get(pk=checkout.pickup_store)  # checked by checkout_price
    if address is None and checkout.address_id:
        address = Address.objects.filter(user=user, pk=checkout.address_id).first()
    name = address.name if address else (user.get_full_name() or user.get_username())
    phone = address.phone if address else user.phone
    return Receiver(name[:50], phone, store.region_id, store.address, pickup=True)


def refuse_invalid_lines(priced: PricedCart) -> None:
    """Every line must be buyable now: short stock is `insufficient_stock`, anything else bad input."""
    breakdown = priced.breakdown
    for line in breakdown.lines:
        if line.valid:
            continue
        if line.reason == "out_of_stock":
            available = priced.skus[line.sku].available
            raise InsufficientStock(
                _("Only %(available)d left of SKU %(sku)d.") % {"available": available, "sku": line.sku},
                fields={"sku": [line.sku], "available": [available]},
            )
        if line.reason == "below_minimum":
            raise below_minimum(sku_id=line.sku, minimum=line.min_quantity)
        raise InvalidInput(
            _("SKU %(sku)d cannot be bought: %(reason)s.") % {"sku": line.sku, "reason": line.reason},
            fields={"lines": [{"sku": line.sku, "reason": line.reason}]},
        )
    if not breakdown.lines:
        raise InvalidInput(_("Nothing to order."), fields={"lines": [_("No line can be bought.")]})


def _stores(skus: dict[int, Sku]) -> dict[int, Store]:
    """The stores the orders are placed with, read with their SKUs (each SKU's selling store, a gift's too:
    orders.pricing reads every SKU so)."""
    return {sku.seller_id: sku.selling_store for sku in skus.values()}


def reserve_stock(
    parts: list[OrderPart], *, reference: str, user: User, skus: dict | None = None, savepoint: bool = True
) -> dict[tuple[int, int], int]:
    """Reserve every unit of the trade in one call (rows locked in SKU order, the warehouses chosen under the locks);
    (store, SKU) -> the warehouse chosen. `skus` and `savepoint` are stock_reserve's."""
    quantities: dict[tuple[int, int], int] = defaultdict(int)
    for part in parts:
        for line in part.lines:
            quantities[(part.store, line.sku)] += line.quantity
    movements = stock_reserve(
        lines=[StockLine(sku_id=sku, quantity=n, store_id=store) for (store, sku), n in quantities.items()],
        reference=reference,
        by=user,
        skus=skus,
        savepoint=savepoint,
    )
    chosen = zip(sorted(quantities, key=lambda key: key[1]), movements, strict=True)
    return {key: movement.warehouse_id for key, movement in chosen}


def _reserve_late(parts: list[OrderPart], orders, skus, guessed, *, reference: str, user: User) -> None:
    """Reserve the trade's units last, in the submission's own transaction. The lines were written with `guessed`,
    (store, SKU) -> the warehouse the pricing read found best: a line whose warehouse the reservation chose otherwise
    (another order took that stock meanwhile) is moved to it."""
    known = {sku.pk: (sku.spu_id, sku.store_id) for sku in skus.values()}
    chosen = reserve_stock(parts, reference=reference, user=user, skus=known, savepoint=False)
    for (store, sku), warehouse in chosen.items():
        if warehouse != guessed[(store, sku)]:
            store_orders = [order for order in orders if order.store_id == store]
            OrderLine.objects.filter(order__in=store_orders, sku_id=sku).update(warehouse_id=warehouse)


def _points_per_order(points: int, parts: list[OrderPart]) -> list[int]:
    """The trade's points split over its orders by their points discount, so each order returns its own part
    when cancelled. Whole points, largest remainder: `apportion` works in cents, so points ride as cents."""
    weights = [sum((line.points_discount for line in part.lines), Decimal(0)) for part in parts]
    if not points:
        return [0] * len(parts)
    return [int(share * 100) for share in apportion(Decimal(points) / 100, weights)]


def with_gift_skus(priced: PricedCart) -> dict[int, Sku]:
    """The priced SKUs plus the gifts promotions added (the engine names them; their rows are read here, in one
    query, only when there are some): every line needs its snapshot."""
    gifts = {line.sku for line in priced.breakdown.lines} - set(priced.skus)
    return priced.skus | own_skus(sorted(gifts)) if gifts else priced.skus


def without_gifts_out_of_stock(part: OrderPart, skus: dict[int, Sku]) -> OrderPart:
    """Gifts go while stocks last: one that has run out leaves the order (it cost nothing) instead of blocking it."""
    lines = tuple(line for line in part.lines if not line.gift or skus[line.sku].available >= line.quantity)
    return part if len(lines) == len(part.lines) else replace(part, lines=lines)


def create_orders(trade, parts, stores, receiver: Receiver, skus, warehouses, note, now) -> list[StoreOrder]:
    points = _points_per_order(trade.points_used, parts)
    orders = _INSERT_ORDERS.insert(
        [
            _INSERT_ORDERS.new(
                order_no=new_number("S", now),
                trade=trade,
                user=trade.user,
                store_id=part.store,
                subtotal=sum((line.amount for line in part.lines), Decimal("0.00")),
                discount=sum((line.discount for line in part.lines), Decimal("0.00")),
                freight=part.freight,
                payable=part.payable,
                stored_value=sum((line.stored_value for line in part.lines), Decimal("0.00")),
                points_used=points[number],
                cross_border=stores[part.store].cross_border,
                payment_no=new_number("P", now),
                receiver_name=receiver.name,
                receiver_phone=receiver.phone,
                receiver_region_id=receiver.region_id,
                receiver_address=receiver.address,
                note=note,
                delivery=Delivery.PICKUP
                if receiver.pickup
                else Delivery.COUNTER
                if receiver.counter
                else Delivery.SHIP,
                pickup_code=pickup_code_new() if receiver.pickup else None,
            )
            for number, part in enumerate(parts)
        ]
    )
    lines, components = [], []
    for order, part in zip(orders, parts, strict=True):
        for line in part.lines:
            sku = skus[line.sku]
            order_line = _INSERT_LINES.new(
                order=order,
                sku_id=line.sku,
                spu_id=sku.spu_id,
                title=sku.spu.title,
                specs=sku.specs,
                image=picture_url(sku.line_picture),  # the colour chosen, else the product's first main picture
                unit_price=line.unit_price,
                quantity=line.quantity,
                amount=line.amount,
                promotion_discount=line.promotion_discount,
                coupon_discount=line.coupon_discount,
                points_discount=line.points_discount,
                payable=line.payable,
                gift=line.gift,
                stored_value=line.stored_value,
                commission_percent=stores[part.store].commission_percent,
                warehouse_id=warehouses[(part.store, line.sku)],
            )
            lines.append(order_line)
            components.extend(
                _INSERT_DISCOUNTS.new(
                    line=order_line,
                    source=str(part_.source),
                    source_id=part_.source_id,
                    kind=part_.kind,
                    amount=part_.amount,
                    platform_amount=part_.platform_amount,
                )
                for part_ in line.components
                if part_.amount
            )
    _INSERT_LINES.insert(lines)
    _INSERT_DISCOUNTS.insert(components)
    return orders


def _lock_coupons(user: User, priced: PricedCart, trade: Trade, orders: list[StoreOrder]) -> None:
    """A coupon is held by the one store order whose lines it discounts, so cancelling that order frees it; a
    coupon spread over several orders (a platform coupon over two stores, a store split by the cross-border cap)
    is held by the trade and freed when every order of the trade is cancelled."""
    applied = priced.breakdown.coupons.applied
    if not applied:
        return
    used_by_store: dict[int, set[int]] = defaultdict(set)
    for store in priced.breakdown.stores:
        for coupon_id in store.discount_by(Source.COUPON):
            used_by_store[store.store].add(coupon_id)
    orders_of_store: dict[int, list[StoreOrder]] = defaultdict(list)
    for order in orders:
        orders_of_store[order.store_id].append(order)
    by_order: dict[str, list[int]] = defaultdict(list)
    by_trade: list[int] = []
    for coupon_id in sorted(applied):
        stores_using = [store for store, ids in used_by_store.items() if coupon_id in ids]
        if len(stores_using) == 1 and len(orders_of_store[stores_using[0]]) == 1:
            by_order[orders_of_store[stores_using[0]][0].order_no].append(coupon_id)
        else:
            by_trade.append(coupon_id)
    for order_no, coupon_ids in by_order.items():
        coupon_lock(user=user, user_coupon_ids=coupon_ids, order_no=order_no, now=trade.created_at)
    if by_trade:
        coupon_lock(user=user, user_coupon_ids=by_trade, trade_no=trade.trade_no, now=trade.created_at)
