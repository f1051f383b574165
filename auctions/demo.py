"""Demo auctions (manage.py seed_demo): a store auction running for 7 days from the seed on one of the digital
store's goods, with the demo shoppers' deposits paid through the simulated gateway and three bids, so that the
home page and /auctions/ show one to bid on. Made good at every seed: when none is running any more, a new one is
published."""

import secrets
from datetime import timedelta
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from auctions.models import Auction, AuctionStatus
from auctions.services import AuctionInput, auction_create, auction_publish, bid_place, deposit_start
from catalog.models import Sku, SpuStatus, Stock
from marketplace.money import quantize
from orders.payment.services import payment_succeeded


def _sku(store) -> Sku | None:
    stocked = Stock.objects.filter(warehouse__store=store, on_hand__gte=F("reserved") + 1).values("sku_id")
    found = Sku.objects.filter(store=store, is_active=True, spu__status=SpuStatus.ON_SHELF, pk__in=stocked)
    return found.order_by("-price", "id").first()


def seed(demo: dict) -> None:
    now = timezone.now()
    if Auction.objects.filter(status=AuctionStatus.RUNNING, ends_at__gt=now).exists():
        return
    store = demo["stores"]["sz"]
    sku = _sku(store)
    if sku is None:
        return
    owner = store.memberships.get(role="owner").user
    start = quantize(sku.price * Decimal("0.3"))
    values = AuctionInput(
        name=f"限量拍卖 · {sku.spu.title}",
        sku_id=sku.pk,
        starting_price=start,
        increment=Decimal("50.00"),
        deposit=Decimal("100.00"),
        buyout_price=quantize(sku.price * Decimal("1.2")),
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=7),
    )
    auction = auction_publish(auction=auction_create(store=store, by=owner, values=values), by=owner)
    for n, shopper in enumerate(demo["shoppers"][:3]):
        payment = deposit_start(auction_id=auction.pk, user=shopper, method="alipay", now=now)
        payment_succeeded(
            gateway="simulated",
            event_id=f"demo-{secrets.token_hex(8)}",
            payment_no=payment.payment_no,
            amount=payment.amount,
            payload={"demo": True},
        )
        bid_place(auction_id=auction.pk, user=shopper, amount=start + 100 * n, now=now)
