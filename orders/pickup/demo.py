"""The demo's selling through stores and pickup (decisions 0037 and 0041; manage.py seed_demo): the direct and
franchise stores hand goods out at their counters, and each has a paid pickup order of one of its listings waiting,
its code on the shopper's order page and the order on the store's /seller/pickups/ page. Runs once per store.

Cross-store points: alice bought one of the direct store's listings, shipped from its own stock and completed long
ago, so she earned points there; she then spent her points on an order of the franchise store, which HQ funds (the
order's line shows the points discount as platform-funded). Runs once."""

from datetime import timedelta

from django.utils import timezone

from catalog.models import SpuStatus, Stock
from logistics.models import Carrier
from orders.checkout.preview import CheckoutRequest, checkout_price
from orders.checkout.services import Submission, order_submit
from orders.demo import pay_trade, ship_order
from orders.lifecycle.receipt import complete_due_orders, order_confirm_receipt
from orders.models import Delivery, StoreOrder
from orders.pricing import LineRequest

PICKUP_STORES = ("sh", "hz")  # the direct and the franchise store (stores.demo)


def seed(demo: dict) -> None:
    shopper = demo["shoppers"][2]
    for key in PICKUP_STORES:
        store = demo["stores"][key]
        if StoreOrder.objects.filter(store=store, delivery=Delivery.PICKUP).exists():
            continue
        sku_id = listed_in_stock(store)
        if sku_id is None:
            continue
        checkout = CheckoutRequest(
            lines=(LineRequest(sku_id, 1, seller_id=store.pk),), coupons=(), pickup_store=store.pk
        )
        now = timezone.now()
        payable = checkout_price(user=shopper, request=checkout, now=now).breakdown.payable
        trade = order_submit(user=shopper, submission=Submission(checkout=checkout, expected_payable=payable), now=now)
        pay_trade(trade, when=now)
    _seed_cross_store_points(demo)


def _seed_cross_store_points(demo: dict) -> None:
    alice = demo["shoppers"][0]
    direct, franchise = demo["stores"]["sh"], demo["stores"]["hz"]
    if StoreOrder.objects.filter(user=alice, store=franchise, points_used__gt=0).exists():
        return
    # The dearest of the franchise's listings: half its price (the rule's cap) takes all her points, HQ's welcome
    # points (drawn first, as they expire first) and the direct store's.
    bought, spent_on = listed_in_stock(direct), listed_in_stock(franchise, dearest=True)
    carrier = Carrier.objects.filter(is_active=True).order_by("pk").first()
    if bought is None or spent_on is None or carrier is None:
        return
    now = timezone.now()
    earned = _buy(alice, direct, bought, when=now - timedelta(days=30))
    ship_order(earned, carrier=carrier, by=direct.memberships.get(role="clerk").user, when=now - timedelta(days=29))
    order_confirm_receipt(order=earned, by=alice, now=now - timedelta(days=27))
    complete_due_orders(now=now)  # its after-sales window closed: alice earns its points, the direct store's
    alice.refresh_from_db()
    _buy(alice, franchise, spent_on, when=now - timedelta(days=1), points=alice.points_balance)


def _buy(shopper, store, sku_id: int, *, when, points: int = 0) -> StoreOrder:
    """One unit of `sku_id` bought from `store` through its listing, shipped to the shopper's address, and paid."""
    address = shopper.addresses.get(is_default=True)
    checkout = CheckoutRequest(
        lines=(LineRequest(sku_id, 1, seller_id=store.pk),), address_id=address.pk, coupons=(), points=points
    )
    payable = checkout_price(user=shopper, request=checkout, now=when).breakdown.payable
    trade = order_submit(user=shopper, submission=Submission(checkout=checkout, expected_payable=payable), now=when)
    (order,) = pay_trade(trade, when=when)
    return order


def listed_in_stock(store, *, dearest: bool = False) -> int | None:
    """An HQ SKU the store lists and has on its own shelf, the cheapest (or the dearest)."""
    return (
        Stock.objects.filter(
            warehouse__store=store,
            sku__is_active=True,
            sku__spu__status=SpuStatus.ON_SHELF,
            sku__spu__listings__store=store,
            sku__spu__listings__is_active=True,
            on_hand__gt=1,
        )
        .order_by("-sku__price" if dearest else "sku__price", "sku_id")
        .values_list("sku_id", flat=True)
        .first()
    )
