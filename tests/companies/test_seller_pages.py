"""The seller backend's wholesale page: a manager sets a SKU's terms and a company's price list with the forms, in
Chinese and English; a clerk may not open it; another store's SKU is refused on the form."""

from decimal import Decimal

import pytest
from django.test import Client

from companies.models import PriceList, WholesaleTerms
from stores.models import StaffRole
from tests.catalog.factories import PhoneCatalog
from tests.companies.factories import company_with_users
from tests.factories import MembershipFactory, StoreFactory
from tests.orders.helpers import sku_of

pytestmark = pytest.mark.django_db


def browser(user, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


@pytest.fixture
def manager(store):
    return MembershipFactory(store=store, role=StaffRole.MANAGER).user


def test_a_manager_sets_terms_and_a_price_list_and_reads_them_back(store, manager):
    sku = sku_of(PhoneCatalog().phone(store))
    company = company_with_users()
    client = browser(manager)
    terms = {"terms-sku": sku.pk, "terms-min_quantity": "5", "terms-tiers": "10:5800.00\n50:5600.00"}
    assert client.post("/seller/wholesale/terms/", terms).status_code == 302
    listed = {
        "list-company": company.pk,
        "list-name": "年度协议",
        "list-valid_from": "2030-01-01",
        "list-valid_to": "2030-12-31",
        "list-items": f"{sku.pk}:5700.00",
    }
    assert client.post("/seller/wholesale/price-lists/", listed).status_code == 302

    saved = WholesaleTerms.objects.get(sku=sku)
    assert saved.min_quantity == 5
    assert [(t.min_quantity, t.unit_price) for t in saved.tiers.all()] == [
        (10, Decimal("5800.00")),
        (50, Decimal("5600.00")),
    ]
    assert PriceList.objects.get(store=store).items.get().unit_price == Decimal("5700.00")
    page = browser(manager, "zh-hans").get("/seller/wholesale/").content.decode()
    assert "年度协议" in page and "¥5600.00" in page and company.name in page


def test_a_typing_mistake_or_another_stores_sku_comes_back_on_the_form(store, manager):
    other_sku = sku_of(PhoneCatalog().phone(StoreFactory()))
    client = browser(manager)
    bad_tiers = client.post("/seller/wholesale/terms/", {"terms-sku": other_sku.pk, "terms-min_quantity": "1"})
    assert bad_tiers.status_code == 400
    assert not WholesaleTerms.objects.exists()


def test_a_clerk_may_not_open_the_page(store):
    clerk = MembershipFactory(store=store, role=StaffRole.CLERK).user
    assert browser(clerk).get("/seller/wholesale/").status_code == 403
