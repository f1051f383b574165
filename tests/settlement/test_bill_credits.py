"""A payment the platform kept for a store (an auction's deposit its winner forfeited) is credited on the store's
next bill, whole and once, and counts in what HQ pays the store."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from auctions.models import Auction, AuctionStatus, Deposit
from auctions.services import auction_close, auction_forfeit, bid_place
from auctions.tasks import close_auctions
from orders.exceptions import InvalidTransition
from orders.models import KeptPayment, OrderEvent, Payment
from orders.payment.services import payment_keep, payment_return
from settlement.models import Bill, BillCredit, BillStatus, Payout, SettlementTerms
from tests.auctions.helpers import deposit_paid, running_auction
from tests.conftest import client_for
from tests.factories import FinanceFactory, MembershipFactory, UserFactory
from tests.orders.helpers import callback
from tests.settlement.test_bills import received, run, terms
from tests.settlement.test_confirmation import cashier  # noqa: F401 (a fixture)
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


# --- Through the product's own paths: the shopper's API and the gateway, the minute job, finance's bill runs


def bids_through_the_api(auction, member, amount: str) -> str:
    """`member` pays the deposit on the gateway and bids `amount`: the deposit's payment number."""
    api = client_for(member)
    payment = api.post(f"/api/v1/auctions/{auction.pk}/deposit/", {"method": "alipay"}, format="json").json()
    assert callback(api, payment["payment_no"], payment["amount"]).status_code == 200
    placed = api.post(f"/api/v1/auctions/{auction.pk}/bids/", {"amount": amount}, format="json")
    assert placed.status_code == 201, placed.json()
    return payment["payment_no"]


def time_passes(auction, field: str) -> None:
    """The auction's end, or its winner's time to pay, is a second ago; then the minute job runs."""
    Auction.objects.filter(pk=auction.pk).update(**{field: timezone.now() - timedelta(seconds=1)})
    close_auctions()


def bill_run(finance, until) -> dict:
    api = client_for(finance)
    started = api.post("/api/v1/finance/bill-runs/", {"until": str(until)})
    assert started.status_code == 202, started.json()
    return api.get(f"/api/v1/finance/bill-runs/{started.json()['id']}/").json()


def test_an_unpaid_winners_deposit_reaches_the_stores_next_bill_once_and_is_paid_out_with_it(
    store,
    paid_order,
    cashier,  # noqa: F811
):
    finance, member = FinanceFactory(), UserFactory()
    account = {"bank_name": "招商银行", "account_name": "店主", "account_number": "6225880112345678"}
    terms(store, finance, rate=Decimal("5"), **account)
    SettlementTerms.objects.filter(store=store).update(effective_from=timezone.localdate() - timedelta(days=10))
    order = paid_order(client_for(member), member, store, quantity=1)
    OrderEvent.objects.filter(order=order).update(at=timezone.now() - timedelta(days=5))  # bought 5 days ago
    received(order, days_ago=4)
    today = timezone.localdate()
    assert bill_run(finance, today - timedelta(days=1))["progress"]["bills_made"] == 1  # the sale's bill, before
    phone = order.lines.get().sku  # the catalogue's phone: one more of it is the lot
    auction = running_auction(store, sku=phone, deposit="200.00", starting="1000.00", increment="100.00")
    runner_up, winner = UserFactory(), UserFactory()
    runner_up_payment = bids_through_the_api(auction, runner_up, "1000.00")
    winner_payment = bids_through_the_api(auction, winner, "1100.00")

    time_passes(auction, "ends_at")  # closed: the winner named, the runner-up's deposit given back
    time_passes(auction, "pay_by")  # the winner did not pay: deposit forfeited, the runner-up offered the lot
    time_passes(auction, "pay_by")  # nor did the runner-up, whose deposit went back at the close: nothing kept
    first, again = bill_run(finance, today), bill_run(finance, today)

    auction.refresh_from_db()
    assert auction.status == AuctionStatus.UNSOLD
    assert dict(Deposit.objects.values_list("user", "status")) == {runner_up.pk: "refunded", winner.pk: "forfeited"}
    [kept] = KeptPayment.objects.all()
    assert (kept.payment.payment_no, kept.store, kept.amount) == (winner_payment, store, Decimal("200.00"))
    assert (first["progress"]["bills_made"], again["progress"]["bills_made"]) == (1, 0)
    sale_bill, credit_bill = Bill.objects.filter(store=store).order_by("period_end")
    assert (sale_bill.credits, sale_bill.store_due) == (0, Decimal("5699.05"))  # 5999.00 less 5 %
    assert (credit_bill.period_start, credit_bill.period_end, credit_bill.status) == (today, today, "issued")
    assert (credit_bill.gross, credit_bill.hq_take, credit_bill.lines.count()) == (0, 0, 0)  # no sale, no take
    assert (credit_bill.credits, credit_bill.store_due) == (Decimal("200.00"), Decimal("200.00"))
    assert list(BillCredit.objects.values_list("bill", "amount")) == [(credit_bill.pk, Decimal("200.00"))]

    listed = client_for(finance).get("/api/v1/finance/bills/", {"store": store.pk}).json()["results"]
    assert [(row["bill_no"], row["credits"], row["store_due"]) for row in listed] == [
        (credit_bill.bill_no, "200.00", "200.00"),
        (sale_bill.bill_no, "0.00", "5699.05"),
    ]
    owner = MembershipFactory(store=store, role="owner").user
    seller_bill = client_for(owner).get(f"/api/v1/seller/settlement/bills/{credit_bill.pk}/").json()
    assert (seller_bill["credits"], seller_bill["store_due"]) == ("200.00", "200.00")
    for page in (
        browser(finance).get(f"/finance/bills/{credit_bill.pk}/").content.decode(),
        browser(owner).get(f"/seller/bills/{credit_bill.pk}/").content.decode(),
    ):
        assert "¥200.00" in page.split('data-figure="credits"')[1][:200]
        assert "¥200.00" in page.split('data-figure="store-due"')[1][:200]
        row = page.split(f'data-payment="{winner_payment}"')[1].split("</tr>")[0]
        assert "Auction deposit forfeited by its winner" in row and "¥200.00" in row
        assert runner_up_payment not in page
    assert "¥200.00" in browser(finance).get("/finance/bills/", {"store": store.pk}).content.decode()

    assert client_for(owner).post(f"/api/v1/seller/settlement/bills/{credit_bill.pk}/confirm/").status_code == 200
    assert client_for(finance).post(f"/api/v1/finance/bills/{credit_bill.pk}/confirm/").status_code == 200
    paid = client_for(cashier).post(
        f"/api/v1/finance/bills/{credit_bill.pk}/payout/", {"method": "manual", "reference": "CMB20261207001"}
    )
    assert (paid.status_code, paid.json()["amount"]) == (201, "200.00")
    assert Payout.objects.get(bill=credit_bill).amount == Decimal("200.00")
