"""seed_demo: an approved company with three users in their roles, wholesale terms on HQ's goods and a negotiated
price list that the company's buyer pays; seeding again adds nothing."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from companies.models import Company, CompanyMember, CompanyStatus, CreditStatement, PriceList, WholesaleTerms
from members.models import User
from orders.pricing import LineRequest, price_lines

pytestmark = pytest.mark.django_db


def test_the_demo_company_buys_at_its_negotiated_price_and_seeding_twice_adds_nothing():
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    company = Company.objects.get()
    assert (company.status, company.credit_limit, company.credit_days) == (
        CompanyStatus.APPROVED,
        Decimal("50000.00"),
        30,
    )
    roles = dict(CompanyMember.objects.filter(company=company).values_list("user__username", "role"))
    assert roles == {"corp_buyer": "buyer", "corp_approver": "approver", "corp_finance": "finance"}
    assert WholesaleTerms.objects.count() == 3
    item = PriceList.objects.get(company=company).items.get()
    priced = price_lines(
        user=User.objects.get(username="corp_buyer"),
        lines=[LineRequest(sku_id=item.sku_id, quantity=2)],
        now=timezone.now(),
    )
    assert priced.breakdown.lines[0].unit_price == item.unit_price < item.sku.price
    [statement] = CreditStatement.objects.filter(company=company)  # last month's, with the order bought on credit
    [line] = statement.lines.select_related("credit_order")
    assert line.charged == line.credit_order.amount == statement.charges == statement.closing == company.credit_used
