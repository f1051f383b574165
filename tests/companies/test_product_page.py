"""The product page's business terms (批发): drawn for a business buyer only, also when the page comes from the
response cache shared by every shopper (a personal part, decision 0036)."""

import pytest
from django.test import Client

from companies.models import CompanyRole
from tests.catalog.factories import PhoneCatalog
from tests.companies.factories import CODES, company_with_users, price_list, tiers, user_in
from tests.factories import UserFactory
from tests.orders.helpers import sku_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def response_cache(settings):
    settings.CATALOG_RESPONSE_CACHE_SECONDS = 30


def page_of(user, spu) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(f"/products/{spu.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_only_a_business_buyer_sees_the_minimum_the_breaks_and_their_negotiated_price(store):
    spu = PhoneCatalog().phone(store)
    sku = sku_of(spu)
    company = company_with_users()
    tiers(store, sku, 5, (10, "5800.00"), (50, "5600.00"))
    price_list(company, store, {sku: "5700.00"})
    retail = UserFactory()

    page_of(retail, spu)  # a retail shopper's answer fills the cache first
    buyer_page = page_of(user_in(company, CompanyRole.BUYER), spu)  # from the cache, its part the buyer's own

    assert 'data-testid="wholesale-terms"' in buyer_page
    assert '<td data-testid="moq">5</td>' in buyer_page
    assert "5800.00" in buyer_page and "5600.00" in buyer_page and "¥5700.00" in buyer_page
    for other in (page_of(retail, spu), page_of(None, spu)):
        assert 'data-testid="wholesale-terms"' not in other
        assert "5700.00" not in other


def test_each_business_buyer_sees_their_own_companys_price_on_the_shared_page(store):
    """The empty part is drawn once for every retail shopper; a buyer's terms are drawn for each asker."""
    spu = PhoneCatalog().phone(store)
    sku = sku_of(spu)
    first, second = company_with_users(code=CODES[0], name="甲公司"), company_with_users(code=CODES[1], name="乙公司")
    price_list(first, store, {sku: "5700.00"})
    price_list(second, store, {sku: "5650.00"})

    pages = [page_of(user, spu) for user in (UserFactory(), user_in(first, CompanyRole.BUYER), UserFactory())]
    pages.append(page_of(user_in(second, CompanyRole.BUYER), spu))

    retail, first_page, retail_again, second_page = pages
    assert "¥5700.00" in first_page and "5650.00" not in first_page
    assert "¥5650.00" in second_page and "5700.00" not in second_page
    for page in (retail, retail_again):
        assert 'data-testid="wholesale-terms"' not in page
