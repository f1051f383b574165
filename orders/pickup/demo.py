"""The demo's selling through stores and pickup (decision 0037; manage.py seed_demo): the direct and franchise
stores hand goods out at their counters, and each has a paid pickup order of one of its listings waiting, its code
on the shopper's order page and the order on the store's /seller/pickups/ page. Runs once per store."""

from django.utils import timezone

from catalog.models import SpuStatus, Stock
from orders.checkout.preview import CheckoutRequest, checkout_price
from orders.checkout.services import Submission, order_submit
from orders.demo import pay_trade
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


def listed_in_stock(store) -> int | None:
    """An HQ SKU the store lists and has on its own shelf, cheapest first."""
    return (
        Stock.objects.filter(
            warehouse__store=store,
            sku__is_active=True,
            sku__spu__status=SpuStatus.ON_SHELF,
            sku__spu__listings__store=store,
            sku__spu__listings__is_active=True,
            on_hand__gt=1,
        )
        .order_by("sku__price", "sku_id")
        .values_list("sku_id", flat=True)
        .first()
    )
