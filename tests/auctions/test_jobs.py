"""The closing job: run twice it changes nothing more; two at once close each auction and refund each deposit
once."""

from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.utils import timezone

from auctions import tasks
from auctions.models import Auction, AuctionStatus, Deposit
from auctions.services import auctions_close_due, bid_place
from orders.models import ReturnedPayment
from tests.auctions.helpers import deposit_paid, running_auction
from tests.catalog.factories import PhoneCatalog
from tests.factories import UserFactory
from tests.orders.helpers import sku_of
from tests.orders.test_concurrency import in_threads

pytestmark = pytest.mark.django_db(transaction=True)


def three_auctions_ended(store):
    sku = sku_of(PhoneCatalog().phone(store, stock=3))
    auctions = [running_auction(store, sku=sku, lasts=timedelta(minutes=2)) for _ in range(3)]
    for auction in auctions:
        for n in range(3):
            member = UserFactory()
            deposit_paid(auction, member)
            bid_place(auction_id=auction.pk, user=member, amount=Decimal(1000 + 100 * n))
    return auctions


def test_the_job_run_twice_closes_each_auction_once(store):
    three_auctions_ended(store)
    later = timezone.now() + timedelta(minutes=10)
    with mock.patch("auctions.services.timezone.now", return_value=later):
        assert tasks.close_auctions() == 3
        assert tasks.close_auctions() == 0
    assert set(Auction.objects.values_list("status", flat=True)) == {AuctionStatus.AWAITING_PAYMENT}
    assert ReturnedPayment.objects.count() == 6
    assert Deposit.objects.filter(status="paid").count() == 3


def test_two_jobs_at_once_close_each_auction_once(store):
    three_auctions_ended(store)
    later = timezone.now() + timedelta(minutes=10)

    in_threads([lambda: auctions_close_due(now=later) for _ in range(2)])

    assert set(Auction.objects.values_list("status", flat=True)) == {AuctionStatus.AWAITING_PAYMENT}
    assert ReturnedPayment.objects.count() == 6
