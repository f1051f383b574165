"""Monthly statements and repayments of credit (月结, issue 16 item 5, decision 0043): each month's statement lists
its orders, refunds and what was carried over to the cent, once; repayments are allocated oldest due first and sum
exactly; more than is owed is refused; an overdue company buys on credit again only once it has paid; two
repayments at once never take more than is owed."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from companies.credit import services
from companies.credit.services import OrderOnCredit
from companies.exceptions import RepaymentExceedsBalance
from companies.models import (
    Company,
    CompanyEvent,
    CompanyRole,
    CreditAllocation,
    CreditOrder,
    CreditStatement,
)
from marketplace.exceptions import DomainError
from marketplace.notifications.models import Message
from orders.models import ReturnedPayment, StoreOrder
from tests.catalog.factories import PhoneCatalog
from tests.companies.factories import CODES, admin_of, company_with_users, user_in
from tests.companies.test_credit import place, with_credit
from tests.conftest import client_for
from tests.factories import StoreFactory, UserFactory
from tests.orders.helpers import callback, sku_of


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)), timezone.get_default_timezone())


def bought(company, store, amount: str, day: date, number: int) -> CreditOrder:
    """An order bought on credit on `day` (the service as orders' payment calls it)."""
    services.credit_hold(
        company_id=company.pk,
        amount=Decimal(amount),
        reference=f"P{number}",
        by=None,
        orders=[OrderOnCredit(number, f"O{number}", store.pk, Decimal(amount))],
        now=at(day),
    )
    return CreditOrder.objects.get(order_id=number)


def repay(company, amount: str, reference: str, *, day: date, statement=None):
    return services.repayment_record(
        company=company,
        amount=Decimal(amount),
        reference=reference,
        via="transfer",
        by=None,
        statement=statement,
        now=at(day, 11),
    )


@pytest.fixture
def company(db):
    company = with_credit(company_with_users(), "50000.00")
    Company.objects.filter(pk=company.pk).update(credit_days=30)
    company.refresh_from_db()
    return company


@pytest.mark.django_db
def test_a_month_is_due_its_last_day_plus_the_terms():
    assert services.due_on(bought_on=date(2026, 1, 2), credit_days=30) == date(2026, 3, 2)
    assert services.due_on(bought_on=date(2026, 1, 31), credit_days=30) == date(2026, 3, 2)
    assert services.due_on(bought_on=date(2026, 2, 10), credit_days=0) == date(2026, 2, 28)
    assert services.due_on(bought_on=date(2026, 12, 1), credit_days=15) == date(2027, 1, 15)


@pytest.mark.django_db
def test_paying_on_credit_records_each_store_order_owed_until_its_due_date(store):
    sku = sku_of(PhoneCatalog().phone(store, stock=20))
    company = with_credit(company_with_users(), "20000.00")
    buyer = user_in(company, CompanyRole.BUYER)
    trade = place(buyer, sku, 2, "11998.00")

    client_for(buyer).post(f"/api/v1/payments/{trade['trade_no']}/", {"method": "on_credit"}, format="json")

    order = StoreOrder.objects.get(trade__trade_no=trade["trade_no"])
    owed = CreditOrder.objects.get(order_id=order.pk)
    assert (owed.order_no, owed.store_id, owed.amount, owed.owed) == (
        order.order_no,
        store.pk,
        Decimal("11998.00"),
        Decimal("11998.00"),
    )
    assert owed.due_on == services.due_on(bought_on=timezone.localdate(), credit_days=company.credit_days)


@pytest.mark.django_db
def test_a_statement_lists_the_months_orders_refunds_repayments_and_what_was_carried_over(company):
    store = StoreFactory()
    january = bought(company, store, "1000.00", date(2026, 1, 5), 1)
    bought(company, store, "250.55", date(2026, 1, 20), 2)
    services.credit_refund(order_id=2, amount=Decimal("50.55"), refund_no="R1", now=at(date(2026, 1, 21)))
    repay(company, "400.00", "BANK-1", day=date(2026, 1, 28))
    bought(company, store, "99.99", date(2026, 2, 3), 3)
    repay(company, "600.00", "BANK-2", day=date(2026, 2, 10))  # the rest of order 1

    first = services.statement_issue(company=company, month=date(2026, 1, 1))
    assert first.due_on == date(2026, 3, 2)
    assert (first.opening, first.charges, first.refunds, first.repayments, first.closing) == (
        Decimal("0.00"),
        Decimal("1250.55"),
        Decimal("50.55"),
        Decimal("400.00"),
        Decimal("800.00"),
    )
    lines = {line.credit_order.order_no: line for line in first.lines.all()}
    assert set(lines) == {"O1", "O2"}
    assert (lines["O1"].repaid, lines["O1"].closing) == (Decimal("400.00"), Decimal("600.00"))
    assert (lines["O2"].refunded, lines["O2"].closing) == (Decimal("50.55"), Decimal("200.00"))

    second = services.statement_issue(company=company, month=date(2026, 2, 1))
    lines = {line.credit_order.order_no: line for line in second.lines.all()}
    assert set(lines) == {"O1", "O2", "O3"}
    assert (lines["O1"].carried, lines["O1"].opening, lines["O1"].repaid, lines["O1"].closing) == (
        True,
        Decimal("600.00"),
        Decimal("600.00"),
        Decimal("0.00"),
    )
    assert (second.opening, second.charges, second.repayments, second.closing) == (
        Decimal("800.00"),
        Decimal("99.99"),
        Decimal("600.00"),
        Decimal("299.99"),
    )
    january.refresh_from_db()
    assert january.settled_at == at(date(2026, 2, 10), 11)  # repaid in full in February

    march = services.statement_issue(company=company, month=date(2026, 3, 1))
    assert [line.credit_order.order_no for line in march.lines.all()] == ["O2", "O3"]  # O1 was settled before


@pytest.mark.django_db
def test_a_statement_is_written_once_per_company_and_month(company):
    bought(company, StoreFactory(), "10.00", date(2026, 1, 5), 1)
    first = services.statement_issue(company=company, month=date(2026, 1, 15))
    assert services.statements_issue_all(month=date(2026, 1, 1)) == 0
    again = services.statement_issue(company=company, month=date(2026, 1, 1))
    assert first.pk == again.pk and CreditStatement.objects.count() == 1
    assert CompanyEvent.objects.filter(company=company, type="statement_issued").count() == 1
    finance = user_in(company, CompanyRole.FINANCE)
    assert Message.objects.filter(recipient=finance, kind="credit_statement_issued").count() == 1


@pytest.mark.django_db
def test_a_repayment_pays_the_oldest_due_first_and_its_parts_sum_to_it(company):
    store = StoreFactory()
    bought(company, store, "300.00", date(2026, 2, 1), 3)
    bought(company, store, "100.10", date(2026, 1, 9), 1)
    bought(company, store, "200.20", date(2026, 1, 20), 2)

    repayment = repay(company, "350.35", "BANK-1", day=date(2026, 2, 15))

    parts = [(part.credit_order.order_no, part.amount) for part in repayment.allocations.order_by("pk")]
    assert parts == [("O1", Decimal("100.10")), ("O2", Decimal("200.20")), ("O3", Decimal("50.05"))]
    company.refresh_from_db()
    assert company.credit_used == Decimal("249.95")
    assert CreditOrder.objects.get(order_id=3).owed == Decimal("249.95")
    assert CreditOrder.objects.get(order_id=1).settled_at is not None


@pytest.mark.django_db
def test_partial_payments_of_a_statement_pay_only_its_orders_and_refuse_more_than_it_owes(company):
    store = StoreFactory()
    bought(company, store, "500.00", date(2026, 1, 9), 1)
    later = bought(company, store, "70.00", date(2026, 2, 2), 2)
    statement = services.statement_issue(company=company, month=date(2026, 1, 1))

    repay(company, "123.45", "BANK-1", day=date(2026, 2, 5), statement=statement)
    repay(company, "300.00", "BANK-2", day=date(2026, 2, 6), statement=statement)
    with pytest.raises(RepaymentExceedsBalance):
        repay(company, "76.56", "BANK-3", day=date(2026, 2, 7), statement=statement)
    repay(company, "76.55", "BANK-4", day=date(2026, 2, 7), statement=statement)

    assert services.statement_balance(statement) == Decimal("0.00")
    later.refresh_from_db()
    assert later.owed == Decimal("70.00")  # February's order is not on January's statement
    company.refresh_from_db()
    assert company.credit_used == Decimal("70.00")
    assert sum(part.amount for part in CreditAllocation.objects.filter(kind="repayment")) == Decimal("500.00")


@given(
    cents=st.lists(st.integers(min_value=1, max_value=9_999_999), min_size=1, max_size=8),
    share=st.fractions(min_value=0, max_value=1),
)
def test_an_allocation_sums_exactly_to_the_payment_and_pays_the_older_debts_whole(cents, share):
    debts = [Decimal(cent) / 100 for cent in cents]
    total = sum(debts)
    amount = max(
        Decimal("0.01"), (total * Decimal(share.numerator) / Decimal(share.denominator)).quantize(Decimal("0.01"))
    )
    amount = min(amount, total)
    plan = services.allocation_plan(list(enumerate(debts)), amount)
    assert sum(part for _key, part in plan) == amount
    for index, (key, part) in enumerate(plan):
        assert 0 < part <= debts[key]
        if index < len(plan) - 1:
            assert part == debts[key]  # every debt before the last one paid is paid whole
    with pytest.raises(ValueError):
        services.allocation_plan(list(enumerate(debts)), total + Decimal("0.01"))


@pytest.mark.django_db
def test_an_overdue_company_cannot_buy_on_credit_until_it_has_paid(store):
    sku = sku_of(PhoneCatalog().phone(store, stock=20))
    company = with_credit(company_with_users(), "50000.00")
    buyer = user_in(company, CompanyRole.BUYER)
    late = bought(company, StoreFactory(), "800.00", date(2025, 1, 5), 1)  # due long ago

    assert services.overdue_sweep() == 1
    assert services.overdue_sweep() == 0  # marked once
    company.refresh_from_db()
    assert company.credit_overdue_since == timezone.localdate()
    finance = user_in(company, CompanyRole.FINANCE)
    assert Message.objects.filter(recipient=finance, kind="credit_overdue").count() == 1
    trade = place(buyer, sku, 1, "5999.00")
    refused = client_for(buyer).post(f"/api/v1/payments/{trade['trade_no']}/", {"method": "on_credit"}, format="json")
    assert (refused.status_code, refused.json()["code"]) == (409, "credit_overdue")
    company.refresh_from_db()
    assert company.credit_used == Decimal("800.00")  # nothing more held

    repay(company, "800.00", "BANK-LATE", day=timezone.localdate())

    company.refresh_from_db()
    late.refresh_from_db()
    assert (company.credit_overdue_since, late.owed) == (None, Decimal("0.00"))
    paid = client_for(buyer).post(f"/api/v1/payments/{trade['trade_no']}/", {"method": "on_credit"}, format="json")
    assert paid.status_code == 201, paid.json()


@pytest.mark.django_db
def test_an_unpaid_order_not_yet_due_does_not_block(company):
    bought(company, StoreFactory(), "10.00", timezone.localdate(), 1)
    assert services.overdue_sweep() == 0
    bought(company, StoreFactory(), "10.00", timezone.localdate(), 2)
    company.refresh_from_db()
    assert (company.credit_used, company.credit_overdue_since) == (Decimal("20.00"), None)


@pytest.mark.django_db(transaction=True)
def test_two_repayments_of_one_statement_at_once_never_take_more_than_it_owes():
    company = with_credit(company_with_users(code=CODES[1]), "5000.00")
    store = StoreFactory()
    bought(company, store, "1000.00", date(2026, 1, 5), 1)
    bought(company, store, "234.56", date(2026, 1, 6), 2)
    statement = services.statement_issue(company=company, month=date(2026, 1, 1))
    barrier = threading.Barrier(4)

    def pay(reference: str):
        try:
            barrier.wait(timeout=30)
            return repay(company, "1234.56", reference, day=date(2026, 2, 3), statement=statement)
        except DomainError as error:
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(pay, ["BANK-A", "BANK-B", "BANK-C", "BANK-D"]))

    refused = [result for result in results if isinstance(result, RepaymentExceedsBalance)]
    company.refresh_from_db()
    assert (len(refused), company.credit_used) == (3, Decimal("0.00"))
    assert sum(part.amount for part in CreditAllocation.objects.all()) == Decimal("1234.56")
    assert services.statement_balance(statement) == Decimal("0.00")


@pytest.mark.django_db
def test_the_finance_user_pays_a_statement_through_the_gateway_allocated_to_its_orders(company, client):
    store = StoreFactory()
    bought(company, store, "300.00", date(2026, 1, 5), 1)
    bought(company, store, "200.00", date(2026, 1, 6), 2)
    statement = services.statement_issue(company=company, month=date(2026, 1, 1))
    finance = client_for(user_in(company, CompanyRole.FINANCE))

    too_much = finance.post(
        f"/api/v1/me/company/statements/{statement.pk}/pay/", {"amount": "500.01", "method": "alipay"}, format="json"
    )
    assert (too_much.status_code, too_much.json()["code"]) == (409, "repayment_exceeds_balance")
    started = finance.post(
        f"/api/v1/me/company/statements/{statement.pk}/pay/", {"amount": "350.00", "method": "alipay"}, format="json"
    )
    assert started.status_code == 201, started.json()
    company.refresh_from_db()
    assert company.credit_used == Decimal("500.00")  # nothing moves before the gateway says so

    assert callback(client, started.json()["payment_no"], "350.00").status_code == 200

    detail = finance.get(f"/api/v1/me/company/statements/{statement.pk}/").json()
    assert detail["balance"] == "150.00"
    assert [(line["order_no"], line["owed_now"]) for line in detail["lines"]] == [("O1", "0.00"), ("O2", "150.00")]
    assert detail["payments"][0]["allocations"] == [
        {"order_no": "O1", "amount": "300.00"},
        {"order_no": "O2", "amount": "50.00"},
    ]
    company.refresh_from_db()
    assert company.credit_used == Decimal("150.00")


@pytest.mark.django_db
def test_a_gateway_payment_that_would_overpay_goes_back_whole(company, client):
    bought(company, StoreFactory(), "100.00", date(2026, 1, 5), 1)
    statement = services.statement_issue(company=company, month=date(2026, 1, 1))
    finance = client_for(user_in(company, CompanyRole.FINANCE))
    url = f"/api/v1/me/company/statements/{statement.pk}/pay/"
    first = finance.post(url, {"amount": "100.00", "method": "simulated"}, format="json").json()
    second = finance.post(url, {"amount": "100.00", "method": "simulated"}, format="json").json()

    callback(client, first["payment_no"], "100.00")
    callback(client, second["payment_no"], "100.00")

    company.refresh_from_db()
    assert company.credit_used == Decimal("0.00")
    assert CreditAllocation.objects.filter(kind="repayment").count() == 1
    [returned] = ReturnedPayment.objects.all()
    assert (returned.payment.payment_no, returned.amount) == (second["payment_no"], Decimal("100.00"))


@pytest.mark.django_db
def test_statements_are_read_by_the_companys_finance_and_admin_only(company):
    bought(company, StoreFactory(), "100.00", date(2026, 1, 5), 1)
    statement = services.statement_issue(company=company, month=date(2026, 1, 1))
    other = with_credit(company_with_users(code=CODES[2], name="乙公司"), "100.00")
    url = f"/api/v1/me/company/statements/{statement.pk}/"

    assert client_for(user_in(company, CompanyRole.FINANCE)).get(url).status_code == 200
    assert client_for(admin_of(company)).get(url).status_code == 200
    approver = client_for(user_in(company, CompanyRole.APPROVER)).get(url)
    assert (approver.status_code, approver.json()["code"]) == (403, "not_company_finance")
    assert client_for(user_in(other, CompanyRole.FINANCE)).get(url).status_code == 404
    assert client_for(UserFactory()).get("/api/v1/me/company/statements/").status_code == 404
    pay = client_for(user_in(other, CompanyRole.FINANCE)).post(
        f"{url}pay/", {"amount": "1.00", "method": "simulated"}, format="json"
    )
    assert pay.status_code == 404
