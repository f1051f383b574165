"""What the promotions and coupons centers add to the storefront (catalog.storefront_extras): promotion labels on
list items, live promotions and claimable coupons on a product page, matched to the product's goods scope, in a
number of queries that does not grow with the page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from promotions import services as promotion_services
from promotions.pricing import GoodsScope
from tests.coupons.factories import coupon_template
from tests.factories import OperatorFactory, StoreFactory

pytestmark = pytest.mark.django_db

PRODUCTS = "/api/v1/catalog/products/"
SPEND_300_SAVE_50 = {"tiers": [{"threshold": "300", "discount": "50"}]}


def promotion(store, *, kind, rules, scope, starts=-1, ends=24, name="促销"):
    now = timezone.now()
    return promotion_services.promotion_create(
        store=store,
        by=OperatorFactory(),
        name=name,
        kind=kind,
        rules=rules,
        starts_at=now + timedelta(hours=starts),
        ends_at=now + timedelta(hours=ends),
        scope=scope,
    )


def tags(api, **params) -> dict[int, list[str]]:
    return {row["id"]: row["tags"] for row in api.get(PRODUCTS, params).json()["results"]}


def test_list_items_carry_the_labels_of_the_live_promotions_covering_them(api, catalog, store):
    mate = catalog.phone(store, title="Mate 手机")
    iphone = catalog.phone(store, title="iPhone 手机", brand=catalog.apple)
    elsewhere = catalog.phone(StoreFactory(), title="别家 手机")
    promotion(store, kind="full_reduction", rules=SPEND_300_SAVE_50, scope=GoodsScope(all=True))
    promotion(None, kind="item_discount", rules={"percent": "80"}, scope=GoodsScope(brands=[catalog.apple.pk]))
    promotion(
        store, kind="gift", rules={"gifts": [{"sku": mate.skus.first().pk}]}, scope=GoodsScope(all=True), starts=2
    )
    stopped = promotion(
        store, kind="item_discount", rules={"percent": "50"}, scope=GoodsScope(skus=[mate.skus.first().pk])
    )
    promotion_services.promotion_stop(promotion=stopped, by=OperatorFactory())

    assert tags(api) == {
        mate.pk: ["Spend 300, save 50"],
        iphone.pk: ["Spend 300, save 50", "20% off"],
        elsewhere.pk: [],
    }


def test_a_scope_covers_a_product_by_sku_category_ancestor_or_brand_unless_every_sku_is_excluded(api, catalog, store):
    mate = catalog.phone(store, title="Mate 手机")
    nova = catalog.phone(store, title="Nova 手机")
    pura = catalog.phone(store, title="Pura 手机")
    every_step = {"step": "200", "discount": "20"}
    promotion(store, kind="every_full_reduction", rules=every_step, scope=GoodsScope(skus=[nova.skus.first().pk]))
    promotion(
        None,
        kind="every_full_reduction",
        rules={**every_step, "cap": "100"},
        scope=GoodsScope(categories=[catalog.root.pk], excluded_skus=list(pura.skus.values_list("pk", flat=True))),
    )

    assert tags(api) == {
        mate.pk: ["Save 20 on every 200, up to 100"],
        nova.pk: ["Save 20 on every 200", "Save 20 on every 200, up to 100"],
        pura.pk: [],
    }


def test_the_product_page_shows_its_live_promotions_and_the_coupons_it_may_claim(api, catalog, store):
    spu = catalog.phone(store, brand=catalog.apple)
    store_sale = promotion(
        store,
        kind="multi_buy_percent",
        rules={"count": 2, "percent": "90"},
        scope=GoodsScope(all=True),
        name="两件九折",
    )
    promotion(StoreFactory(), kind="full_reduction", rules=SPEND_300_SAVE_50, scope=GoodsScope(all=True))
    store_coupon = coupon_template(store=store, name="店铺券")
    platform_coupon = coupon_template(name="苹果券", goods=GoodsScope(brands=frozenset({catalog.apple.pk})))
    coupon_template(name="华为券", goods=GoodsScope(brands=frozenset({catalog.huawei.pk})))
    coupon_template(store=StoreFactory(), name="别家券")
    coupon_template(store=store, name="隐藏券", public=False)
    coupon_template(store=store, name="只发不领", issue_mode="distribute")

    body = api.get(f"{PRODUCTS}{spu.pk}/").json()

    assert [
        {key: row[key] for key in ("id", "name", "kind", "label", "store", "member_scope", "rules")}
        for row in body["promotions"]
    ] == [
        {
            "id": store_sale.pk,
            "name": "两件九折",
            "kind": "multi_buy_percent",
            "label": "10% off from 2 items",
            "store": store.pk,
            "member_scope": "all",
            "rules": {"count": 2, "percent": "90.00"},
        }
    ]
    assert {row["id"]: row["name"] for row in body["coupons"]} == {
        store_coupon.pk: "店铺券",
        platform_coupon.pk: "苹果券",
    }
    shown = next(row for row in body["coupons"] if row["id"] == store_coupon.pk)
    assert (shown["kind"], shown["value"], shown["threshold"], shown["store"]) == (
        "threshold",
        "10.00",
        "100.00",
        {"id": store.pk, "name": store.name},
    )
    assert "remaining" not in shown  # every claim changes it; the page is cached for everyone


def test_the_list_costs_the_same_queries_with_scoped_promotions_for_2_and_for_20(
    api, catalog, store, django_assert_num_queries
):
    phones = [catalog.phone(store, title=f"手机 {index}") for index in range(20)]
    promotion(store, kind="item_discount", rules={"price": "99"}, scope=GoodsScope(skus=[phones[0].skus.first().pk]))
    promotion(None, kind="full_reduction", rules=SPEND_300_SAVE_50, scope=GoodsScope(categories=[catalog.group.pk]))

    # count, page, main images, live promotions, the page's SKUs, its categories' ancestors, two facets
    with django_assert_num_queries(8):
        small = api.get(PRODUCTS, {"page_size": 2, "ordering": "-created"})
    with django_assert_num_queries(8):
        large = api.get(PRODUCTS, {"page_size": 20, "ordering": "-created"})

    assert all(row["tags"] for row in small.json()["results"] + large.json()["results"])
    assert large.json()["results"][-1]["tags"] == ["Special price 99", "Spend 300, save 50"]


def test_the_page_costs_the_same_queries_with_scoped_promotions_and_coupons_for_2_and_for_6_skus(
    api, catalog, store, django_assert_num_queries
):
    few = catalog.phone(store, colours=("黑色",))
    many = catalog.phone(store, colours=("黑色", "白色", "蓝色"))
    promotion(None, kind="full_reduction", rules=SPEND_300_SAVE_50, scope=GoodsScope(categories=[catalog.phones.pk]))
    coupon_template(store=store, goods=GoodsScope(categories=frozenset({catalog.root.pk})))

    # product, attributes, SKUs with availability, images, promotions, coupons, the category's ancestors, the
    # flash-sale sessions, the group buys, auctions and presales (one statement)
    with django_assert_num_queries(9):
        assert len(api.get(f"{PRODUCTS}{few.pk}/").json()["coupons"]) == 1
    with django_assert_num_queries(9):
        body = api.get(f"{PRODUCTS}{many.pk}/").json()
    assert (len(body["skus"]), len(body["promotions"]), len(body["coupons"])) == (6, 1, 1)
