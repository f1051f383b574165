"""Credit terms (赊账, issue 16 item 5): an order paid on credit holds the company's limit, a repayment or a refund
releases it, and orders racing on one limit never hold more than it."""

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection

from companies.credit import services
from companies.exceptions import CreditRefused, RepaymentExceedsBalance
from companies.models import Company, CompanyRole, CreditEntry
from marketplace.exceptions import DomainError
from orders.aftersales.services import refund_in_full
from orders.models import OrderStatus, StoreOrder, Trade
from orders.payment.services import payment_start
from tests.catalog.factories import PhoneCatalog
from tests.companies.factories import company_with_users, user_in
from tests.conftest import client_for
from tests.factories import StoreFactory, UserFactory
from tests.orders.helpers import address_of, sku_of, submit


def with_credit(company: Company, limit: str) -> Company:
    Company.objects.filter(pk=company.pk).update(credit_limit=Decimal(limit))
    company.refresh_from_db()
    return company


def place(user, sku, quantity: int, payable: str) -> dict:
    response = submit(client_for(user), [(sku, quantity)], address=address_of(user).pk, expected=payable)
    assert response.status_code == 201, response.json()
    return response.json()


@pytest.mark.django_db
def test_an_order_on_credit_is_paid_at_once_and_holds_the_limit_until_repaid(store, operator_api):
    sku = sku_of(PhoneCatalog().phone(store, stock=20))
    company = with_credit(company_with_users(), "20000.00")
    buyer = user_in(company, CompanyRole.BUYER)
    trade = place(buyer, sku, 2, "11998.00")

    response = client_for(buyer).post(f"/api/v1/payments/{trade['trade_no']}/", {"method": "on_credit"}, format="json")

    assert response.status_code == 201, response.json()
    assert StoreOrder.objects.get(trade__trade_no=trade["trade_no"]).status == OrderStatus.PAID
    company.refresh_from_db()
    assert (company.credit_used, company.credit_available) == (Decimal("11998.00"), Decimal("8002.00"))
    hold = CreditEntry.objects.get(company=company, kind="hold")
    assert (hold.amount, hold.reference) == (Decimal("11998.00"), response.json()["payment_no"])

    repaid = operator_api.post(
        f"/api/v1/platform/companies/{company.pk}/credit-repayments/",
        {"amount": "10000.00", "reference": "BANK-001"},
        format="json",
    )
    assert repaid.status_code == 201
    company.refresh_from_db()
    assert company.credit_used == Decimal("1998.00")


@pytest.mark.django_db
def test_an_order_beyond_the_limit_is_refused_and_stays_unpaid(store):
    sku = sku_of(PhoneCatalog().phone(store, stock=20))
    company = with_credit(company_with_users(), "10000.00")
    buyer = user_in(company, CompanyRole.BUYER)
    trade = place(buyer, sku, 2, "11998.00")

    response = client_for(buyer).post(f"/api/v1/payments/{trade['trade_no']}/", {"method": "on_credit"}, format="json")

    assert (response.status_code, response.json()["code"]) == (409, "credit_limit_exceeded")
    assert StoreOrder.objects.get(trade__trade_no=trade["trade_no"]).status == OrderStatus.PENDING_PAYMENT
    company.refresh_from_db()
    assert company.credit_used == Decimal("0.00")
    assert not CreditEntry.objects.exists()


@pytest.mark.django_db
def test_a_retail_shopper_cannot_pay_on_credit(store):
    sku = sku_of(PhoneCatalog().phone(store, stock=20))
    shopper = UserFactory()
    trade = place(shopper, sku, 1, "5999.00")
    response = client_for(shopper).post(
        f"/api/v1/payments/{trade['trade_no']}/", {"method": "on_credit"}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == (409, "credit_limit_exceeded")


@pytest.mark.django_db
def test_a_refund_of_an_order_on_credit_releases_what_it_held(store):
    sku = sku_of(PhoneCatalog().phone(store, stock=20))
    company = with_credit(company_with_users(), "20000.00")
    buyer = user_in(company, CompanyRole.BUYER)
    trade = place(buyer, sku, 1, "5999.00")
    client_for(buyer).post(f"/api/v1/payments/{trade['trade_no']}/", {"method": "on_credit"}, format="json")
    order = StoreOrder.objects.get(trade__trade_no=trade["trade_no"])

    refund = refund_in_full(order=order, reason_code="other", reason="团未成")

    company.refresh_from_db()
    assert company.credit_used == Decimal("0.00")
    entry = CreditEntry.objects.get(kind="refund")
    assert (entry.amount, entry.reference) == (Decimal("5999.00"), refund.refund_no)


@pytest.mark.django_db
def test_a_repayment_is_taken_once_per_reference_and_never_below_nothing():
    company = with_credit(company_with_users(), "1000.00")
    store = StoreFactory()
    orders = [services.OrderOnCredit(1, "O1", store.pk, Decimal("300.00"))]
    services.credit_hold(company_id=company.pk, amount=Decimal("300.00"), reference="P1", by=None, orders=orders)
    operator = UserFactory()
    with pytest.raises(RepaymentExceedsBalance):
        services.repayment_record(
            company=company, amount=Decimal("300.01"), reference="BANK-0", via="transfer", by=operator
        )
    first = services.repayment_record(
        company=company, amount=Decimal("300.00"), reference="BANK-1", via="transfer", by=operator
    )
    again = services.repayment_record(
        company=company, amount=Decimal("300.00"), reference="BANK-1", via="transfer", by=operator
    )
    company.refresh_from_db()
    assert (first.pk, first.amount, company.credit_used) == (again.pk, Decimal("300.00"), Decimal("0.00"))
    assert CreditEntry.objects.filter(kind="repayment").count() == 1


@pytest.mark.django_db
def test_a_hold_that_reaches_the_limit_exactly_is_taken_and_a_cent_more_is_not():
    company = with_credit(company_with_users(), "100.00")
    services.credit_hold(company_id=company.pk, amount=Decimal("99.99"), reference="P1", by=None)
    with pytest.raises(CreditRefused):
        services.credit_hold(company_id=company.pk, amount=Decimal("0.02"), reference="P2", by=None)
    services.credit_hold(company_id=company.pk, amount=Decimal("0.01"), reference="P3", by=None)
    company.refresh_from_db()
    assert company.credit_used == company.credit_limit == Decimal("100.00")


@pytest.mark.django_db(transaction=True)
def test_orders_racing_on_credit_never_hold_more_than_the_limit(store):
    # 12 trades of 5,999.00 against a 30,000.00 limit: exactly five are paid on credit (29,995.00), seven refused.
    sku = sku_of(PhoneCatalog().phone(store, stock=20))
    company = with_credit(company_with_users(), "30000.00")
    buyer = user_in(company, CompanyRole.BUYER)
    trades = [place(buyer, sku, 1, "5999.00") for _ in range(12)]
    barrier = threading.Barrier(len(trades))

    def pay(trade_no: str):
        try:
            barrier.wait(timeout=30)
            return payment_start(trade=Trade.objects.get(trade_no=trade_no), method="on_credit")
        except DomainError as error:
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(trades)) as pool:
        results = list(pool.map(pay, [trade["trade_no"] for trade in trades]))

    refused = [result for result in results if isinstance(result, CreditRefused)]
    company.refresh_from_db()
    assert (len(refused), company.credit_used) == (7, Decimal("29995.00"))
    assert StoreOrder.objects.filter(user=buyer, status=OrderStatus.PAID).count() == 5
    assert sum(entry.amount for entry in CreditEntry.objects.filter(kind="hold")) == Decimal("29995.00")
