"""The company's pages of its credit (decision 0043): its finance user reads each statement's orders and what was
taken off each, and pays online; the company's orders are read per role; another company's are not found."""

from datetime import date
from decimal import Decimal

import pytest

from companies.credit import services
from companies.models import CompanyRole, CreditOrder
from companies.services import company_member_add
from tests.catalog.factories import PhoneCatalog
from tests.companies.factories import CODES, admin_of, company_with_users, user_in
from tests.companies.test_credit import with_credit
from tests.companies.test_seller_pages import browser
from tests.companies.test_statements import bought, repay
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.orders.helpers import address_of, sku_of, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(store):
    company = with_credit(company_with_users(), "5000.00")
    bought(company, store, "300.00", date(2026, 1, 5), 1)
    bought(company, store, "200.00", date(2026, 1, 6), 2)
    return company


def test_the_finance_user_reads_a_statement_with_its_orders_and_allocations(company):
    statement = services.statement_issue(company=company, month=date(2026, 1, 1))
    repay(company, "320.00", "BANK-1", day=date(2026, 2, 4), statement=statement)
    page = browser(user_in(company, CompanyRole.FINANCE))

    listing = page.get("/me/company/statements/")
    assert listing.status_code == 200
    assert f'data-statement="{statement.pk}"' in listing.content.decode()
    detail = page.get(f"/me/company/statements/{statement.pk}/").content.decode()

    assert 'data-order="O1"' in detail and 'data-order="O2"' in detail
    assert "BANK-1" in detail and "180.00" in detail  # still owed
    assert 'data-testid="statement-pay"' in detail


def test_paying_from_the_page_goes_to_the_gateway_and_a_buyer_or_another_company_is_refused(company):
    statement = services.statement_issue(company=company, month=date(2026, 1, 1))
    url = f"/me/company/statements/{statement.pk}/"

    paid = browser(user_in(company, CompanyRole.FINANCE)).post(f"{url}pay/", {"amount": "120.00"})
    assert paid.status_code == 302 and paid["Location"].startswith("/pay/simulated/")
    too_much = browser(admin_of(company)).post(f"{url}pay/", {"amount": "500.01"}, follow=True)
    assert "more than is owed" in too_much.content.decode()
    assert browser(user_in(company, CompanyRole.APPROVER)).get(url).status_code == 404
    other = company_with_users(code=CODES[1], name="乙公司")
    assert browser(user_in(other, CompanyRole.FINANCE)).get(url).status_code == 404
    assert browser(user_in(other, CompanyRole.FINANCE)).post(f"{url}pay/", {"amount": "1.00"}).status_code == 404
    assert sum(order.repaid for order in CreditOrder.objects.all()) == Decimal("0.00")  # nothing paid yet


def test_the_company_orders_page_shows_everyone_s_to_finance_and_a_buyer_their_own(store):
    ours = company_with_users()
    theirs = company_with_users(code=CODES[2], name="丙公司")
    sku = sku_of(PhoneCatalog().phone(store, stock=20))
    plain_buyer = UserFactory()
    company_member_add(company=ours, by=admin_of(ours), login=plain_buyer.username, role=CompanyRole.BUYER)
    placed = {}
    for user in (admin_of(ours), plain_buyer, admin_of(theirs)):
        response = submit(client_for(user), [(sku, 1)], address=address_of(user).pk, expected="5999.00")
        placed[user.pk] = response.json()["orders"][0]["order_no"]

    finance = browser(user_in(ours, CompanyRole.FINANCE)).get("/me/company/orders/").content.decode()
    buyer = browser(plain_buyer).get("/me/company/orders/").content.decode()

    assert placed[admin_of(ours).pk] in finance and placed[plain_buyer.pk] in finance
    assert placed[admin_of(theirs).pk] not in finance
    assert placed[plain_buyer.pk] in buyer and placed[admin_of(ours).pk] not in buyer
    assert browser(UserFactory()).get("/me/company/orders/").status_code == 404
