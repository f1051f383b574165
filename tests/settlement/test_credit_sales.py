"""A sale a company bought on credit reaches the store's bill when the company has paid it (decision 0043): the
platform pays the store money it has received, not money it is owed."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from companies.credit import services as credit
from companies.models import CompanyRole, CreditOrder
from orders.models import StoreOrder
from settlement.models import Bill
from tests.catalog.factories import PhoneCatalog
from tests.companies.factories import company_with_users, user_in
from tests.companies.test_credit import place, with_credit
from tests.conftest import client_for
from tests.factories import FinanceFactory
from tests.orders.helpers import sku_of
from tests.settlement.test_bills import conserved, received, run, terms

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_order_on_credit_is_billed_in_the_period_it_was_repaid_to_the_cent(store):
    finance = FinanceFactory()
    terms(store, finance, rate=Decimal("5"))
    sku = sku_of(PhoneCatalog().phone(store, stock=20))
    company = with_credit(company_with_users(), "20000.00")
    buyer = user_in(company, CompanyRole.BUYER)
    trade = place(buyer, sku, 2, "11998.00")
    client_for(buyer).post(f"/api/v1/payments/{trade['trade_no']}/", {"method": "on_credit"}, format="json")
    order = StoreOrder.objects.get(trade__trade_no=trade["trade_no"])
    received(order, days_ago=4)
    today = timezone.localdate()

    assert run(until=today).bills_made == 0  # received and held long enough, but not paid for yet

    repaid_on = today + timedelta(days=35)  # next month
    later = timezone.now() + timedelta(days=35)
    credit.repayment_record(
        company=company, amount=Decimal("11000.00"), reference="BANK-1", via="transfer", by=None, now=later
    )
    assert run(until=repaid_on).bills_made == 0  # 998.00 still owed
    credit.repayment_record(
        company=company,
        amount=Decimal("998.00"),
        reference="BANK-2",
        via="transfer",
        by=None,
        now=later + timedelta(days=1),
    )
    assert CreditOrder.objects.get(order_id=order.pk).settled_at is not None
    assert run(until=repaid_on).bills_made == 0  # repaid the day after that bill's date

    run(until=repaid_on + timedelta(days=1))

    [bill] = Bill.objects.filter(store=store)
    assert bill.period_end == repaid_on + timedelta(days=1)
    assert (bill.gross, bill.hq_take, bill.store_due) == (Decimal("11998.00"), Decimal("599.90"), Decimal("11398.10"))
    conserved(bill)
