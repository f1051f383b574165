"""Demo orders in every state (manage.py seed_demo), placed, paid, shipped and refunded through the services with
their clocks set back, so that each carries the events, parcels and money it would have in real life.

The history runs once: a second seed finds the demo shoppers' orders and leaves them alone. One thing is made
good at every seed (so at every `make run`): alice has a trade waiting for payment, with a deadline a year
away, so the demo's "to pay" stays payable however long it runs; the timeout itself is untouched for real orders."""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from catalog.models import SpuStatus, Stock
from logistics.models import Carrier
from orders.aftersales.services import (
    RefundLineRequest,
    refund_approve,
    refund_escalate,
    refund_reject,
    refund_request,
)
from orders.checkout.preview import CheckoutRequest, checkout_price
from orders.checkout.services import Submission, order_submit
from orders.lifecycle.cancellation import order_cancel
from orders.lifecycle.receipt import complete_due_orders, order_confirm_receipt
from orders.models import OrderStatus, StoreOrder, Trade
from orders.payment.methods import channels
from orders.payment.services import payment_start, payment_succeeded
from orders.pricing import LineRequest
from orders.shipping.services import parcel_ship, shipment_split

DEMO_PAYMENT_DAYS = 365  # how long the demo's order to pay waits, instead of ORDER_PAYMENT_TIMEOUT_MINUTES


def seed(demo: dict) -> None:
    alice, bob, carol = demo["shoppers"][:3]
    if not StoreOrder.objects.filter(user__in=[alice, bob, carol]).exists():
        _seed_history(demo)
    if not alice.store_orders.filter(status=OrderStatus.PENDING_PAYMENT).exists():
        _seed_an_order_to_pay(demo, alice)
    demo["orders"] = StoreOrder.objects.filter(user__in=[alice, bob, carol]).count()


def _seed_an_order_to_pay(demo: dict, user) -> None:
    """A trade across two stores waiting for `user`'s payment, for a year."""
    hq, sz = demo["stores"]["hq"], demo["stores"]["sz"]
    picks = [LineRequest(goods_in_stock(hq)[0], 1), LineRequest(goods_in_stock(sz)[0], 2)]
    trade = place_order(user, picks, when=timezone.now())
    Trade.objects.filter(pk=trade.pk).update(expires_at=trade.created_at + timedelta(days=DEMO_PAYMENT_DAYS))


def place_order(user, lines: list[LineRequest], *, when):
    """A trade of `lines` placed by `user` at `when`, to their default address, at the price of the moment."""
    address = user.addresses.get(is_default=True)
    checkout = CheckoutRequest(lines=tuple(lines), address_id=address.pk, coupons=())
    payable = checkout_price(user=user, request=checkout, now=when).breakdown.payable
    return order_submit(user=user, submission=Submission(checkout=checkout, expected_payable=payable), now=when)


def _seed_history(demo: dict) -> None:
    """Orders in every state but "to pay", each moved there through the services with its clock set back."""
    alice, bob, carol = demo["shoppers"][:3]
    now = timezone.now()
    hq, sz = demo["stores"]["hq"], demo["stores"]["sz"]
    staff = {store.pk: store.memberships.get(role="clerk").user for store in (hq, sz)}
    carrier = Carrier.objects.filter(is_active=True).order_by("pk").first()
    goods = {store.pk: goods_in_stock(store) for store in (hq, sz)}
    fragile = goods_in_stock(hq, shipping_category="fragile") or goods_in_stock(hq, shipping_category="oversize")
    goods["fragile"] = fragile

    def place(user, picks, *, days_ago: float):
        """A trade of `picks` [(store, index into its goods, quantity)] placed `days_ago`."""
        lines = [LineRequest(goods[getattr(store, "pk", store)][index], quantity) for store, index, quantity in picks]
        return place_order(user, lines, when=now - timedelta(days=days_ago))

    def pay(trade, *, days_ago: float):
        return pay_trade(trade, when=now - timedelta(days=days_ago))

    def ship(order, *, days_ago: float, parcels: int | None = None):
        when = now - timedelta(days=days_ago)
        ship_order(order, carrier=carrier, by=staff[order.store_id], when=when, parcels=parcels)

    pay(place(alice, [(hq, 1, 1)], days_ago=0.2), days_ago=0.2)  # paid, its parcel waiting
    # A fragile item travels alone: two parcels, one of them shipped, so the order is partly shipped.
    (split,) = pay(place(bob, [(hq, 2, 1), ("fragile", 0, 1)], days_ago=1), days_ago=1)
    ship(split, days_ago=0.5, parcels=1)
    (shipped,) = pay(place(bob, [(sz, 1, 1)], days_ago=3), days_ago=3)
    ship(shipped, days_ago=2)
    (received,) = pay(place(alice, [(sz, 2, 1)], days_ago=6), days_ago=6)
    ship(received, days_ago=5)
    order_confirm_receipt(order=received, by=alice, now=now - timedelta(days=1))
    (done,) = pay(place(bob, [(hq, 4, 1)], days_ago=20), days_ago=20)
    ship(done, days_ago=19)
    order_confirm_receipt(order=done, by=bob, now=now - timedelta(days=15))
    complete_due_orders(now=now)
    (cancelled,) = place(carol, [(sz, 3, 1)], days_ago=2).orders.all()
    order_cancel(order=cancelled, by=carol, reason="不想要了", now=now - timedelta(days=2))
    (refunded,) = pay(place(carol, [(hq, 5, 2)], days_ago=4), days_ago=4)
    line = refunded.lines.get()
    refund = refund_request(
        order=refunded,
        user=carol,
        kind="refund_only",
        lines=[RefundLineRequest(line.pk, 2)],
        reason_code="unwanted",
        reason="拍错了",
    )
    refund_approve(refund=refund, by=staff[refunded.store_id])  # the whole order back: closed
    (returning,) = pay(place(carol, [(sz, 4, 1)], days_ago=8), days_ago=8)
    ship(returning, days_ago=7)
    order_confirm_receipt(order=returning, by=carol, now=now - timedelta(days=5))
    line = returning.lines.get()
    refund_request(
        order=returning,
        user=carol,
        kind="return_refund",
        lines=[RefundLineRequest(line.pk, 1)],
        reason_code="seven_days",
        reason="尺寸不合适",
    )
    _seed_an_appeal(shipped, shopper=bob, clerk=staff[shipped.store_id])


def _seed_an_appeal(order: StoreOrder, *, shopper, clerk) -> None:
    """A return the store rejected and the shopper took to the platform, both sides with a photo: the operator's
    arbitration page has something to rule on (平台介入)."""
    refund = refund_request(
        order=order,
        user=shopper,
        kind="return_refund",
        lines=[RefundLineRequest(order.lines.first().pk, 1)],
        reason_code="damaged",
        reason="收到时屏幕有划痕",
        evidence=[demo_photo("scratch", "#8a6d3b")],
    )
    refund_reject(refund=refund, by=clerk, reason="发货前已检查，屏幕完好", evidence=[demo_photo("check", "#3b6d8a")])
    refund_escalate(
        refund=refund,
        user=shopper,
        reason="快递外箱完好，开箱即见划痕，有开箱视频截图",
        evidence=[demo_photo("unbox", "#5b3b8a")],
    )


def demo_photo(name: str, colour: str) -> SimpleUploadedFile:
    """A plain picture standing in for a shopper's or a store's photo."""
    buffer = BytesIO()
    Image.new("RGB", (640, 480), colour).save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile(f"{name}.jpg", buffer.getvalue(), content_type="image/jpeg")


def pay_trade(trade, *, when) -> list:
    """Pay `trade` through the simulated gateway at `when` (its notification carries the amount, as the gateway's
    statement shows it), paid with one of the channels in turn, and split each of its orders into parcels."""
    offered = channels()
    payment = payment_start(trade=trade, method=offered[trade.pk % len(offered)] if offered else "simulated", now=when)
    payment_succeeded(
        gateway="simulated",
        event_id=f"demo-{payment.payment_no}",
        payment_no=payment.payment_no,
        amount=payment.amount,
        payload={"amount": f"{payment.amount:.2f}"},
        now=when,
    )
    orders = list(trade.orders.order_by("pk"))
    for order in orders:
        shipment_split(order_id=order.pk)
    return orders


def ship_order(order, *, carrier, by, when, parcels: int | None = None) -> None:
    """Hand the order's first `parcels` parcels (all, by default) to `carrier` at `when`."""
    for number, parcel in enumerate(order.parcels.order_by("pk")[:parcels]):
        tracking_no = f"{carrier.code}{order.order_no[-8:]}{number}"
        parcel_ship(parcel=parcel, carrier=carrier, tracking_no=tracking_no, by=by, now=when)


def goods_in_stock(store, **spu) -> list[int]:
    """SKU ids of the store's on-shelf goods with stock to spare, cheapest first, one per product (`spu` narrows
    the products, e.g. shipping_category="fragile")."""
    rows = (
        Stock.objects.filter(
            sku__store=store,
            sku__is_active=True,
            sku__spu__status=SpuStatus.ON_SHELF,
            on_hand__gte=20,
            **{f"sku__spu__{name}": value for name, value in spu.items()},
        )
        .order_by("sku__price", "sku__spu_id", "sku_id")
        .values_list("sku_id", "sku__spu_id", "sku__price")
    )
    picked, seen = [], set()
    for sku_id, spu_id, price in rows:
        if spu_id not in seen and price > Decimal("0"):
            picked.append(sku_id)
            seen.add(spu_id)
    return picked
