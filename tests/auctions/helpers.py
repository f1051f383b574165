"""What auction tests share: a running auction of one phone, deposits paid through the simulated gateway."""

import secrets
from datetime import timedelta
from decimal import Decimal

from django.test import TestCase
from django.utils import timezone

from auctions.models import Auction
from auctions.services import AuctionInput, auction_create, auction_publish, deposit_start
from orders.payment.services import payment_succeeded
from tests.catalog.factories import PhoneCatalog
from tests.factories import OperatorFactory
from tests.orders.helpers import sku_of


def running_auction(
    store,
    *,
    stock: int = 3,
    starting: str = "1000.00",
    increment: str = "100.00",
    deposit: str = "200.00",
    reserve: str | None = None,
    buyout: str | None = None,
    lasts: timedelta = timedelta(hours=1),
    platform: bool = False,
    sku=None,
    **extra,
) -> Auction:
    """A published auction of one phone SKU (price 5999.00, `stock` in one warehouse; or of `sku`), started a
    minute ago."""
    sku = sku or sku_of(PhoneCatalog().phone(store, stock=stock))
    starts = timezone.now() - timedelta(minutes=1)
    values = AuctionInput(
        name="iPhone 拍卖",
        sku_id=sku.pk,
        starting_price=Decimal(starting),
        increment=Decimal(increment),
        deposit=Decimal(deposit),
        reserve_price=Decimal(reserve) if reserve else None,
        buyout_price=Decimal(buyout) if buyout else None,
        starts_at=starts,
        ends_at=starts + lasts,
        **extra,
    )
    auction = auction_create(store=None if platform else store, by=OperatorFactory(), values=values)
    return auction_publish(auction=auction, by=None)


def gateway_pays(payment):
    """The simulated gateway's notification that `payment` was paid."""
    return payment_succeeded(
        gateway="simulated",
        event_id=secrets.token_hex(8),
        payment_no=payment.payment_no,
        amount=payment.amount,
        payload={},
    )


def deposit_paid(auction, member):
    with TestCase.captureOnCommitCallbacks(execute=True):  # the refunds' outbox rows go out after commit
        return gateway_pays(deposit_start(auction_id=auction.pk, user=member, method="alipay"))
