"""The companies API: registering, each read scoped to the caller's own company (isolation: a test per read), the
admin's writes, the seller's wholesale terms and price lists, the operators' review."""

import pytest

from companies.models import Company, CompanyRole, CompanyStatus, WholesaleTerms
from companies.services import company_address_create, invoice_title_create
from marketplace.models import Region
from tests.catalog.factories import PhoneCatalog
from tests.companies.factories import CODES, admin_of, company_with_users, price_list, user_in
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.orders.helpers import address_of, sku_of, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def ours():
    company = company_with_users(code=CODES[0], name="甲公司")
    admin = admin_of(company)
    company_address_create(
        company=company,
        by=admin,
        name="甲仓",
        phone="13900000001",
        region=Region.objects.get(pk="310104"),
        detail="甲路",
    )
    invoice_title_create(company=company, by=admin, title="甲公司", tax_number=CODES[0])
    return company


@pytest.fixture
def theirs():
    company = company_with_users(code=CODES[1], name="乙公司")
    admin = admin_of(company)
    company_address_create(
        company=company,
        by=admin,
        name="乙仓",
        phone="13900000002",
        region=Region.objects.get(pk="310104"),
        detail="乙路",
    )
    invoice_title_create(company=company, by=admin, title="乙公司", tax_number=CODES[1])
    return company


def results(response) -> list[dict]:
    assert response.status_code == 200, response.json()
    return response.json()["results"]


def test_registering_refuses_a_bad_check_character_with_its_code():
    api = client_for(UserFactory())
    response = api.post("/api/v1/me/company/", {"name": "丙公司", "credit_code": "91110000802100433C"}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "invalid_credit_code")
    created = api.post("/api/v1/me/company/", {"name": "丙公司", "credit_code": CODES[2]}, format="json")
    assert created.status_code == 201
    assert (created.json()["status"], created.json()["is_admin"]) == ("pending", True)


def test_each_user_reads_their_own_company_only(ours, theirs):
    for role in CompanyRole.values:
        body = client_for(user_in(ours, role)).get("/api/v1/me/company/").json()
        assert (body["name"], body["role"]) == ("甲公司", role)
    assert client_for(UserFactory()).get("/api/v1/me/company/").status_code == 404


def test_the_users_list_shows_the_callers_company_only(ours, theirs):
    names = {
        row["username"] for row in results(client_for(user_in(ours, "finance")).get("/api/v1/me/company/members/"))
    }
    assert names == set(ours.members.values_list("user__username", flat=True))
    assert names.isdisjoint(theirs.members.values_list("user__username", flat=True))


def test_the_addresses_list_shows_the_callers_company_only(ours, theirs):
    rows = results(client_for(user_in(ours, "approver")).get("/api/v1/me/company/addresses/"))
    assert [row["detail"] for row in rows] == ["甲路"]


def test_the_invoice_titles_list_shows_the_callers_company_only(ours, theirs):
    rows = results(client_for(user_in(ours, "finance")).get("/api/v1/me/company/invoice-titles/"))
    assert [(row["title"], row["tax_number"]) for row in rows] == [("甲公司", CODES[0])]


def test_another_companys_address_title_and_user_are_not_found(ours, theirs):
    api = client_for(admin_of(ours))
    paths = [
        f"/api/v1/me/company/addresses/{theirs.addresses.get().pk}/",
        f"/api/v1/me/company/invoice-titles/{theirs.invoice_titles.get().pk}/",
        f"/api/v1/me/company/members/{theirs.members.filter(is_admin=False).first().pk}/",
    ]
    for path in paths:
        assert api.delete(path).status_code == 404
    assert theirs.addresses.count() == theirs.invoice_titles.count() == 1 and theirs.members.count() == 3


def test_only_the_admin_writes_and_others_get_not_company_admin(ours):
    finance = client_for(user_in(ours, "finance"))
    body = {"title": "甲公司分部", "tax_number": CODES[2]}
    refused = finance.post("/api/v1/me/company/invoice-titles/", body, format="json")
    assert (refused.status_code, refused.json()["code"]) == (403, "not_company_admin")
    assert client_for(admin_of(ours)).post("/api/v1/me/company/invoice-titles/", body, format="json").status_code == 201
    assert ours.invoice_titles.count() == 2


def test_the_seller_sets_wholesale_terms_and_they_read_back(store, owner_api, other_store_owner_api):
    sku = sku_of(PhoneCatalog().phone(store))
    path = f"/api/v1/seller/skus/{sku.pk}/wholesale/"
    assert owner_api.get(path).json() == {"sku": sku.pk, "min_quantity": 1, "tiers": []}
    body = {
        "min_quantity": 5,
        "tiers": [{"min_quantity": 10, "unit_price": "5800.00"}, {"min_quantity": 50, "unit_price": "5600.00"}],
    }
    assert owner_api.put(path, body, format="json").status_code == 200
    assert owner_api.get(path).json() == {
        "sku": sku.pk,
        "min_quantity": 5,
        "tiers": [{"min_quantity": 10, "unit_price": "5800.00"}, {"min_quantity": 50, "unit_price": "5600.00"}],
    }
    assert other_store_owner_api.put(path, body, format="json").status_code == 404


def test_tiers_that_raise_the_price_are_refused(store, owner_api):
    sku = sku_of(PhoneCatalog().phone(store))
    body = {
        "min_quantity": 1,
        "tiers": [{"min_quantity": 10, "unit_price": "5800.00"}, {"min_quantity": 50, "unit_price": "5900.00"}],
    }
    response = owner_api.put(f"/api/v1/seller/skus/{sku.pk}/wholesale/", body, format="json")
    assert (response.status_code, list(response.json()["fields"])) == (400, ["tiers"])
    assert not WholesaleTerms.objects.exists()


def test_a_store_reads_its_own_price_lists_only(store, owner_api, other_store_owner_api, ours):
    sku = sku_of(PhoneCatalog().phone(store))
    listed = price_list(ours, store, {sku: "5700.00"})
    rows = results(owner_api.get("/api/v1/seller/price-lists/"))
    assert [(row["id"], row["items"]) for row in rows] == [(listed.pk, [{"sku": sku.pk, "unit_price": "5700.00"}])]
    assert results(other_store_owner_api.get("/api/v1/seller/price-lists/")) == []
    assert other_store_owner_api.get(f"/api/v1/seller/price-lists/{listed.pk}/").status_code == 404


def test_an_operator_approves_a_pending_company(operator_api):
    pending = company_with_users(code=CODES[2], approved=False)
    response = operator_api.post(f"/api/v1/platform/companies/{pending.pk}/approve/")
    assert (response.status_code, response.json()["status"]) == (200, "approved")
    assert Company.objects.get(pk=pending.pk).status == CompanyStatus.APPROVED
    again = operator_api.post(f"/api/v1/platform/companies/{pending.pk}/approve/")
    assert (again.status_code, again.json()["code"]) == (409, "invalid_transition")


def test_the_company_orders_list_shows_the_orders_of_the_callers_company_only(store, ours, theirs):
    sku = sku_of(PhoneCatalog().phone(store, stock=20))
    placers = [user_in(ours, "buyer"), user_in(ours, "approver"), user_in(theirs, "buyer"), UserFactory()]
    placed = {}
    for user in placers:
        response = submit(client_for(user), [(sku, 1)], address=address_of(user).pk, expected="5999.00")
        assert response.status_code == 201, response.json()
        placed[user.pk] = response.json()["orders"][0]["order_no"]

    rows = results(client_for(user_in(ours, "finance")).get("/api/v1/me/company/orders/"))

    assert {row["order_no"] for row in rows} == {placed[placers[0].pk], placed[placers[1].pk]}
    assert client_for(placers[3]).get("/api/v1/me/company/orders/").status_code == 404
