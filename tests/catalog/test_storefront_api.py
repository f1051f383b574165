import uuid
from decimal import Decimal

import pytest

from catalog import selectors, services
from catalog.models import ImageKind, SpuImage
from catalog.services import StockLine
from stores.models import StoreStatus
from tests.catalog.factories import StorefrontCategoryFactory
from tests.factories import StoreFactory

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


def test_the_list_shows_only_on_shelf_goods_of_active_stores_with_their_lowest_price(api, catalog, store):
    on_sale = catalog.phone(store, prices=("5999.00", "6999.00"))
    catalog.phone(store, title="草稿 手机", approve=False)
    off = catalog.phone(store, title="下架 手机")
    services.spu_take_off_shelf(spu=off, by=None)
    catalog.phone(StoreFactory(status=StoreStatus.FROZEN), title="冻结店 手机")

    response = api.get("/api/v1/catalog/products/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"] == [
        {
            "id": on_sale.pk,
            "title": "华为 Mate 60 Pro 手机",
            "store": {"id": store.pk, "name": store.name},
            "brand": {"id": catalog.huawei.pk, "name": "华为"},
            "min_price": "5999.00",
            "market_price": "6999.00",
            "main_image": None,
            "sales": 0,
            "tags": [],
        }
    ]


def test_q_finds_chinese_titles_by_substring_and_by_near_miss(api, catalog, store):
    mate = catalog.phone(store, title="华为 Mate60 手机")

    iphone = catalog.phone(store, title="苹果 iPhone 15", brand=catalog.apple)

    assert ids(api.get("/api/v1/catalog/products/", {"q": "手机"})) == [mate.pk]
    assert ids(api.get("/api/v1/catalog/products/", {"q": "华为 手机"})) == [mate.pk]
    assert ids(api.get("/api/v1/catalog/products/", {"q": "iphone15"})) == [iphone.pk]
    assert ids(api.get("/api/v1/catalog/products/", {"q": "洗衣机"})) == []


def test_a_storefront_category_lists_every_mapped_backend_subtree_and_narrows_by_its_brands(api, catalog, store):
    huawei = catalog.phone(store, title="华为 手机")
    apple = catalog.phone(store, title="苹果 手机", brand=catalog.apple)
    digital = StorefrontCategoryFactory(name="数码", backend_categories=[catalog.root])
    apple_phones = StorefrontCategoryFactory(
        name="苹果手机", parent=digital, backend_categories=[catalog.phones], brands=[catalog.apple]
    )
    elsewhere = StorefrontCategoryFactory(name="家电", backend_categories=[catalog.accessories])
    brand_zone = StorefrontCategoryFactory(name="华为专区", brands=[catalog.huawei])

    assert sorted(ids(api.get("/api/v1/catalog/products/", {"category": digital.pk}))) == [huawei.pk, apple.pk]
    assert ids(api.get("/api/v1/catalog/products/", {"category": apple_phones.pk})) == [apple.pk]
    assert ids(api.get("/api/v1/catalog/products/", {"category": elsewhere.pk})) == []
    assert ids(api.get("/api/v1/catalog/products/", {"category": brand_zone.pk})) == [huawei.pk]


def test_a_parent_storefront_category_includes_what_its_children_map(api, catalog, store):
    huawei = catalog.phone(store)
    parent = StorefrontCategoryFactory(name="热卖")
    StorefrontCategoryFactory(name="手机", parent=parent, backend_categories=[catalog.group])

    assert ids(api.get("/api/v1/catalog/products/", {"category": parent.pk})) == [huawei.pk]


def test_filters_by_brand_store_attribute_price_and_stock(api, catalog, store):
    cheap = catalog.phone(store, title="畅享 手机", prices=("999.00", "1299.00"), screen="6.1英寸")
    dear = catalog.phone(store, title="Mate 手机", prices=("5999.00", "6999.00"))
    other_store = StoreFactory()
    apple = catalog.phone(other_store, title="iPhone 手机", brand=catalog.apple, prices=("4999.00", "5999.00"))
    sold_out = catalog.phone(store, title="售罄 手机", stock=0)
    screen = catalog.screen.pk

    def found(**params):
        return sorted(ids(api.get("/api/v1/catalog/products/", params)))

    assert found(brand=catalog.apple.pk) == [apple.pk]
    assert found(store=other_store.pk) == [apple.pk]
    assert found(attr=f"{screen}:6.1英寸") == [cheap.pk]
    assert found(attr=[f"{screen}:6.1英寸", f"{screen}:6.7英寸"]) == sorted([cheap.pk, dear.pk, apple.pk, sold_out.pk])
    assert found(attr=[f"{screen}:6.7英寸", f"{catalog.model.pk}:iPhone"]) == [apple.pk]
    assert found(price_min="1000", price_max="5000") == [apple.pk]
    assert found(in_stock=1) == sorted([cheap.pk, dear.pk, apple.pk])


def test_ordering_by_price_sales_and_newest(api, catalog, store):
    a = catalog.phone(store, title="A 手机", prices=("300.00", "400.00"))
    b = catalog.phone(store, title="B 手机", prices=("100.00", "200.00"))
    c = catalog.phone(store, title="C 手机", prices=("200.00", "900.00"))
    sku = c.skus.first()
    services.stock_reserve(lines=[StockLine(sku_id=sku.pk, quantity=2)], reference="T1")
    warehouse_id = sku.stocks.get().warehouse_id
    services.stock_commit(lines=[StockLine(sku_id=sku.pk, quantity=2, warehouse_id=warehouse_id)], reference="T1")

    assert ids(api.get("/api/v1/catalog/products/", {"ordering": "price"})) == [b.pk, c.pk, a.pk]
    assert ids(api.get("/api/v1/catalog/products/", {"ordering": "-price"})) == [a.pk, c.pk, b.pk]
    assert ids(api.get("/api/v1/catalog/products/", {"ordering": "-sales"}))[0] == c.pk
    assert ids(api.get("/api/v1/catalog/products/", {"ordering": "-created"})) == [c.pk, b.pk, a.pk]


def test_facets_count_the_filtered_products_per_brand_and_attribute_value(api, catalog, store):
    catalog.phone(store, title="A 手机", screen="6.1英寸")
    catalog.phone(store, title="B 手机", screen="6.7英寸")
    catalog.phone(store, title="C 手机", brand=catalog.apple, screen="6.7英寸")

    facets = api.get("/api/v1/catalog/products/", {"page_size": 1}).json()["facets"]

    assert facets["brands"] == [
        {"id": catalog.huawei.pk, "name": "华为", "count": 2},
        {"id": catalog.apple.pk, "name": "苹果", "count": 1},
    ]
    assert facets["attributes"] == [
        {
            "id": catalog.screen.pk,
            "name": "屏幕",
            "values": [{"value": "6.7英寸", "count": 2}, {"value": "6.1英寸", "count": 1}],
        }
    ]
    narrowed = api.get("/api/v1/catalog/products/", {"brand": catalog.apple.pk}).json()["facets"]
    assert narrowed["brands"] == [{"id": catalog.apple.pk, "name": "苹果", "count": 1}]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"ordering": "cheapest"}, "ordering"),
        ({"attr": "colour=red"}, "attr"),
        ({"price_min": "-1"}, "price_min"),
        ({"category": 999999}, "category"),
        ({"sort": "price"}, "sort"),
    ],
)
def test_bad_filters_are_a_400_naming_the_parameter(api, db, params, field):
    response = api.get("/api/v1/catalog/products/", params)

    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert field in response.json()["fields"]


def test_the_list_costs_the_same_queries_for_a_page_of_2_and_of_20(api, catalog, store, django_assert_num_queries):
    for index in range(20):
        spu = catalog.phone(store, title=f"手机 {index}", stock=0 if index else 1)
        SpuImage.objects.create(spu=spu, kind=ImageKind.MAIN, image=f"spu/{index}.png")
    category = StorefrontCategoryFactory(backend_categories=[catalog.root])
    params = {"q": "手机", "category": category.pk, "attr": f"{catalog.screen.pk}:6.7英寸", "ordering": "price"}

    # storefront category, its mappings, count, page, main images, live promotions, brand facets, attribute facets
    with django_assert_num_queries(8):
        small = api.get("/api/v1/catalog/products/", {**params, "page_size": 2})
    with django_assert_num_queries(8):
        large = api.get("/api/v1/catalog/products/", {**params, "page_size": 20})

    assert (len(small.json()["results"]), len(large.json()["results"])) == (2, 20)
    assert large.json()["results"][0]["main_image"].startswith("http://testserver/media/spu/")


def test_the_categories_tree_is_nested(api, db):
    root = StorefrontCategoryFactory(name="数码")
    child = StorefrontCategoryFactory(name="手机", parent=root)
    StorefrontCategoryFactory(name="隐藏", parent=root, is_active=False)

    response = api.get("/api/v1/catalog/categories/")

    assert response.json() == [
        {"id": root.pk, "name": "数码", "children": [{"id": child.pk, "name": "手机", "children": []}]}
    ]


def test_the_detail_shows_specs_with_images_and_each_skus_availability(api, catalog, store):
    spu = catalog.phone(store, colours=("黑色", "白色"), stock=5)
    SpuImage.objects.create(spu=spu, kind=ImageKind.MAIN, image="spu/main.png", thumbnails={"120": "spu/t-120.jpg"})
    SpuImage.objects.create(spu=spu, kind=ImageKind.SPEC, spec_value="白色", image="spu/white.png")
    black_128 = spu.skus.get(specs__颜色="黑色", specs__内存="128G")
    services.stock_reserve(lines=[StockLine(sku_id=black_128.pk, quantity=2)], reference="T1")

    body = api.get(f"/api/v1/catalog/products/{spu.pk}/").json()

    assert body["store"] == {"id": store.pk, "name": store.name}
    assert body["category"] == {"id": catalog.phones.pk, "name": "手机"}
    assert body["attributes"] == [{"name": "型号", "value": "Pro"}, {"name": "屏幕", "value": "6.7英寸"}]
    assert body["specs"] == [
        {
            "name": "颜色",
            "values": [
                {"value": "黑色", "image": None},
                {"value": "白色", "image": "http://testserver/media/spu/white.png"},
            ],
        },
        {"name": "内存", "values": [{"value": "128G", "image": None}, {"value": "256G", "image": None}]},
    ]
    assert len(body["skus"]) == 4
    assert {
        "id": black_128.pk,
        "specs": {"颜色": "黑色", "内存": "128G"},
        "price": "5999.00",
        "market_price": "6999.00",
        "available": 3,
    } in body["skus"]
    assert body["images"] == [
        {
            "kind": "main",
            "url": "http://testserver/media/spu/main.png",
            "thumbnails": {"120": "http://testserver/media/spu/t-120.jpg"},
        }
    ]
    assert (body["promotions"], body["coupons"]) == ([], [])


def test_the_detail_costs_the_same_queries_for_2_and_for_12_skus(api, catalog, store, django_assert_num_queries):
    few = catalog.phone(store, colours=("黑色",))
    catalog.colour.values.create(value="红色")
    catalog.colour.values.create(value="绿色")
    catalog.colour.values.create(value="紫色")
    many = catalog.phone(store, colours=("黑色", "白色", "蓝色", "红色", "绿色", "紫色"))

    # product with store, brand and category; attributes; SKUs with availability; images; promotions; coupons;
    # flash-sale sessions; group buys, auctions and presales in one statement
    with django_assert_num_queries(8):
        assert len(api.get(f"/api/v1/catalog/products/{few.pk}/").json()["skus"]) == 2
    with django_assert_num_queries(8):
        assert len(api.get(f"/api/v1/catalog/products/{many.pk}/").json()["skus"]) == 12


def test_a_product_not_on_shelf_has_no_detail(api, catalog, store):
    draft = catalog.phone(store, approve=False)

    response = api.get(f"/api/v1/catalog/products/{draft.pk}/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_prices_are_strings_with_two_decimals(api, catalog, store):
    catalog.phone(store, prices=("1.5", "2"))

    row = api.get("/api/v1/catalog/products/").json()["results"][0]

    assert (row["min_price"], row["market_price"]) == ("1.50", "1001.50")
    assert Decimal(row["min_price"]) == Decimal("1.50")


def test_facets_are_reused_for_the_same_filters_on_other_pages_and_orders(
    api, catalog, store, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(selectors, "FACETS_CACHE_SECONDS", 60)
    unique = catalog.phone(store, title=f"缓存 手机 {uuid.uuid4().hex}")
    params = {"q": unique.title}
    first = api.get("/api/v1/catalog/products/", params).json()["facets"]

    # count, page, main images, live promotions: the facets come from the cache
    with django_assert_num_queries(4):
        again = api.get("/api/v1/catalog/products/", {**params, "ordering": "price", "page_size": 5}).json()

    assert again["facets"] == first
    assert first["brands"] == [{"id": catalog.huawei.pk, "name": "华为", "count": 1}]
