"""One goods scope for promotions and coupons (promotions.goods_scope): the same check refuses the same goods in
both services, one serializer reads both APIs' JSON (each with its own spelling of the exclusions), and the rows
turn into the engine's GoodsScope one way."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from catalog.models import Sku
from coupons import services as coupon_services
from coupons.models import CouponTemplate
from marketplace.exceptions import InvalidInput
from promotions import services as promotion_services
from promotions.goods_scope import (
    CouponGoodsSerializer,
    PromotionScopeSerializer,
    covered_skus,
    goods_scope_check,
    goods_scope_errors,
)
from promotions.models import Promotion
from promotions.pricing import GoodsScope
from tests.catalog.factories import PhoneCatalog
from tests.coupons.factories import coupon_template
from tests.factories import OperatorFactory, StoreFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def catalog():
    return PhoneCatalog()


def skus_of(spu) -> list[int]:
    return list(spu.skus.order_by("pk").values_list("pk", flat=True))


def promote(store, scope: GoodsScope) -> Promotion:
    now = timezone.now()
    return promotion_services.promotion_create(
        store=store,
        by=OperatorFactory(),
        name="八折",
        kind="item_discount",
        rules={"percent": "80"},
        starts_at=now,
        ends_at=now + timedelta(days=7),
        scope=scope,
    )


def coupon(store, goods: GoodsScope) -> CouponTemplate:
    return coupon_template(store=store, goods=goods)


def test_a_store_names_only_its_own_active_skus_and_existing_categories_and_brands(catalog, store):
    mine = skus_of(catalog.phone(store))
    theirs = skus_of(catalog.phone(StoreFactory()))
    Sku.objects.filter(pk=mine[1]).update(is_active=False)

    errors = goods_scope_errors(
        GoodsScope(skus={mine[0], theirs[0]}, excluded_skus={mine[1]}, categories={999_999}, brands={catalog.apple.pk}),
        store_id=store.pk,
    )

    assert errors == [
        f"Unknown SKUs (or another store's): {', '.join(map(str, sorted([mine[1], theirs[0]])))}.",
        "Unknown categories: 999999.",
    ]
    assert goods_scope_errors(GoodsScope(skus={mine[0]}, categories={catalog.phones.pk}), store_id=store.pk) == []
    assert goods_scope_errors(GoodsScope(skus={theirs[0]}), store_id=None) == []  # the platform's cover every store
    assert goods_scope_errors(GoodsScope(excluded_skus={mine[0]}), store_id=store.pk) == [
        "Name the goods: all, or some SKUs, categories or brands."
    ]


def test_promotions_and_coupons_refuse_the_same_goods_with_the_same_message_under_their_own_field(catalog, store):
    theirs = skus_of(catalog.phone(StoreFactory()))
    scope = GoodsScope(skus={theirs[0]})

    with pytest.raises(InvalidInput) as promotion_refusal:
        promote(store, scope)
    with pytest.raises(InvalidInput) as coupon_refusal:
        coupon(store, scope)

    assert promotion_refusal.value.fields == {"scope": [f"Unknown SKUs (or another store's): {theirs[0]}."]}
    assert coupon_refusal.value.fields == {"goods": promotion_refusal.value.fields["scope"]}
    with pytest.raises(InvalidInput) as direct:
        goods_scope_check(scope, store_id=store.pk, field="goods")
    assert direct.value.fields == coupon_refusal.value.fields


def test_a_coupon_edit_checks_the_goods_only_when_they_change(catalog, store):
    mine = skus_of(catalog.phone(store))
    template = coupon(store, GoodsScope(skus={mine[0]}))
    Sku.objects.filter(pk=mine[0]).update(is_active=False)  # retired after the coupon was made

    coupon_services.coupon_template_update(template=template, by=OperatorFactory(), total=20)
    with pytest.raises(InvalidInput) as refusal:
        coupon_services.coupon_template_update(template=template, by=OperatorFactory(), goods=GoodsScope(skus=mine))

    assert refusal.value.fields == {"goods": [f"Unknown SKUs (or another store's): {mine[0]}."]}


def test_both_rows_keep_a_scope_in_the_same_columns_and_give_the_engine_the_same_scope(catalog, store):
    mine = skus_of(catalog.phone(store))
    scope = GoodsScope(categories={catalog.group.pk}, brands={catalog.huawei.pk}, excluded_skus={mine[1]})

    promotion, template = promote(store, scope), coupon(store, scope)
    promotion.refresh_from_db()
    template.refresh_from_db()

    columns = ("scope_all", "scope_skus", "scope_categories", "scope_brands", "excluded_skus")
    assert [getattr(promotion, name) for name in columns] == [getattr(template, name) for name in columns]
    assert (template.scope_categories, template.excluded_skus) == ([catalog.group.pk], [mine[1]])
    assert promotion.goods_scope == template.goods_scope == scope


def test_the_apis_keep_their_spelling_of_the_exclusions_and_read_into_one_scope():
    promotion_json = {"categories": [3], "exclude_skus": [7]}
    coupon_json = {"categories": [3], "excluded_skus": [7]}

    read_promotion = PromotionScopeSerializer(data=promotion_json)
    read_coupon = CouponGoodsSerializer(data=coupon_json)

    assert read_promotion.is_valid(), read_promotion.errors
    assert read_coupon.is_valid(), read_coupon.errors
    assert read_promotion.validated_data == read_coupon.validated_data == GoodsScope(categories={3}, excluded_skus={7})
    assert not PromotionScopeSerializer(data=coupon_json).is_valid()  # each API its own key, as clients send it
    nothing = CouponGoodsSerializer(data={"excluded_skus": [7]})
    assert not nothing.is_valid()
    assert nothing.errors == {"non_field_errors": ["Name the goods: all, or some SKUs, categories or brands."]}


def test_the_apis_show_a_scope_in_their_shapes(catalog, store):
    mine = skus_of(catalog.phone(store))
    scope = GoodsScope(skus={mine[0]}, excluded_skus={mine[1]})

    shown_promotion = PromotionScopeSerializer(promote(store, scope)).data
    shown_coupon = CouponGoodsSerializer(coupon(store, scope)).data

    expected = {"all": False, "skus": [mine[0]], "categories": [], "brands": []}
    assert shown_promotion == {**expected, "exclude_skus": [mine[1]]}
    assert shown_coupon == {**expected, "excluded_skus": [mine[1]]}


def test_covered_skus_follow_the_category_subtree_brand_and_exclusions(catalog, store):
    phone = skus_of(catalog.phone(store))
    apple = skus_of(catalog.phone(store, title="苹果 iPhone 16 手机", brand=catalog.apple))
    skus_of(catalog.phone(StoreFactory()))  # another store's: never covered by this store's scope

    by_category = covered_skus(GoodsScope(categories={catalog.root.pk}, excluded_skus={phone[0]}), store_id=store.pk)
    by_brand = covered_skus(GoodsScope(brands={catalog.apple.pk}), store_id=store.pk)

    assert sorted(by_category.values_list("pk", flat=True)) == sorted([phone[1], *apple])
    assert sorted(by_brand.values_list("pk", flat=True)) == sorted(apple)
