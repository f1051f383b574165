"""A payment the platform kept for a store (an auction's deposit its winner forfeited) is credited on the store's
next bill, whole and once, and counts in what HQ pays the store."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from auctions.services import auction_close, auction_forfeit, bid_place
from orders.exceptions import InvalidTransition
from orders.models import KeptPayment, Payment
from orders.payment.services import payment_keep, payment_return
from settlement.models import Bill, BillCredit, BillStatus
from tests.auctions.helpers import deposit_paid, running_auction
from tests.conftest import client_for
from tests.factories import FinanceFactory, UserFactory
from tests.settlement.test_bills import run
from tests.settlement.test_finance_pages import browser

pytestmark = pytest.mark.django_db(transaction=True)


def forfeited(store, deposit="200.00", **setup):
    """An auction whose only bidder won and did not pay by the deadline: the deposit forfeited."""
    auction = running_auction(store, deposit=deposit, **setup)
    winner = UserFactory()
    deposit_paid(auction, winner)
    bid_place(auction_id=auction.pk, user=winner, amount=Decimal("1000.00"))
    auction_close(auction_id=auction.pk, now=auction.ends_at + timedelta(seconds=1))
    auction.refresh_from_db()
    return auction_forfeit(auction_id=auction.pk, now=auction.pay_by + timedelta(seconds=1))


def test_a_forfeited_deposit_is_credited_whole_on_the_stores_next_bill_once(store):
    finance = FinanceFactory()
    forfeited(store)
    [kept] = KeptPayment.objects.all()
    assert (kept.store, kept.amount, kept.reason) == (store, Decimal("200.00"), "auction_deposit")

    day = timezone.localdate(kept.kept_at)  # the auction's clock: the winner's deadline, a day from now
    early = run(until=day - timedelta(days=1), by=finance)  # not kept by that day's end
    first, again = run(until=day, by=finance), run(until=day, by=finance)

    [bill] = Bill.objects.filter(store=store)
    assert (early.bills_made, first.bills_made, again.bills_made) == (0, 1, 0)
    assert (bill.gross, bill.hq_take, bill.credits, bill.store_due) == (0, 0, Decimal("200.00"), Decimal("200.00"))
    assert bill.status == BillStatus.ISSUED
    assert list(BillCredit.objects.values_list("bill", "kept_payment", "amount")) == [
        (bill.pk, kept.pk, Decimal("200.00"))
    ]
    page = browser(finance).get(f"/finance/bills/{bill.pk}/").content.decode()
    assert 'data-figure="credits">¥200.00' in page
    api = client_for(finance).get(f"/api/v1/finance/bills/{bill.pk}/").json()
    assert (api["credits"], api["store_due"]) == ("200.00", "200.00")


def test_an_operators_auction_credits_the_store_whose_lot_it_was(store):
    forfeited(store, platform=True, deposit="88.80")
    run(until=timezone.localdate(KeptPayment.objects.get().kept_at))
    assert Bill.objects.get(store=store).credits == Decimal("88.80")


def test_a_deposit_kept_cannot_be_given_back_nor_one_given_back_kept(store):
    auction = forfeited(store)
    kept = KeptPayment.objects.get()
    with transaction.atomic():
        assert payment_keep(payment=kept.payment, store_id=store.pk, reason="again") == kept  # once
    with pytest.raises(InvalidTransition), transaction.atomic():
        payment_return(payment=kept.payment, reason="auction_deposit")

    returned = Payment.objects.get(
        payment_no=deposit_paid(running_auction(store, sku=auction.sku), UserFactory()).payment_no
    )
    with transaction.atomic():
        payment_return(payment=returned, reason="auction_deposit")
    with pytest.raises(InvalidTransition), transaction.atomic():
        payment_keep(payment=returned, store_id=auction.store_id, reason="auction_deposit")
    assert KeptPayment.objects.count() == 1
