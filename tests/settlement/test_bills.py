"""The ledger and the bill run, end to end: orders paid, received and refunded through the API; bills checked to
the cent, each line and each bill conserving money (payable + freight = store due + HQ's take - platform
discounts), each entry billed once whatever the runs."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import timezone

from catalog.models import Sku
from coupons import services as coupon_services
from orders.lifecycle.receipt import order_confirm_receipt
from orders.models import OrderEvent
from settlement import services
from settlement.models import Bill, BillLine, BillRun, BillStatus, EntryKind, LedgerEntry, Watermark
from settlement.services import bills
from tests.conftest import client_for
from tests.coupons.factories import coupon_template
from tests.factories import FinanceFactory, StoreFactory, UserFactory
from tests.orders.test_order_receipt import shipped
from tests.orders.test_refunds import ask

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = timezone.localdate


@pytest.fixture
def finance(db):
    return FinanceFactory()


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def shopper(member):
    return client_for(member)


def terms(store, finance, mode="sales_share", **fields):
    """Terms in force from today, held `hold_days` (3 unless said) after receipt."""
    fields.setdefault("hold_days", 3)
    return services.terms_set(
        store=store,
        by=finance,
        terms=services.TermsInput(effective_from=TODAY(), mode=mode, cycle="monthly", **fields),
    )


def received(order, days_ago: int) -> None:
    """The order shipped and its receipt confirmed by the shopper `days_ago`."""
    order_confirm_receipt(order=shipped(order), by=order.user)
    OrderEvent.objects.filter(order=order, type="receipt_confirmed").update(
        at=timezone.now() - timedelta(days=days_ago)
    )


def run(until=None, by=None):
    """A bill run as of `until` (today), carried out here as the worker would."""
    started = services.bill_run_start(until=until or TODAY(), by=by)
    return services.bill_run_execute(run_id=started.pk)


def conserved(bill: Bill) -> None:
    """Every cent accounted for, per line and for the bill, and the bill the exact sum of its lines."""
    lines = list(BillLine.objects.filter(bill=bill))
    for line in lines:
        payable = line.gross - line.store_discounts - line.platform_discounts
        assert payable + line.freight == line.store_due + line.hq_take - line.platform_discounts
    for part in ("gross", "store_discounts", "platform_discounts", "hq_take", "freight"):
        assert getattr(bill, part) == sum((getattr(line, part) for line in lines), Decimal(0)), part


def test_a_received_order_is_billed_once_with_hqs_take_to_the_cent(store, finance, shopper, member, paid_order):
    terms(store, finance, rate=Decimal("5"))
    order = paid_order(shopper, member, store, quantity=1)
    received(order, days_ago=4)

    first = run(by=finance)
    again = run(by=finance)

    [bill] = Bill.objects.filter(store=store)
    assert (first.status, first.stores_done, first.bills_made, first.lines_billed) == ("done", 1, 1, 1)
    assert (again.bills_made, again.lines_billed) == (0, 0)
    assert bill.status == BillStatus.ISSUED and bill.period_end == TODAY()
    assert (bill.gross, bill.hq_take, bill.store_due) == (Decimal("5999.00"), Decimal("299.95"), Decimal("5699.05"))
    [entry] = LedgerEntry.objects.filter(order=order)
    assert list(bill.lines.values_list("through_entry", flat=True)) == [entry.pk]  # the line claims its entry
    assert list(bill.events.values_list("type", flat=True)) == ["issued"]
    conserved(bill)


def test_a_line_waits_for_its_hold_days_and_for_its_after_sales_to_close(
    store, finance, shopper, member, owner_api, paid_order
):
    terms(store, finance, rate=Decimal("5"))
    recent = paid_order(shopper, member, store, quantity=1)
    received(recent, days_ago=2)  # held 3 days
    disputed = paid_order(shopper, member, store, quantity=2)
    received(disputed, days_ago=10)
    asked = ask(shopper, disputed, 1).json()  # open: the line waits

    assert run().bills_made == 0

    owner_api.post(f"/api/v1/seller/refunds/{asked['id']}/approve/", {})
    assert not Bill.objects.exists()
    run()
    [bill] = Bill.objects.filter(store=store)
    [line] = bill.lines.all()
    assert line.order_id == disputed.pk and line.quantity == 1  # 2 paid, 1 refunded before billing
    assert (line.gross, line.hq_take) == (Decimal("5999.00"), Decimal("299.95"))
    conserved(bill)


def test_a_refund_after_billing_lands_on_the_next_bill_and_gives_back_the_take_exactly(
    store, finance, shopper, member, owner_api, paid_order
):
    terms(store, finance, rate=Decimal("5"), hold_days=0)
    order = paid_order(shopper, member, store, quantity=3)
    received(order, days_ago=1)
    run(until=TODAY() - timedelta(days=1))  # paid today: its receipt counts only by today's bill
    run()
    [first] = Bill.objects.filter(store=store)
    assert (first.gross, first.hq_take) == (Decimal("17997.00"), Decimal("899.85"))

    for quantity in (1, 2):  # the rest of the line, in two refunds, after billing
        refund = ask(shopper, order, quantity).json()
        owner_api.post(f"/api/v1/seller/refunds/{refund['id']}/approve/", {})
    run(until=TODAY() + timedelta(days=1))

    second = Bill.objects.get(store=store, period_end=TODAY() + timedelta(days=1))
    [line] = second.lines.all()
    assert (line.quantity, line.gross, line.hq_take) == (-3, Decimal("-17997.00"), Decimal("-899.85"))
    assert second.store_due == Decimal("-17097.15") and second.status == BillStatus.CARRIED_FORWARD
    assert first.store_due + second.store_due == 0
    conserved(first)
    conserved(second)


def test_a_carried_forward_balance_opens_the_next_bill(store, finance, shopper, member, owner_api, paid_order):
    terms(store, finance, rate=Decimal("5"), hold_days=0)
    first_order = paid_order(shopper, member, store, quantity=1)
    received(first_order, days_ago=1)
    run()
    refund = ask(shopper, first_order, 1).json()
    owner_api.post(f"/api/v1/seller/refunds/{refund['id']}/approve/", {})
    run(until=TODAY() + timedelta(days=1))
    second_order = paid_order(shopper, member, store, quantity=2)
    received(second_order, days_ago=0)
    run(until=TODAY() + timedelta(days=2))

    carried = Bill.objects.get(store=store, period_end=TODAY() + timedelta(days=1))
    third = Bill.objects.get(store=store, period_end=TODAY() + timedelta(days=2))
    assert carried.status == BillStatus.CARRIED_FORWARD and carried.store_due == Decimal("-5699.05")
    assert third.brought_forward == Decimal("-5699.05")
    assert third.store_due == Decimal("11398.10") - Decimal("5699.05")
    assert third.period_start == carried.period_end + timedelta(days=1)


def test_profit_share_takes_by_the_band_of_the_periods_margin(store, finance, shopper, member, paid_order):
    terms(store, finance, "profit_share", margin_bands=[(Decimal(0), Decimal(70)), (Decimal(20), Decimal(60))])
    phone = paid_order(shopper, member, store, quantity=1)
    Sku.objects.filter(pk=phone.lines.get().sku_id).update(cost_price=Decimal("4000.00"))
    LedgerEntry.objects.all().delete()  # posted again below, with the cost the SKU has when posted
    received(phone, days_ago=5)

    run()

    [line] = Bill.objects.get(store=store).lines.all()
    # 5999.00 - 4000.00 = 1999.00 profit, a 33.3 % margin: the store keeps 60 % of it, 1199.40; HQ the rest.
    assert line.hq_take == Decimal("4799.60")
    assert line.store_due == Decimal("1199.40")


def test_price_difference_takes_the_supply_price_and_a_store_without_terms_its_recorded_commission(
    store, finance, shopper, member, paid_order
):
    unset = StoreFactory()
    terms(store, finance, "price_difference")
    for seller in (store, unset):
        order = paid_order(shopper, member, seller, quantity=2)
        services.supply_prices_set(store=store, by=finance, prices=[(order.lines.get().sku_id, Decimal("5100.00"))])
        received(order, days_ago=8)  # the default terms hold a week

    run()

    assert Bill.objects.get(store=store).hq_take == Decimal("10200.00")  # 2 x 5100.00
    assert Bill.objects.get(store=unset).hq_take == Decimal("599.90")  # 5 % of 11998.00, as the order recorded


def test_two_runs_at_once_bill_each_entry_exactly_once(store, finance, shopper, member, paid_order):
    terms(store, finance, rate=Decimal("5"))
    for _ in range(3):
        received(paid_order(shopper, member, store, quantity=1), days_ago=5)
    runs = [services.bill_run_start(until=TODAY(), by=finance) for _ in range(2)]
    barrier = threading.Barrier(2)

    def execute(run_id):
        barrier.wait()
        try:
            services.bill_run_execute(run_id=run_id)
        finally:
            connection.close()

    threads = [threading.Thread(target=execute, args=(started.pk,)) for started in runs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    [bill] = Bill.objects.filter(store=store)
    sales = LedgerEntry.objects.filter(kind=EntryKind.SALE).order_by("pk")
    assert list(BillLine.objects.order_by("through_entry").values_list("through_entry", flat=True)) == [
        sale.pk for sale in sales
    ]
    assert bill.lines.count() == 3 and bill.gross == Decimal("17997.00")
    assert sum(BillRun.objects.values_list("bills_made", flat=True)) == 1


def test_discounts_are_split_by_funder_and_a_refund_reverses_every_part_in_proportion(
    store, finance, shopper, member, owner_api, paid_order
):
    terms(store, finance, rate=Decimal("5"), hold_days=0)
    for template in (coupon_template(store=store, value=Decimal("100.00")), coupon_template(value=Decimal("10.00"))):
        coupon_services.coupon_claim(template=template, user=member)
    order = paid_order(shopper, member, store, quantity=3)
    received(order, days_ago=1)
    run()
    refund = ask(shopper, order, 1).json()
    owner_api.post(f"/api/v1/seller/refunds/{refund['id']}/approve/", {})
    run(until=TODAY() + timedelta(days=1))

    first, second = Bill.objects.filter(store=store).order_by("period_end")
    assert (first.gross, first.store_discounts, first.platform_discounts) == (
        Decimal("17997.00"),
        Decimal("100.00"),  # the store's coupon
        Decimal("10.00"),  # the platform's: HQ pays it to the store
    )
    assert (first.hq_take, first.store_due) == (Decimal("894.85"), Decimal("17002.15"))  # 5 % of 17897.00
    [back] = second.lines.all()
    assert back.gross - back.store_discounts - back.platform_discounts == -Decimal(refund["amount"])
    assert (back.store_discounts, back.platform_discounts) == (Decimal("-33.33"), Decimal("-3.33"))
    assert back.hq_take == Decimal("-298.28")  # 894.85 x 5962.33 / 17887.00, half up
    conserved(first)
    conserved(second)


def test_the_ledger_is_posted_once_per_event_however_often_it_runs(store, shopper, member, owner_api, paid_order):
    order = paid_order(shopper, member, store, quantity=3)
    refund = ask(shopper, order, 1).json()
    owner_api.post(f"/api/v1/seller/refunds/{refund['id']}/approve/", {})

    threads = [threading.Thread(target=lambda: (services.ledger_post(), connection.close())) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    services.ledger_post()

    entries = LedgerEntry.objects.filter(order=order).order_by("pk")
    assert [(entry.kind, entry.quantity, entry.gross) for entry in entries] == [
        ("sale", 3, Decimal("17997.00")),
        ("refund", -1, Decimal("-5999.00")),
    ]


@pytest.mark.parametrize("waits", [True, False], ids=["the mark waits for the writer", "the mark stays"])
def test_an_event_still_being_written_when_the_ledger_posts_is_posted_later_never_skipped(
    store, shopper, member, owner_api, paid_order, monkeypatch, waits
):
    """A refund's event written by a transaction still open while another order's events commit after it: the
    ledger's watermark must not pass it. Either the mark waits for its writer, or it stays where it was."""
    from settlement.services import ledger

    order = paid_order(shopper, member, store, quantity=3)
    refund = ask(shopper, order, 1).json()
    services.ledger_post()
    monkeypatch.setattr(ledger, "MARK_LOCK_TIMEOUT", "5s" if waits else "100ms")
    written, release = threading.Event(), threading.Event()

    def approve_and_hold():
        try:
            with transaction.atomic():
                owner_api.post(f"/api/v1/seller/refunds/{refund['id']}/approve/", {})
                written.set()
                release.wait(10)
        finally:
            connection.close()

    writer = threading.Thread(target=approve_and_hold)
    writer.start()
    assert written.wait(10)
    buyer = UserFactory()
    later = paid_order(client_for(buyer), buyer, StoreFactory(), quantity=1)  # its events commit after the refund's
    threading.Timer(1.0, release.set).start()
    services.ledger_post()
    refunds = LedgerEntry.objects.filter(order=order, kind=EntryKind.REFUND)
    assert refunds.exists() is waits  # it waited for the writer, or left the mark below the open transaction
    writer.join()
    services.ledger_post()

    assert [(entry.kind, entry.quantity) for entry in LedgerEntry.objects.filter(order=order).order_by("pk")] == [
        ("sale", 3),
        ("refund", -1),
    ]
    assert LedgerEntry.objects.filter(order=later, kind=EntryKind.SALE).count() == 1
    assert Watermark.objects.get(name=ledger.MARK).last_id == OrderEvent.objects.latest("pk").pk


def test_a_bill_made_after_the_runs_claim_makes_the_store_claim_again(store, finance, shopper, member, paid_order):
    terms(store, finance, rate=Decimal("5"), hold_days=0)
    received(paid_order(shopper, member, store, quantity=1), days_ago=1)
    services.ledger_post()
    later = BillRun.objects.create(until=TODAY() + timedelta(days=1))
    claimed = bills._claim_all([store], later.until)  # the later run's claim, then another run bills the store

    other = threading.Thread(target=lambda: (run(), connection.close()))
    other.start()
    other.join()

    assert bills.store_bill(store=store, until=later.until, run=later, claim=claimed[store.pk]) is None
    assert BillLine.objects.count() == 1 and Bill.objects.count() == 1  # billed once, by the other run


def test_one_stores_failure_is_recorded_and_the_run_goes_on(store, finance, shopper, member, paid_order, monkeypatch):
    failing = StoreFactory()
    for seller in (failing, store):
        received(paid_order(shopper, member, seller, quantity=1), days_ago=8)
    rates = bills._rates

    def rates_or_fail(figures, seller):
        if seller.pk == failing.pk:
            raise RuntimeError("no rate")
        return rates(figures, seller)

    monkeypatch.setattr(bills, "_rates", rates_or_fail)
    done = run()

    assert (done.status, done.stores_done, done.bills_made, done.lines_billed) == ("done", 2, 1, 1)
    assert done.failures == [{"store": failing.pk, "error": "RuntimeError: no rate"}]
    assert not Bill.objects.filter(store=failing).exists() and Bill.objects.filter(store=store).exists()
