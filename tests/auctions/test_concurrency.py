"""Bids and closings under real concurrency: threads with their own PostgreSQL connections."""

import itertools
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from auctions.exceptions import AuctionRefused
from auctions.models import Auction, Bid, Deposit
from auctions.services import auction_close, bid_place
from orders.models import ReturnedPayment
from tests.auctions.helpers import deposit_paid, running_auction
from tests.factories import UserFactory
from tests.orders.test_concurrency import in_threads

pytestmark = pytest.mark.django_db(transaction=True)


def members_with_deposits(auction, n: int):
    members = [UserFactory() for _ in range(n)]
    for member in members:
        deposit_paid(auction, member)
    return members


def bidding(auction, member, amount: str):
    return lambda: bid_place(auction_id=auction.pk, user=member, amount=Decimal(amount))


def test_twenty_bids_at_the_same_price_at_once_accept_one(store):
    auction = running_auction(store, starting="1000.00", increment="100.00")
    members = members_with_deposits(auction, 20)

    results = in_threads([bidding(auction, member, "1000.00") for member in members])

    accepted = [r for r in results if isinstance(r, Bid)]
    assert len(accepted) == 1
    assert {r.code for r in results if isinstance(r, AuctionRefused)} == {"auction_bid_too_low"}
    auction.refresh_from_db()
    assert (auction.current_price, auction.leader_id, auction.bid_count) == (
        Decimal("1000.00"),
        accepted[0].user_id,
        1,
    )


def test_racing_bids_are_accepted_in_commit_order_each_beating_the_last_by_the_increment(store):
    auction = running_auction(store, starting="1000.00", increment="100.00")
    members = members_with_deposits(auction, 16)
    amounts = [f"{1000 + 100 * (n % 8)}.00" for n in range(32)]  # pairs of bidders at each of 8 prices

    in_threads([bidding(auction, members[n % 16], amount) for n, amount in enumerate(amounts)])

    accepted = list(Bid.objects.filter(auction=auction).order_by("id").values_list("amount", "user_id"))
    prices = [amount for amount, _user in accepted]
    assert len(set(prices)) == len(prices)  # never two at one price
    assert all(later - earlier >= Decimal("100.00") for earlier, later in itertools.pairwise(prices))
    auction.refresh_from_db()
    assert (auction.current_price, auction.leader_id, auction.bid_count) == (
        prices[-1],
        accepted[-1][1],
        len(accepted),
    )


def test_the_database_refuses_two_bids_at_one_price(store):
    auction = running_auction(store)
    alice, bob = UserFactory(), UserFactory()
    Bid.objects.create(auction=auction, user=alice, amount=Decimal("1000.00"), created_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        Bid.objects.create(auction=auction, user=bob, amount=Decimal("1000.00"), created_at=timezone.now())


def test_two_closings_at_once_refund_each_loser_once(store):
    auction = running_auction(store, deposit="200.00")
    members = members_with_deposits(auction, 4)
    for n, member in enumerate(members):
        bid_place(auction_id=auction.pk, user=member, amount=Decimal(1000 + 100 * n))
    later = Auction.objects.get(pk=auction.pk).ends_at + timedelta(seconds=1)

    in_threads([lambda: auction_close(auction_id=auction.pk, now=later) for _ in range(2)])

    assert ReturnedPayment.objects.count() == 3
    assert sorted(Deposit.objects.values_list("status", flat=True)) == ["paid", "refunded", "refunded", "refunded"]


def test_bids_racing_the_close_are_either_in_before_it_or_refused(store):
    auction = running_auction(store, starting="1000.00", increment="100.00", lasts=timedelta(minutes=30))
    members = members_with_deposits(auction, 8)
    ends = Auction.objects.get(pk=auction.pk).ends_at
    calls = [bidding(auction, member, f"{1000 + 100 * n}.00") for n, member in enumerate(members)]
    calls.append(lambda: auction_close(auction_id=auction.pk, now=ends + timedelta(hours=1)))

    in_threads(calls)

    auction.refresh_from_db()
    best = Bid.objects.filter(auction=auction).order_by("-amount").first()
    assert auction.status == "awaiting_payment" or best is None
    if best is not None:
        assert (auction.winner_id, auction.final_price) == (best.user_id, best.amount)
