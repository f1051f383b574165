"""The finance console (/finance/), as finance staff use it: pages open for them and are refused to others; a bill
run started from the page makes bills; a bill's page shows its figures to the cent and the actions its state
allows; an adjustment proposed by one finance user and approved by another changes what the store is due; a bill is
confirmed and paid by hand; a refused action says why and changes nothing. Bills are made as test_bills.py and
test_confirmation.py make them: orders paid and received through the API, then a bill run."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from settlement import services
from settlement.models import Adjustment, Bill, BillRun, BillStatus, Payout, SettlementTerms
from stores.models import StaffRole
from tests.conftest import client_for
from tests.factories import FinanceFactory, MembershipFactory, OperatorFactory, StoreFactory, UserFactory
from tests.settlement.test_bills import received, run, terms

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = ("/finance/", "/finance/bills/", "/finance/disputes/", "/finance/adjustments/", "/finance/payouts/")


def browser(user=None, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def finance():
    return FinanceFactory(username="fin_one")


@pytest.fixture
def cashier():
    user = FinanceFactory(username="cashier")
    user.user_permissions.add(Permission.objects.get(codename="pay_bill"))
    return user


def sold(store, finance, paid_order, quantity=1):
    """A store on 5 % of net sales with a payout account, and an order of `quantity` phones received 4 days ago."""
    member = UserFactory()
    account = {"bank_name": "招商银行", "account_name": "店主", "account_number": "6225880112345678"}
    if not SettlementTerms.objects.filter(store=store).exists():
        terms(store, finance, rate=Decimal("5"), **account)
    received(paid_order(client_for(member), member, store, quantity=quantity), days_ago=4)


@pytest.fixture
def bill(store, finance, paid_order):
    sold(store, finance, paid_order)
    run()
    return Bill.objects.get(store=store)


def disputed(bill):
    owner = MembershipFactory(store=bill.store, role=StaffRole.OWNER).user
    client_for(owner).post(f"/api/v1/seller/settlement/bills/{bill.pk}/dispute/", {"reason": "少算了运费 12 元"})
    bill.refresh_from_db()
    return bill


def text(response) -> str:
    return response.content.decode()


def test_the_pages_open_for_finance_and_superusers_in_chinese_and_english(bill, finance):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    pages = [*PAGES, "/finance/stores/", f"/finance/stores/{bill.store_id}/terms/", f"/finance/bills/{bill.pk}/"]

    for user in (finance, superuser):
        for page in pages:
            assert browser(user).get(page).status_code == 200, page
    chinese = text(browser(finance, "zh-hans").get("/finance/bills/"))
    english = text(browser(finance).get("/finance/bills/"))

    assert 'lang="zh-hans"' in chinese and bill.bill_no in chinese
    assert "Bills" in english and bill.bill_no in english


def test_a_visitor_logs_in_first_and_anyone_else_is_refused(bill):
    shopper, operator = UserFactory(), OperatorFactory()
    owner = MembershipFactory(store=bill.store, role=StaffRole.OWNER).user

    anonymous = browser().get("/finance/bills/")
    refused = [browser(user).get(page).status_code for user in (shopper, operator, owner) for page in PAGES]

    assert anonymous.status_code == 302 and anonymous["Location"] == "/accounts/login/?next=/finance/bills/"
    assert set(refused) == {403}
    assert "finance staff" in text(browser(shopper).get("/finance/"))


def test_starting_a_run_from_the_page_makes_the_bills(store, finance, paid_order):
    sold(store, finance, paid_order, quantity=2)
    other = StoreFactory()
    sold(other, finance, paid_order)

    client = browser(finance)
    started = client.post("/finance/", {"until": str(timezone.localdate()), "stores": [store.pk]})
    home = client.get("/finance/")

    assert started.status_code == 302
    made = BillRun.objects.get()
    assert (made.status, made.store_ids, made.stores_done, made.bills_made, made.lines_billed) == (
        "done",
        [store.pk],
        1,
        1,
        1,
    )
    assert list(Bill.objects.values_list("store", flat=True)) == [store.pk]
    assert f'data-run="{made.pk}" data-status="done"' in text(home)
    assert f"Bill run {made.pk} started" in text(home)


def test_a_run_for_days_to_come_is_refused_on_the_form(finance):
    refused = browser(finance).post("/finance/", {"until": str(timezone.localdate() + timedelta(days=1))})

    assert refused.status_code == 400
    assert "not days to come" in text(refused)
    assert not BillRun.objects.exists()


def test_a_running_runs_row_refreshes_itself_from_its_fragment(finance):
    running = BillRun.objects.create(until=timezone.localdate(), stores_total=3, stores_done=1, bills_made=1)

    home = text(browser(finance).get("/finance/"))
    fragment = text(browser(finance).get(f"/finance/runs/{running.pk}/progress/"))

    assert f'data-progress-url="/finance/runs/{running.pk}/progress/"' in home
    assert "js/finance.js" in home and "<script>" not in home
    assert fragment.strip().startswith(f'<tr id="run-{running.pk}"') and "1 / 3" in fragment


def test_the_bill_page_shows_the_figures_to_the_cent_and_links_each_order(bill, finance):
    page = browser(finance).get(f"/finance/bills/{bill.pk}/")
    order = bill.lines.get().order

    body = text(page)
    assert 'data-figure="gross">¥5999.00<' in body
    assert 'data-figure="net-sales">¥5999.00<' in body
    assert 'data-figure="hq-take">¥299.95<' in body
    assert 'data-figure="store-due"><strong>¥5699.05</strong>' in body
    assert f'<a href="/admin/orders/storeorder/{order.pk}/change/">{order.order_no}</a>' in body
    assert 'data-event="issued"' in body
    assert "Confirm the bill" not in body  # issued: the store answers first


def test_an_adjustment_one_proposes_and_another_approves_changes_the_store_due(bill, finance):
    disputed(bill)
    second = FinanceFactory(username="fin_two")

    proposed = browser(finance).post(f"/finance/bills/{bill.pk}/adjustments/", {"amount": "12.00", "reason": "补运费"})
    adjustment = Adjustment.objects.get()
    own_page = text(browser(finance).get(f"/finance/bills/{bill.pk}/"))
    own = browser(finance).post(f"/finance/adjustments/{adjustment.pk}/approve/", follow=True)
    bill.refresh_from_db()
    assert bill.adjustments == 0
    approved = browser(second).post(f"/finance/adjustments/{adjustment.pk}/approve/", follow=True)

    assert proposed.status_code == 302
    assert f'action="/finance/adjustments/{adjustment.pk}/approve/"' not in own_page
    assert "approved by someone other than who proposed it" in text(own)
    bill.refresh_from_db()
    assert (bill.adjustments, bill.store_due) == (Decimal("12.00"), Decimal("5711.05"))
    assert 'data-figure="store-due"><strong>¥5711.05</strong>' in text(approved)


def test_finance_confirms_and_a_cashier_pays_by_hand(bill, finance, cashier):
    disputed(bill)

    confirmed = browser(finance).post(f"/finance/bills/{bill.pk}/confirm/", follow=True)
    no_pay_button = text(browser(finance).get(f"/finance/bills/{bill.pk}/"))
    paid = browser(cashier).post(
        f"/finance/bills/{bill.pk}/pay/", {"method": "manual", "reference": "CMB20261206001"}, follow=True
    )

    assert "is Confirmed by finance" in text(confirmed)
    assert "Paid by hand" not in no_pay_button
    bill.refresh_from_db()
    payout = Payout.objects.get()
    assert (bill.status, payout.amount, payout.reference) == (BillStatus.PAID, Decimal("5699.05"), "CMB20261206001")
    assert payout.payout_no in text(paid)
    assert payout.payout_no in text(browser(finance).get("/finance/payouts/"))


def test_a_cashier_pays_through_the_provider_from_the_page(bill, finance, cashier):
    disputed(bill)
    browser(finance).post(f"/finance/bills/{bill.pk}/confirm/")

    sent = browser(cashier).post(f"/finance/bills/{bill.pk}/pay/", {"method": "provider"}, follow=True)

    payout = Payout.objects.get()
    bill.refresh_from_db()
    assert (payout.method, payout.amount, bill.status) == ("provider", Decimal("5699.05"), BillStatus.PAID)
    assert f'data-payout="{payout.payout_no}"' in text(sent)


def test_a_refused_action_says_why_and_changes_nothing(bill, finance, cashier):
    disputed(bill)
    browser(finance).post(f"/finance/bills/{bill.pk}/adjustments/", {"amount": "-3.00", "reason": "少退"})

    early = browser(finance).post(f"/finance/bills/{bill.pk}/confirm/", follow=True)
    unpaid = browser(cashier).post(f"/finance/bills/{bill.pk}/pay/", {"method": "manual", "reference": "X"})
    zero = browser(finance).post(f"/finance/bills/{bill.pk}/adjustments/", {"amount": "0", "reason": "x"})

    assert "Approve the adjustments proposed on this bill first." in text(early)
    assert unpaid.status_code == 409 and "Only a bill confirmed by finance is paid." in text(unpaid)
    assert zero.status_code == 400 and "an amount other than zero" in text(zero)
    bill.refresh_from_db()
    assert (bill.status, bill.adjustments) == (BillStatus.DISPUTED, 0)
    assert Adjustment.objects.count() == 1 and not Payout.objects.exists()
    assert list(bill.events.values_list("type", flat=True)) == ["issued", "disputed", "adjustment_proposed"]


def test_the_disputes_and_adjustments_queues_list_what_waits_for_finance(bill, finance):
    disputed(bill)
    browser(finance).post(f"/finance/bills/{bill.pk}/adjustments/", {"amount": "12.00", "reason": "补运费"})
    adjustment = Adjustment.objects.get()

    queue = text(browser(finance).get("/finance/disputes/"))
    mine = text(browser(finance).get("/finance/adjustments/"))
    theirs = text(browser(FinanceFactory()).get("/finance/adjustments/"))

    assert f'data-bill="{bill.bill_no}"' in queue
    assert f'data-adjustment="{adjustment.pk}"' in mine and "approve/" not in mine
    assert f'action="/finance/adjustments/{adjustment.pk}/approve/"' in theirs


def test_finance_adds_a_terms_version_from_the_page(store, finance):
    tomorrow = timezone.localdate() + timedelta(days=1)
    form = {
        "effective_from": str(tomorrow),
        "mode": "sales_share",
        "rate": "6.00",
        "sales_tiers": "10000: 5.50\n50000: 4",
        "category_rates": "",
        "margin_bands": "",
        "cycle": "weekly",
        "hold_days": "3",
        "bank_name": "招商银行",
        "account_name": "店主",
        "account_number": "6225880112345678",
    }

    saved = browser(finance).post(f"/finance/stores/{store.pk}/terms/", form)
    past = browser(finance).post(f"/finance/stores/{store.pk}/terms/", {**form, "effective_from": "2020-01-01"})
    page = text(browser(finance).get(f"/finance/stores/{store.pk}/terms/"))

    assert saved.status_code == 302
    version = SettlementTerms.objects.get(store=store)
    assert (version.effective_from, version.cycle, version.rate) == (tomorrow, "weekly", Decimal("6.00"))
    assert version.sales_tiers == [{"from": "10000.00", "rate": "5.50"}, {"from": "50000.00", "rate": "4.00"}]
    assert past.status_code == 400 and "never to days already past" in text(past)
    assert f'data-version="{tomorrow:%Y-%m-%d}"' in page and "**** 5678" in page
    assert "Default from onboarding" in page  # nothing in force before tomorrow


def test_the_stores_list_shows_each_stores_mode_and_cycle(bill, finance):
    plain = StoreFactory(name="未设条款店")

    page = text(browser(finance).get("/finance/stores/"))

    assert f'data-store="{bill.store_id}"' in page and f'data-store="{plain.pk}"' in page
    assert "Sales share" in page and "Monthly" in page


# --- Query counts: a list or a bill costs the same whatever its number of rows


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_bills_list_and_a_bill_run_a_fixed_number_of_queries(store, finance, paid_order):
    sold(store, finance, paid_order)
    bigger, others = StoreFactory(), [StoreFactory(), StoreFactory()]
    for _ in range(3):
        sold(bigger, finance, paid_order)
    for other in others:
        sold(other, finance, paid_order)
    client = browser(finance)

    services.bill_run_execute(
        run_id=services.bill_run_start(until=timezone.localdate(), store_ids=[store.pk], by=None).pk
    )
    small = Bill.objects.get(store=store)
    one_bill, one_line = queries(client, "/finance/bills/"), queries(client, f"/finance/bills/{small.pk}/")
    run()
    big = Bill.objects.get(store=bigger)

    assert Bill.objects.count() == 4 and big.lines.count() == 3
    # The session, the user, their groups; the list: the stores of the filter, the count, the page of bills.
    assert queries(client, "/finance/bills/") == one_bill == 6
    # The session, the user, their groups; the bill, its adjustments, its lines (count, page), payouts, events.
    assert queries(client, f"/finance/bills/{big.pk}/") == one_line == 9


def list_rows(stores: int) -> None:
    """`stores` stores each with a disputed bill of a run, an adjustment awaiting approval and a failed payout: rows
    on every list, written directly (the lists only read them)."""
    proposer = FinanceFactory()
    for _ in range(stores):
        store = StoreFactory()
        started = BillRun.objects.create(until=timezone.localdate(), store_ids=[store.pk], started_by=proposer)
        bill = Bill.objects.create(
            bill_no=f"B-{store.pk}",
            store=store,
            run=started,
            period_start=started.until,
            period_end=started.until,
            status=BillStatus.DISPUTED,
            gross=Decimal("100.00"),
        )
        Adjustment.objects.create(bill=bill, amount=Decimal("1.00"), reason="补差", proposed_by=proposer)
        Payout.objects.create(
            payout_no=f"P-{store.pk}", bill=bill, method="provider", amount=1, status="failed", by=proposer
        )
        terms(store, proposer, rate=Decimal("3"))


@pytest.mark.parametrize(
    "path", ["/finance/", "/finance/disputes/", "/finance/adjustments/", "/finance/payouts/", "/finance/stores/"]
)
def test_every_list_runs_the_same_queries_for_one_row_or_many(finance, path):
    client = browser(finance)
    list_rows(1)
    one = queries(client, path)

    list_rows(4)

    assert queries(client, path) == one


def test_a_bill_shown_again_after_a_refused_adjustment_pages_its_lines_from_its_own_address(
    store, finance, paid_order, monkeypatch
):
    """The page came back at the POST-only adjustments URL, so its lines' pager led to a 405."""
    sold(store, finance, paid_order)
    sold(store, finance, paid_order)
    run()
    bill = Bill.objects.get(store=store)
    monkeypatch.setattr("settlement.finance_views.LINES_PER_PAGE", 1)

    refused = browser(finance).post(f"/finance/bills/{bill.pk}/adjustments/", {"amount": "", "reason": ""})

    assert refused.status_code == 400
    assert f'href="/finance/bills/{bill.pk}/?page=2"' in text(refused)
