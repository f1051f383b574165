"""The winner's order through the existing checkout (buy-now with play=auction:<id>): the final price as a play
component with its funder (or above the list price, the line's price), the lot's reservation moved to the order,
the deadline to pay, the deposit back once paid; an unpaid order forfeits it and offers the next bidder the lot."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import TestCase
from django.utils import timezone

from auctions.models import AuctionEvent, AuctionStatus, Deposit, DepositStatus
from auctions.services import auction_close, bid_place
from orders.lifecycle.cancellation import cancel_unpaid_orders, order_cancel
from orders.models import KeptPayment, LineDiscount, OrderLine, ReturnedPayment, StoreOrder, Trade
from tests.auctions.helpers import deposit_paid, running_auction
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.orders.helpers import address_of, available, pay, reserved, submit

pytestmark = pytest.mark.django_db


def won(store, prices=("1000.00", "1200.00"), **setup):
    """Two bidders; the second wins at the last price once the auction closes. (auction, winner, runner-up)"""
    auction = running_auction(store, stock=3, deposit="200.00", **setup)
    runner_up, winner = UserFactory(), UserFactory()
    for member, price in zip((runner_up, winner), prices, strict=True):
        deposit_paid(auction, member)
        bid_place(auction_id=auction.pk, user=member, amount=Decimal(price))
    auction.refresh_from_db()
    with TestCase.captureOnCommitCallbacks(execute=True):
        auction_close(auction_id=auction.pk, now=auction.ends_at + timedelta(seconds=1))
    auction.refresh_from_db()
    return auction, winner, runner_up


def buy(member, auction, expected: str):
    return submit(
        client_for(member),
        [(auction.sku, 1)],
        address=address_of(member).pk,
        expected=expected,
        play=f"auction:{auction.pk}",
    )


def test_the_preview_prices_the_lot_at_the_final_price_as_a_store_funded_play(store):
    auction, winner, _ = won(store)
    body = {"lines": [{"sku": auction.sku_id, "quantity": 1}], "play": f"auction:{auction.pk}"}
    preview = client_for(winner).post("/api/v1/checkout/preview/", body, format="json").json()
    [store_part] = preview["stores"]
    [line] = store_part["lines"]
    assert (line["unit_price"], line["promotion_discount"], line["payable"]) == ("5999.00", "4799.00", "1200.00")
    assert store_part["plays"] == [{"id": auction.pk, "kind": "auction", "discount": "4799.00"}]


def test_the_winner_buys_at_the_final_price_and_the_lot_moves_to_the_order(store, django_capture_on_commit_callbacks):
    auction, winner, _ = won(store)
    sku = auction.sku
    assert (available(sku), reserved(sku)) == (2, 1)

    response = buy(winner, auction, "1200.00")

    assert response.status_code == 201, response.json()
    line = OrderLine.objects.get()
    assert (line.unit_price, line.promotion_discount, line.payable) == (
        Decimal("5999.00"),
        Decimal("4799.00"),
        Decimal("1200.00"),
    )
    part = LineDiscount.objects.get(line=line)
    assert (part.source, part.source_id, part.kind, part.amount, part.platform_amount) == (
        "play",
        auction.pk,
        "auction",
        Decimal("4799.00"),
        Decimal("0.00"),  # the store funds its auction
    )
    assert (available(sku), reserved(sku)) == (2, 1)  # the auction's unit is now the order's
    order = StoreOrder.objects.get()
    auction.refresh_from_db()
    assert (order.play_kind, order.play_ref, auction.order_no) == ("auction", auction.pk, order.order_no)
    assert Trade.objects.get().expires_at == auction.pay_by

    with django_capture_on_commit_callbacks(execute=True):
        pay(client_for(winner), response.json()["trade_no"])
    auction.refresh_from_db()
    assert auction.status == AuctionStatus.SOLD
    assert Deposit.objects.get(user=winner).status == DepositStatus.REFUNDED  # after paying, back too
    assert ReturnedPayment.objects.count() == 2  # the runner-up's at the close, the winner's now


def test_a_final_price_above_the_list_price_is_what_the_line_costs(store):
    auction, winner, _ = won(store, prices=("6500.00", "7000.00"), starting="6000.00")
    response = buy(winner, auction, "7000.00")
    assert response.status_code == 201, response.json()
    line = OrderLine.objects.get()
    assert (line.unit_price, line.promotion_discount, line.payable) == (
        Decimal("7000.00"),
        Decimal("0.00"),
        Decimal("7000.00"),
    )
    assert not LineDiscount.objects.exists()


@pytest.mark.parametrize("who", ["runner_up", "stranger"])
def test_only_the_winner_buys_through_the_auction(store, who):
    auction, _winner, runner_up = won(store)
    member = runner_up if who == "runner_up" else UserFactory()
    response = buy(member, auction, "1200.00")
    assert (response.status_code, response.json()["code"]) == (409, "auction_not_winner")
    assert not StoreOrder.objects.exists()


def test_the_winner_may_not_buy_after_the_deadline(store):
    auction, winner, _ = won(store)
    auction.pay_by = timezone.now() - timedelta(seconds=1)
    auction.save(update_fields=["pay_by"])
    response = buy(winner, auction, "1200.00")
    assert (response.status_code, response.json()["code"]) == (409, "auction_not_winner")


def test_a_winner_who_cancels_before_the_deadline_may_check_out_again(store):
    auction, winner, _ = won(store)
    buy(winner, auction, "1200.00")
    order_cancel(order=StoreOrder.objects.get(), by=winner)
    auction.refresh_from_db()
    assert (auction.status, auction.order_no, auction.stock_held) == (AuctionStatus.AWAITING_PAYMENT, "", True)
    assert (available(auction.sku), reserved(auction.sku)) == (2, 1)
    assert buy(winner, auction, "1200.00").status_code == 201


def test_an_unpaid_order_at_the_deadline_forfeits_the_deposit_and_offers_the_next_bidder(store):
    auction, winner, runner_up = won(store)
    buy(winner, auction, "1200.00")

    assert cancel_unpaid_orders(now=auction.pay_by + timedelta(seconds=1)) == 1

    auction.refresh_from_db()
    assert Deposit.objects.get(user=winner).status == DepositStatus.FORFEITED
    forfeited = AuctionEvent.objects.get(type="deposit_forfeited")
    assert (forfeited.data["store"], forfeited.data["amount"]) == (store.pk, "200.00")
    kept = KeptPayment.objects.get()  # the money, which settlement credits to the store
    assert (kept.payment.payment_no, kept.store, kept.amount) == (forfeited.data["payment_no"], store, Decimal("200"))
    assert (auction.status, auction.winner, auction.final_price) == (
        AuctionStatus.AWAITING_PAYMENT,
        runner_up,
        Decimal("1000.00"),
    )
    assert (available(auction.sku), reserved(auction.sku)) == (2, 1)  # held again for the runner-up
    assert buy(runner_up, auction, "1000.00").status_code == 201
