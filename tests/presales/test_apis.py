"""The presale API: the storefront's list, the member's deposits and withdrawal, the store's presales (managers
and owners write, clerks read, another store's presale is not found, another store's SKU is refused)."""

import pytest

from presales.models import PresaleStatus
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.orders.helpers import sku_of
from tests.presales.helpers import move_to, pay_deposit, published_presale, windows

pytestmark = pytest.mark.django_db


def body_for(sku, **changes) -> dict:
    moments = {name: moment.isoformat() for name, moment in windows("deposit").items()}
    return {"name": "新品预售", "sku": sku.pk, "deposit": "100.00", "counted": "300.00", **moments, **changes}


def test_the_storefront_lists_published_presales_with_their_balance(api, store):
    presale, _sku = published_presale(store)

    [row] = api.get("/api/v1/presales/").json()

    assert (row["id"], row["price"], row["deposit"], row["counted"], row["balance"], row["funded_by"]) == (
        presale.pk,
        "5999.00",
        "100.00",
        "300.00",
        "5699.00",
        "store",
    )


def test_a_manager_sets_up_a_draft_and_publishes_it(owner_api, store):
    sku = sku_of(PhoneCatalog().phone(store))

    created = owner_api.post("/api/v1/seller/presales/", body_for(sku), format="json")
    published = owner_api.post(f"/api/v1/seller/presales/{created.json()['id']}/publish/")

    assert created.status_code == 201, created.json()
    assert (created.json()["status"], published.json()["status"]) == (PresaleStatus.DRAFT, PresaleStatus.PUBLISHED)


def test_a_presale_that_counts_for_the_whole_price_is_refused_on_its_field(owner_api, store):
    sku = sku_of(PhoneCatalog().phone(store))

    response = owner_api.post("/api/v1/seller/presales/", body_for(sku, counted="5999.00"), format="json")

    assert (response.status_code, response.json()["code"], list(response.json()["fields"])) == (
        400,
        "validation_error",
        ["counted"],
    )


def test_a_clerk_reads_but_does_not_write(clerk_api, store):
    sku = sku_of(PhoneCatalog().phone(store))
    assert clerk_api.get("/api/v1/seller/presales/").status_code == 200
    assert clerk_api.post("/api/v1/seller/presales/", body_for(sku), format="json").status_code == 403


def test_another_stores_presale_and_sku_are_not_theirs(other_store_owner_api, store):
    presale, sku = published_presale(store)

    cancel = other_store_owner_api.post(f"/api/v1/seller/presales/{presale.pk}/cancel/")
    create = other_store_owner_api.post("/api/v1/seller/presales/", body_for(sku), format="json")

    assert cancel.status_code == 404
    assert (create.status_code, list(create.json()["fields"])) == (400, ["sku"])


def test_a_member_sees_their_deposit_and_withdraws_it_in_the_window_only(store):
    presale, sku = published_presale(store)
    member = UserFactory()
    deposit = pay_deposit(member, presale, sku)
    api = client_for(member)

    [row] = api.get("/api/v1/me/presale-deposits/").json()["results"]
    move_to(presale, "waiting")
    late = api.post(f"/api/v1/me/presale-deposits/{deposit.pk}/withdraw/")
    other = client_for(UserFactory()).post(f"/api/v1/me/presale-deposits/{deposit.pk}/withdraw/")

    assert (row["status"], row["play"]) == ("paid", f"presale_balance:{deposit.pk}")
    assert (late.status_code, late.json()["code"]) == (409, "presale_not_refundable")
    assert other.status_code == 404


def test_the_list_costs_the_same_queries_for_one_presale_or_three(api, store, django_assert_num_queries):
    _presale, sku = published_presale(store)
    with django_assert_num_queries(1):
        assert len(api.get("/api/v1/presales/").json()) == 1
    published_presale(store, sku=sku)
    published_presale(store, sku=sku)
    with django_assert_num_queries(1):
        assert len(api.get("/api/v1/presales/").json()) == 3
