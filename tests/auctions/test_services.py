"""Every auction rule at the service level: setup, deposits, bids, anti-sniping, buy-out, closing, forfeit."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import TestCase
from django.utils import timezone

from auctions.exceptions import AuctionRefused, InvalidInput
from auctions.models import AuctionEvent, AuctionEventType, AuctionStatus, Bid, Deposit, DepositStatus
from auctions.services import (
    AuctionInput,
    auction_close,
    auction_create,
    auction_forfeit,
    auctions_close_due,
    bid_place,
    deposit_start,
)
from marketplace.notifications.models import Message
from orders.models import Payment, ReturnedPayment, SimulatedGatewayRefund
from tests.auctions.helpers import deposit_paid, gateway_pays, running_auction
from tests.catalog.factories import PhoneCatalog
from tests.factories import StoreFactory, UserFactory
from tests.orders.helpers import available, reserved, sku_of

pytestmark = pytest.mark.django_db


def bidders(auction, n: int):
    members = [UserFactory() for _ in range(n)]
    for member in members:
        deposit_paid(auction, member)
    return members


def close(auction, *, after=timedelta(seconds=1)):
    auction.refresh_from_db()
    with TestCase.captureOnCommitCallbacks(execute=True):
        return auction_close(auction_id=auction.pk, now=auction.ends_at + after)


def values(sku, **changes) -> AuctionInput:
    starts = timezone.now()
    base = dict(
        name="拍卖",
        sku_id=sku.pk,
        starting_price=Decimal("100.00"),
        increment=Decimal("10.00"),
        deposit=Decimal("50.00"),
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
    )
    return AuctionInput(**(base | changes))


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"ends_at": timezone.now() - timedelta(hours=1)}, "ends_at"),
        ({"increment": Decimal("0.00")}, "starting_price"),
        ({"reserve_price": Decimal("99.00")}, "reserve_price"),
        ({"reserve_price": Decimal("300.00"), "buyout_price": Decimal("300.00")}, "buyout_price"),
    ],
)
def test_setup_refuses_what_cannot_be_auctioned(store, changes, field):
    sku = sku_of(PhoneCatalog().phone(store, stock=1))
    with pytest.raises(InvalidInput) as refused:
        auction_create(store=store, by=UserFactory(), values=values(sku, **changes))
    assert field in refused.value.fields


def test_a_store_may_auction_only_its_own_sku(store):
    sku = sku_of(PhoneCatalog().phone(StoreFactory(), stock=1))
    with pytest.raises(InvalidInput) as refused:
        auction_create(store=store, by=UserFactory(), values=values(sku))
    assert "sku" in refused.value.fields


def test_publishing_takes_the_lot_out_of_sellable_stock(store):
    auction = running_auction(store, stock=3)
    sku = auction.sku
    assert (available(sku), reserved(sku)) == (2, 1)
    assert auction.status == AuctionStatus.RUNNING


def test_no_bid_without_a_paid_deposit(store):
    auction = running_auction(store)
    member = UserFactory()
    deposit_start(auction_id=auction.pk, user=member, method="alipay")  # started, never paid
    with pytest.raises(AuctionRefused) as refused:
        bid_place(auction_id=auction.pk, user=member, amount=Decimal("1000.00"))
    assert refused.value.code == "auction_deposit_required"


def test_the_deposit_is_paid_through_the_gateway_once(store):
    auction = running_auction(store, deposit="200.00")
    member = UserFactory()
    payment = deposit_paid(auction, member)
    assert (payment.amount, payment.purpose, payment.payer, payment.trade) == (
        Decimal("200.00"),
        "auction_deposit",
        member,
        None,
    )
    assert Deposit.objects.get(user=member).status == DepositStatus.PAID
    with pytest.raises(AuctionRefused) as refused:
        deposit_start(auction_id=auction.pk, user=member, method="alipay")
    assert refused.value.code == "auction_deposit_paid"


def test_a_second_payment_of_a_paid_deposit_goes_back_whole(store, django_capture_on_commit_callbacks):
    auction = running_auction(store, deposit="200.00")
    member = UserFactory()
    first = deposit_start(auction_id=auction.pk, user=member, method="alipay")
    second = deposit_start(auction_id=auction.pk, user=member, method="wechat_pay")  # first left on the gateway
    with django_capture_on_commit_callbacks(execute=True):
        gateway_pays(first)
        gateway_pays(second)
    returned = ReturnedPayment.objects.get()
    assert (returned.payment, returned.amount, returned.status) == (second, Decimal("200.00"), "sent")
    assert SimulatedGatewayRefund.objects.get().payment_no == second.payment_no


def test_bids_start_at_the_starting_price_and_rise_by_the_increment(store):
    auction = running_auction(store, starting="1000.00", increment="100.00")
    alice, bob = bidders(auction, 2)
    with pytest.raises(AuctionRefused) as refused:
        bid_place(auction_id=auction.pk, user=alice, amount=Decimal("999.99"))
    assert refused.value.code == "auction_bid_too_low"
    bid_place(auction_id=auction.pk, user=alice, amount=Decimal("1000.00"))
    with pytest.raises(AuctionRefused):
        bid_place(auction_id=auction.pk, user=bob, amount=Decimal("1099.99"))
    bid_place(auction_id=auction.pk, user=bob, amount=Decimal("1100.00"))
    auction.refresh_from_db()
    assert (auction.current_price, auction.leader, auction.bid_count) == (Decimal("1100.00"), bob, 2)
    assert auction.next_minimum == Decimal("1200.00")


def test_a_bid_in_the_last_minutes_moves_the_end(store):
    auction = running_auction(store, extend_window_minutes=3, extend_by_minutes=4)
    (member,) = bidders(auction, 1)
    early = auction.ends_at - timedelta(minutes=10)
    bid_place(auction_id=auction.pk, user=member, amount=Decimal("1000.00"), now=early)
    auction.refresh_from_db()
    first_end = auction.ends_at
    assert first_end == early + timedelta(minutes=10)  # not within the window: unchanged

    late = first_end - timedelta(minutes=2)
    bid_place(auction_id=auction.pk, user=member, amount=Decimal("1100.00"), now=late)
    auction.refresh_from_db()
    assert auction.ends_at == late + timedelta(minutes=4)
    assert AuctionEvent.objects.filter(auction=auction, type=AuctionEventType.EXTENDED).count() == 1


def test_no_bid_after_the_end(store):
    auction = running_auction(store)
    (member,) = bidders(auction, 1)
    with pytest.raises(AuctionRefused) as refused:
        bid_place(auction_id=auction.pk, user=member, amount=Decimal("1000.00"), now=auction.ends_at)
    assert refused.value.code == "auction_not_live"


def test_buy_out_ends_the_auction_at_once_and_the_others_get_their_deposits_back(store):
    auction = running_auction(store, buyout="3000.00", deposit="200.00")
    alice, bob = bidders(auction, 2)
    bid_place(auction_id=auction.pk, user=alice, amount=Decimal("1000.00"))
    with TestCase.captureOnCommitCallbacks(execute=True):
        bid = bid_place(auction_id=auction.pk, user=bob, amount=Decimal("3500.00"))
    auction.refresh_from_db()
    assert (bid.amount, bid.buyout) == (Decimal("3000.00"), True)
    assert (auction.status, auction.winner, auction.final_price) == (
        AuctionStatus.AWAITING_PAYMENT,
        bob,
        Decimal("3000.00"),
    )
    assert auction.pay_by == auction.closed_at + timedelta(hours=24)
    assert Deposit.objects.get(user=alice).status == DepositStatus.REFUNDED
    assert Deposit.objects.get(user=bob).status == DepositStatus.PAID
    assert list(SimulatedGatewayRefund.objects.values_list("amount", flat=True)) == [Decimal("200.00")]
    with pytest.raises(AuctionRefused):
        bid_place(auction_id=auction.pk, user=alice, amount=Decimal("3100.00"))


def test_closing_names_the_highest_bidder_and_refunds_the_losers_once(store):
    auction = running_auction(store, deposit="200.00")
    alice, bob, carol = bidders(auction, 3)
    for member, amount in ((alice, "1000.00"), (bob, "1100.00"), (carol, "1300.00")):
        bid_place(auction_id=auction.pk, user=member, amount=Decimal(amount))
    close(auction)
    close(auction)  # twice: nothing more
    assert auctions_close_due(now=auction.ends_at + timedelta(minutes=1)) == 0
    auction.refresh_from_db()
    assert (auction.status, auction.winner, auction.final_price) == (
        AuctionStatus.AWAITING_PAYMENT,
        carol,
        Decimal("1300.00"),
    )
    refunded = dict(Deposit.objects.values_list("user", "status"))
    assert refunded == {alice.pk: "refunded", bob.pk: "refunded", carol.pk: "paid"}
    assert ReturnedPayment.objects.count() == 2
    assert sorted(SimulatedGatewayRefund.objects.values_list("requests", flat=True)) == [1, 1]


def test_a_reserve_not_met_ends_unsold_with_the_lot_back_and_every_deposit_refunded(store):
    auction = running_auction(store, stock=3, reserve="2000.00")
    alice, bob = bidders(auction, 2)
    bid_place(auction_id=auction.pk, user=alice, amount=Decimal("1000.00"))
    bid_place(auction_id=auction.pk, user=bob, amount=Decimal("1900.00"))
    close(auction)
    auction.refresh_from_db()
    assert (auction.status, auction.winner) == (AuctionStatus.UNSOLD, None)
    assert (available(auction.sku), reserved(auction.sku)) == (3, 0)
    assert set(Deposit.objects.values_list("status", flat=True)) == {"refunded"}


def test_no_bids_ends_unsold(store):
    auction = running_auction(store, stock=1)
    close(auction)
    auction.refresh_from_db()
    assert auction.status == AuctionStatus.UNSOLD
    assert available(auction.sku) == 1
    assert AuctionEvent.objects.get(auction=auction, type=AuctionEventType.UNSOLD).data == {"reason": "no_bids"}


def test_a_winner_who_does_not_pay_forfeits_the_deposit_and_the_next_bidder_is_offered_the_lot(store):
    auction = running_auction(store, stock=2, deposit="200.00", payment_hours=2)
    alice, bob = bidders(auction, 2)
    bid_place(auction_id=auction.pk, user=alice, amount=Decimal("1000.00"))
    bid_place(auction_id=auction.pk, user=bob, amount=Decimal("1200.00"))
    bid_place(auction_id=auction.pk, user=alice, amount=Decimal("1300.00"))
    close(auction)
    auction.refresh_from_db()
    late = auction.pay_by + timedelta(seconds=1)
    assert auction_forfeit(auction_id=auction.pk, now=auction.pay_by - timedelta(seconds=1)).winner == alice

    auction = auction_forfeit(auction_id=auction.pk, now=late)
    assert Deposit.objects.get(user=alice).status == DepositStatus.FORFEITED
    forfeited = AuctionEvent.objects.get(auction=auction, type=AuctionEventType.DEPOSIT_FORFEITED)
    assert forfeited.data == {
        "user": alice.pk,
        "store": store.pk,
        "amount": "200.00",
        "payment_no": forfeited.data["payment_no"],
    }
    assert (auction.status, auction.winner, auction.final_price) == (
        AuctionStatus.AWAITING_PAYMENT,
        bob,
        Decimal("1200.00"),
    )
    assert auction.pay_by == late + timedelta(hours=2)

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert auctions_close_due(now=auction.pay_by) == 1  # bob does not pay either: nobody is left
    auction.refresh_from_db()
    assert (auction.status, auction.winner) == (AuctionStatus.UNSOLD, None)
    assert (available(auction.sku), reserved(auction.sku)) == (2, 0)
    assert ReturnedPayment.objects.count() == 1  # bob's, at the close; alice's was forfeited


def test_a_deposit_paid_after_the_close_goes_back_whole(store, django_capture_on_commit_callbacks):
    auction = running_auction(store, deposit="200.00")
    payment = deposit_start(auction_id=auction.pk, user=UserFactory(), method="alipay")
    close(auction)
    with django_capture_on_commit_callbacks(execute=True):
        gateway_pays(payment)
    assert Payment.objects.get(pk=payment.pk).status == "succeeded"
    assert ReturnedPayment.objects.get().payment == payment
    assert Deposit.objects.get().status == DepositStatus.PENDING
    assert Bid.objects.count() == 0


def test_the_outbid_bidder_and_the_winner_are_told(store):
    auction = running_auction(store)
    alice, bob = bidders(auction, 2)
    bid_place(auction_id=auction.pk, user=alice, amount=Decimal("1000.00"))
    bid_place(auction_id=auction.pk, user=alice, amount=Decimal("1100.00"))  # raising one's own bid: nobody told
    bid_place(auction_id=auction.pk, user=bob, amount=Decimal("1200.00"))
    close(auction)
    told = list(Message.objects.order_by("id").values_list("recipient_id", "kind", "params__price"))
    assert told == [(alice.pk, "auction_outbid", "1200.00"), (bob.pk, "auction_won", "1200.00")]
