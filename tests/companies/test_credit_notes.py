"""A refund of a credit sale, exact (decision 0043): before repayment it lowers what the statement asks and the
credit held; after repayment it becomes a credit note the company is owed, used first by its next statement or paid
back by the platform's finance, to the cent, once, with an event. A refund racing a repayment (real threads)."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from companies.credit import services
from companies.exceptions import RepaymentExceedsBalance
from companies.models import (
    Company,
    CompanyEvent,
    CreditEntry,
    CreditNote,
    CreditOrder,
    Repayment,
)
from marketplace.exceptions import DomainError, InvalidTransition
from tests.companies.factories import CODES, company_with_users
from tests.companies.test_credit import with_credit
from tests.companies.test_statements import at, bought, repay
from tests.conftest import client_for
from tests.factories import FinanceFactory, OperatorFactory, StoreFactory

JAN, FEB = date(2026, 1, 1), date(2026, 2, 1)


@pytest.fixture
def company(db):
    company = with_credit(company_with_users(), "5000.00")
    Company.objects.filter(pk=company.pk).update(credit_days=30)
    company.refresh_from_db()
    return company


def used(company) -> Decimal:
    return Company.objects.get(pk=company.pk).credit_used


def refund(order_id: int, amount: str, refund_no: str, day=date(2026, 1, 20)):
    return services.credit_refund(order_id=order_id, amount=Decimal(amount), refund_no=refund_no, now=at(day))


@pytest.mark.django_db
def test_a_partial_refund_before_repayment_lowers_what_is_owed_and_the_credit_held(company):
    bought(company, StoreFactory(), "1000.00", date(2026, 1, 5), 1)
    refund(1, "123.45", "R1")
    statement = services.statement_issue(company=company, month=JAN)

    assert (statement.charges, statement.refunds, statement.closing) == (
        Decimal("1000.00"),
        Decimal("123.45"),
        Decimal("876.55"),
    )
    assert services.statement_balance(statement) == Decimal("876.55")
    assert used(company) == Decimal("876.55")
    assert not CreditNote.objects.exists()


@pytest.mark.django_db
def test_a_refund_after_repayment_becomes_a_credit_note_to_the_cent_once(company):
    store = StoreFactory()
    bought(company, store, "1000.00", date(2026, 1, 5), 1)
    repay(company, "1000.00", "BANK-1", day=date(2026, 1, 10))

    note = refund(1, "300.01", "R1")
    again = refund(1, "300.01", "R1")  # the same refund told twice

    assert isinstance(note, CreditNote) and again.pk == note.pk
    assert (note.amount, note.open, note.credit_order.order_no) == (Decimal("300.01"), Decimal("300.01"), "O1")
    assert CreditNote.objects.count() == 1
    assert used(company) == Decimal("0.00")  # nothing held to release: the company owes nothing
    order = CreditOrder.objects.get(order_id=1)
    assert (order.refunded, order.repaid, order.owed) == (Decimal("0.00"), Decimal("1000.00"), Decimal("0.00"))
    event = CompanyEvent.objects.get(company=company, type="credit_note_issued")
    assert (event.data["amount"], event.data["refund_no"]) == ("300.01", "R1")


@pytest.mark.django_db
def test_a_refund_of_a_partly_repaid_order_lowers_the_debt_first_and_notes_only_the_rest(company):
    bought(company, StoreFactory(), "1000.00", date(2026, 1, 5), 1)
    repay(company, "600.00", "BANK-1", day=date(2026, 1, 10))  # 400.00 still owed

    refund(1, "450.50", "R1")

    order = CreditOrder.objects.get(order_id=1)
    assert (order.refunded, order.owed) == (Decimal("400.00"), Decimal("0.00"))
    assert CreditNote.objects.get().amount == Decimal("50.50")
    assert used(company) == Decimal("0.00")
    assert CreditEntry.objects.get(kind="refund").amount == Decimal("400.00")
    # A second refund of the order can never be noted beyond what the company repaid of it.
    refund(1, "700.00", "R2")
    assert sum(note.amount for note in CreditNote.objects.all()) == Decimal("600.00")


@pytest.mark.django_db
def test_the_next_statement_uses_the_credit_note_first_and_the_rest_stays_owed(company):
    store = StoreFactory()
    bought(company, store, "500.00", date(2026, 1, 5), 1)
    repay(company, "500.00", "BANK-1", day=date(2026, 1, 10))
    refund(1, "120.30", "R1")
    bought(company, store, "80.00", date(2026, 1, 25), 2)
    bought(company, store, "99.99", date(2026, 1, 26), 3)

    statement = services.statement_issue(company=company, month=JAN)

    assert statement.closing == Decimal("179.99")
    assert services.statement_balance(statement) == Decimal("59.69")  # 179.99 − 120.30
    repayment = Repayment.objects.get(via="credit_note")
    assert (repayment.amount, repayment.statement) == (Decimal("120.30"), statement)
    owed = dict(CreditOrder.objects.values_list("order_no", "repaid"))
    assert owed == {"O1": Decimal("500.00"), "O2": Decimal("80.00"), "O3": Decimal("40.30")}
    assert used(company) == Decimal("59.69")
    note = CreditNote.objects.get()
    assert (note.used, note.open) == (Decimal("120.30"), Decimal("0.00"))
    assert CompanyEvent.objects.filter(company=company, type="credit_note_used").count() == 1

    services.statement_issue(company=company, month=JAN)  # once: the statement again uses nothing more
    assert Repayment.objects.filter(via="credit_note").count() == 1


@pytest.mark.django_db
def test_a_note_bigger_than_the_statement_pays_it_and_keeps_the_rest(company):
    store = StoreFactory()
    bought(company, store, "500.00", date(2026, 1, 5), 1)
    repay(company, "500.00", "BANK-1", day=date(2026, 1, 10))
    refund(1, "300.00", "R1")
    bought(company, store, "100.00", date(2026, 1, 25), 2)

    statement = services.statement_issue(company=company, month=JAN)

    assert services.statement_balance(statement) == Decimal("0.00")
    assert CreditNote.objects.get().open == Decimal("200.00")
    assert used(company) == Decimal("0.00")


@pytest.mark.django_db
def test_finance_pays_a_note_back_once_through_the_api(company):
    bought(company, StoreFactory(), "1000.00", date(2026, 1, 5), 1)
    repay(company, "1000.00", "BANK-1", day=date(2026, 1, 10))
    note = refund(1, "250.75", "R1")
    finance, operator = client_for(FinanceFactory()), client_for(OperatorFactory())

    listed = finance.get("/api/v1/finance/credit-notes/?open=true").json()["results"]
    assert [(row["id"], row["open"], row["order_no"]) for row in listed] == [(note.pk, "250.75", "O1")]
    refused = operator.post(f"/api/v1/finance/credit-notes/{note.pk}/pay-back/", {"reference": "OUT-1"}, format="json")
    assert (refused.status_code, refused.json()["code"]) == (403, "permission_denied")
    blank = finance.post(f"/api/v1/finance/credit-notes/{note.pk}/pay-back/", {"reference": ""}, format="json")
    assert (blank.status_code, blank.json()["code"]) == (400, "validation_error")

    paid = finance.post(f"/api/v1/finance/credit-notes/{note.pk}/pay-back/", {"reference": "OUT-1"}, format="json")
    assert (paid.status_code, paid.json()["paid_back"], paid.json()["open"]) == (200, "250.75", "0.00")
    again = finance.post(f"/api/v1/finance/credit-notes/{note.pk}/pay-back/", {"reference": "OUT-2"}, format="json")
    assert (again.status_code, again.json()["code"]) == (409, "invalid_transition")
    assert finance.get("/api/v1/finance/credit-notes/?open=true").json()["results"] == []
    assert CreditNote.objects.get().paid_back_reference == "OUT-1"
    assert CompanyEvent.objects.filter(type="credit_note_paid_back").count() == 1
    with pytest.raises(InvalidTransition):
        services.credit_note_pay_back(note=note, by=None, reference="OUT-3")


@pytest.mark.django_db(transaction=True)
def test_a_refund_racing_a_repayment_is_exact_whichever_goes_first():
    company = with_credit(company_with_users(code=CODES[1]), "5000.00")
    bought(company, StoreFactory(), "1000.00", date(2026, 1, 5), 1)
    barrier = threading.Barrier(2)

    def run(step):
        try:
            barrier.wait(timeout=30)
            return step()
        except DomainError as error:
            return error
        finally:
            connection.close()

    steps = [
        lambda: repay(company, "800.00", "BANK-1", day=date(2026, 1, 20)),
        lambda: refund(1, "300.00", "R1"),
    ]
    with ThreadPoolExecutor(max_workers=2) as pool:
        repaid, _refunded = list(pool.map(run, steps))

    order = CreditOrder.objects.get(order_id=1)
    notes = sum(note.amount for note in CreditNote.objects.all())
    if isinstance(repaid, RepaymentExceedsBalance):  # the refund went first: 700.00 was owed, 800.00 too much
        assert (order.refunded, order.repaid, notes) == (Decimal("300.00"), Decimal("0.00"), 0)
        assert used(company) == Decimal("700.00")
    else:  # the repayment first: 200.00 owed comes off, 100.00 is the company's to use or be paid
        assert (order.refunded, order.repaid, notes) == (Decimal("200.00"), Decimal("800.00"), Decimal("100.00"))
        assert used(company) == Decimal("0.00")
    assert order.owed == Company.objects.get(pk=company.pk).credit_used
