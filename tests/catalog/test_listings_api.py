"""Franchise and direct stores sell HQ's catalogue: they list HQ products and stock them in their own
warehouses (seed 004)."""

import pytest

from catalog import selectors
from catalog.models import Spu, Stock, StoreListing
from stores.models import StaffRole, StoreType
from tests.conftest import client_for
from tests.factories import MembershipFactory, StoreFactory, WarehouseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hq(db):
    return StoreFactory(type=StoreType.SELF_OPERATED, name="HQ 自营")


@pytest.fixture
def franchise(db):
    return StoreFactory(type=StoreType.FRANCHISE, name="西湖加盟店")


@pytest.fixture
def franchise_api(franchise):
    return client_for(MembershipFactory(store=franchise, role=StaffRole.OWNER).user)


def test_a_franchise_store_lists_an_hq_product_stocks_it_and_sells_it_on_its_storefront(
    franchise_api, franchise, hq, catalog, api
):
    spu = catalog.phone(hq, stock=10)
    sku = spu.skus.first()
    warehouse = WarehouseFactory(store=franchise)
    assert [row["id"] for row in franchise_api.get("/api/v1/seller/hq-catalogue/").json()["results"]] == [spu.pk]

    response = franchise_api.post("/api/v1/seller/listings/", {"spu": spu.pk})
    assert response.status_code == 201
    assert (response.json()["spu"]["id"], response.json()["is_active"]) == (spu.pk, True)

    stocked = franchise_api.post(
        "/api/v1/seller/stock/", {"sku": sku.pk, "warehouse": warehouse.pk, "delta": 6, "reason": "HQ 配货"}
    )
    assert stocked.status_code == 200
    assert Stock.objects.get(sku=sku, warehouse=warehouse).on_hand == 6
    assert Spu.objects.get(pk=spu.pk).stock == 20  # HQ's own stock: the franchise's 6 are the franchise's
    [for_sale] = selectors.skus_for_sale(sku_ids=[sku.pk], store_id=franchise.pk)
    assert for_sale.available == 6
    shelf = api.get("/api/v1/catalog/products/", {"store": franchise.pk}).json()["results"]
    assert [row["id"] for row in shelf] == [spu.pk]
    assert [row["sku"] for row in franchise_api.get("/api/v1/seller/stock/").json()["results"]] == [sku.pk]


def test_after_unlisting_the_product_leaves_the_stores_storefront_and_stock_api(
    franchise_api, franchise, hq, catalog, api
):
    spu = catalog.phone(hq, stock=0)
    listing_id = franchise_api.post("/api/v1/seller/listings/", {"spu": spu.pk}).json()["id"]

    assert franchise_api.delete(f"/api/v1/seller/listings/{listing_id}/").status_code == 204

    assert api.get("/api/v1/catalog/products/", {"store": franchise.pk}).json()["count"] == 0
    response = franchise_api.post(
        "/api/v1/seller/stock/",
        {"sku": spu.skus.first().pk, "warehouse": WarehouseFactory(store=franchise).pk, "delta": 1, "reason": "x"},
    )
    assert response.status_code == 404
    assert not StoreListing.objects.get(pk=listing_id).is_active


def test_only_franchise_and_direct_stores_list_and_only_hq_products_on_sale(
    franchise_api, owner_api, store, hq, catalog
):
    hq_product = catalog.phone(hq, stock=0)
    third_party_product = catalog.phone(store, title="第三方 手机", stock=0)
    hq_draft = catalog.phone(hq, title="HQ 草稿", stock=0, approve=False)

    assert owner_api.post("/api/v1/seller/listings/", {"spu": hq_product.pk}).status_code == 403
    for spu in (third_party_product, hq_draft):
        response = franchise_api.post("/api/v1/seller/listings/", {"spu": spu.pk})
        assert response.status_code == 400
        assert "spu" in response.json()["fields"]
    assert not StoreListing.objects.exists()


def test_another_stores_listing_cannot_be_removed(franchise_api, hq, catalog):
    spu = catalog.phone(hq, stock=0)
    listing_id = franchise_api.post("/api/v1/seller/listings/", {"spu": spu.pk}).json()["id"]
    other = client_for(MembershipFactory(store=StoreFactory(type=StoreType.DIRECT), role=StaffRole.OWNER).user)

    assert other.delete(f"/api/v1/seller/listings/{listing_id}/").status_code == 404
    assert StoreListing.objects.get(pk=listing_id).is_active
