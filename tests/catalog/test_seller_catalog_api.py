"""The seller's reference data (categories with templates, brands) and the stock API."""

import pytest

from catalog.models import Stock, StockMovement
from tests.catalog.factories import BrandFactory
from tests.factories import StoreFactory, WarehouseFactory

pytestmark = pytest.mark.django_db


def find(nodes, name):
    for node in nodes:
        if node["name"] == name:
            return node
        found = find(node["children"], name)
        if found:
            return found
    return None


def test_the_backend_tree_gives_each_leaf_its_inherited_template(owner_api, catalog):
    response = owner_api.get("/api/v1/seller/categories/")

    assert response.status_code == 200
    tree = response.json()
    root = find(tree, "数码")
    assert (root["is_leaf"], root["attributes"]) == (False, [])
    phones = find(tree, "手机")
    assert phones["is_leaf"] is True
    assert [(a["name"], a["kind"], a["required"]) for a in phones["attributes"]] == [
        ("型号", "key", True),
        ("颜色", "sales", False),
        ("内存", "sales", False),
        ("屏幕", "other", False),
    ]
    colour = phones["attributes"][1]
    assert (colour["values"], colour["custom_allowed"]) == (["黑色", "白色", "蓝色"], False)
    assert [a["name"] for a in find(tree, "配件")["attributes"]] == ["型号"]


def test_the_tree_costs_a_fixed_number_of_queries(owner_api, catalog, django_assert_num_queries):
    owner_api.get("/api/v1/seller/categories/")  # the token and membership lookups are warmed up alike below

    # token, membership, nodes, attributes, attribute values
    with django_assert_num_queries(5):
        owner_api.get("/api/v1/seller/categories/")


def test_brands_for_a_category_are_those_allowed_in_it_or_above_it(owner_api, catalog):
    BrandFactory(name="美的", categories=[])

    in_phones = owner_api.get("/api/v1/seller/brands/", {"category": catalog.phones.pk}).json()["results"]
    in_accessories = owner_api.get("/api/v1/seller/brands/", {"category": catalog.accessories.pk}).json()["results"]
    everything = owner_api.get("/api/v1/seller/brands/").json()["results"]

    assert sorted(brand["name"] for brand in in_phones) == ["华为", "苹果"]
    assert [brand["name"] for brand in in_accessories] == ["华为"]
    assert len(everything) == 3


def test_shoppers_cannot_read_the_seller_tree(shopper_api, catalog):
    assert shopper_api.get("/api/v1/seller/categories/").status_code == 403


def test_a_manager_adds_stock_and_takes_it_out_but_not_below_reserved(owner_api, owner, store, catalog):
    spu = catalog.phone(store, stock=0)
    sku = spu.skus.first()
    warehouse = WarehouseFactory(store=store)

    response = owner_api.post(
        "/api/v1/seller/stock/", {"sku": sku.pk, "warehouse": warehouse.pk, "delta": 30, "reason": "采购入库"}
    )

    assert response.status_code == 200
    assert response.json() == {"sku": sku.pk, "warehouse": warehouse.pk, "on_hand": 30, "reserved": 0, "available": 30}
    assert StockMovement.objects.get(sku=sku).by == owner
    spu.refresh_from_db()
    assert spu.stock == 30

    too_much = owner_api.post(
        "/api/v1/seller/stock/", {"sku": sku.pk, "warehouse": warehouse.pk, "delta": -31, "reason": "盘亏"}
    )
    assert too_much.status_code == 409
    assert too_much.json()["code"] == "insufficient_stock"
    assert Stock.objects.get(sku=sku).on_hand == 30


def test_stock_of_another_stores_sku_or_into_another_stores_warehouse_is_404(owner_api, store, catalog):
    mine = catalog.phone(store, stock=0).skus.first()
    my_warehouse = WarehouseFactory(store=store)
    theirs = catalog.phone(StoreFactory(), title="别家 手机", stock=0).skus.first()
    their_warehouse = WarehouseFactory(store=theirs.store)

    for sku, warehouse in [(theirs, my_warehouse), (mine, their_warehouse)]:
        response = owner_api.post(
            "/api/v1/seller/stock/", {"sku": sku.pk, "warehouse": warehouse.pk, "delta": 1, "reason": "x"}
        )
        assert response.status_code == 404
    assert not Stock.objects.exists()


def test_a_clerk_cannot_adjust_stock(clerk_api, store, catalog):
    sku = catalog.phone(store, stock=0).skus.first()

    response = clerk_api.post(
        "/api/v1/seller/stock/",
        {"sku": sku.pk, "warehouse": WarehouseFactory(store=store).pk, "delta": 1, "reason": "x"},
    )

    assert response.status_code == 403


def test_the_stock_list_shows_only_the_stores_own_warehouses(owner_api, clerk_api, store, catalog):
    mine = catalog.phone(store, stock=4)
    catalog.phone(StoreFactory(), title="别家 手机", stock=9)

    rows = clerk_api.get("/api/v1/seller/stock/").json()["results"]

    assert {row["sku"] for row in rows} == set(mine.skus.values_list("pk", flat=True))
    assert {(row["on_hand"], row["available"], row["title"]) for row in rows} == {(4, 4, mine.title)}
    one = mine.skus.first()
    assert [row["sku"] for row in owner_api.get("/api/v1/seller/stock/", {"sku": one.pk}).json()["results"]] == [one.pk]


def test_skus_at_or_below_their_threshold_are_flagged_for_replenishment(owner_api, store, catalog):
    spu = catalog.phone(store, stock=5)
    low, fine = spu.skus.order_by("price")
    low.low_stock_threshold = 5
    low.save()
    fine.low_stock_threshold = 4
    fine.save()

    rows = owner_api.get("/api/v1/seller/stock/low/").json()["results"]

    assert rows == [
        {
            "sku": low.pk,
            "spu": spu.pk,
            "title": spu.title,
            "specs": low.specs,
            "code": "",
            "available": 5,
            "low_stock_threshold": 5,
        }
    ]
