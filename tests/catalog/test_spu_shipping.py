"""A product's freight template (one of its own store's) and shipping category, through the seller API."""

from decimal import Decimal

import pytest

from catalog.models import ShippingCategory, Spu, SpuStatus
from logistics import services as logistics_services
from tests.catalog.test_seller_products_api import payload
from tests.factories import OperatorFactory, StoreFactory, WarehouseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def warehouse(store):
    """The payload's initial stock lands in the store's first warehouse."""
    return WarehouseFactory(store=store)


def freight_template(store, name="按件"):
    return logistics_services.freight_template_save(
        store=store,
        by=OperatorFactory(),
        name=name,
        basis="piece",
        rates=[logistics_services.RateInput(Decimal(1), Decimal("8.00"), Decimal(1), Decimal("2.00"))],
        free_shipping=[],
        undeliverable=[],
    )


def other_codes(skus: list[dict]) -> list[dict]:
    return [{**sku, "code": f"{sku['code']}-2"} for sku in skus]


def test_a_product_ships_under_its_stores_template_in_a_shipping_category(owner_api, store, catalog):
    template = freight_template(store)

    response = owner_api.post(
        "/api/v1/seller/products/",
        payload(catalog, freight_template=template.pk, shipping_category="fragile"),
        format="json",
    )

    assert response.status_code == 201, response.json()
    spu = Spu.objects.get(pk=response.json()["id"])
    assert (spu.freight_template, spu.shipping_category) == (template, ShippingCategory.FRAGILE)
    assert (response.json()["freight_template"], response.json()["shipping_category"]) == (template.pk, "fragile")


def test_another_stores_template_is_refused_and_nothing_is_saved(owner_api, store, catalog):
    foreign = freight_template(StoreFactory())

    response = owner_api.post("/api/v1/seller/products/", payload(catalog, freight_template=foreign.pk), format="json")

    assert response.status_code == 400
    assert (response.json()["code"], list(response.json()["fields"])) == ("validation_error", ["freight_template"])
    assert not Spu.objects.exists()


def test_an_unknown_template_or_shipping_category_is_refused(owner_api, store, catalog):
    unknown = owner_api.post("/api/v1/seller/products/", payload(catalog, freight_template=999_999), format="json")
    odd = owner_api.post("/api/v1/seller/products/", payload(catalog, shipping_category="liquid"), format="json")

    assert (unknown.status_code, list(unknown.json()["fields"])) == (400, ["freight_template"])
    assert (odd.status_code, list(odd.json()["fields"])) == (400, ["shipping_category"])


def test_changing_the_template_and_category_needs_no_review(owner_api, operator_api, store, catalog):
    first, second = freight_template(store, "按件"), freight_template(store, "大件")
    body = owner_api.post("/api/v1/seller/products/", payload(catalog, freight_template=first.pk), format="json").json()
    owner_api.post(f"/api/v1/seller/products/{body['id']}/submit/")
    operator_api.post(f"/api/v1/platform/products/{body['id']}/approve/")

    response = owner_api.patch(
        f"/api/v1/seller/products/{body['id']}/",
        {"freight_template": second.pk, "shipping_category": "oversize"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    spu = Spu.objects.get(pk=body["id"])
    assert (spu.freight_template, spu.shipping_category, spu.status) == (second, "oversize", SpuStatus.ON_SHELF)


def test_a_product_keeps_a_template_retired_after_it_was_chosen_but_cannot_choose_a_retired_one(
    owner_api, owner, store, catalog
):
    template = freight_template(store)
    body = owner_api.post(
        "/api/v1/seller/products/", payload(catalog, freight_template=template.pk), format="json"
    ).json()
    logistics_services.freight_template_delete(template=template, by=owner)

    kept = owner_api.patch(
        f"/api/v1/seller/products/{body['id']}/", {"freight_template": template.pk, "title": "新标题"}, format="json"
    )
    other = owner_api.post(
        "/api/v1/seller/products/",
        payload(catalog, title="另一款", freight_template=template.pk, skus=other_codes(payload(catalog)["skus"])),
        format="json",
    )

    assert kept.status_code == 200, kept.json()
    assert (other.status_code, list(other.json()["fields"])) == (400, ["freight_template"])
