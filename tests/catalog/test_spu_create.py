from decimal import Decimal

import pytest

from catalog import services
from catalog.exceptions import HqCatalogueOnly
from catalog.models import Sku, Spu, SpuStatus, Stock, StockMovement
from catalog.services import AttributeInput, SkuInput, SpecInput
from marketplace.exceptions import InvalidInput
from stores.models import StoreType
from tests.factories import StoreFactory, UserFactory, WarehouseFactory

pytestmark = pytest.mark.django_db


def phone_skus(*, colours=("黑色", "白色"), memories=("128G", "256G"), price="100.00", **extra):
    return [
        SkuInput(specs={"颜色": colour, "内存": memory}, price=Decimal(price), **extra)
        for colour in colours
        for memory in memories
    ]


def create(catalog, store, **overrides):
    arguments = {
        "store": store,
        "by": UserFactory(),
        "category": catalog.phones,
        "brand": catalog.huawei,
        "title": "华为 Mate 60",
        "attributes": [AttributeInput(attribute_id=catalog.model.pk, value="Mate 60")],
        "specs": [
            SpecInput(attribute_id=catalog.colour.pk, values=["黑色", "白色"]),
            SpecInput(attribute_id=catalog.memory.pk, values=["128G", "256G"]),
        ],
        "skus": phone_skus(),
    }
    return services.spu_create(**{**arguments, **overrides})


def test_a_product_is_created_as_a_draft_with_its_full_sku_matrix_and_price_range(catalog, store):
    skus = [
        SkuInput(specs={"颜色": "黑色", "内存": "128G"}, price=Decimal("5999.00"), market_price=Decimal("6499.00")),
        SkuInput(specs={"颜色": "黑色", "内存": "256G"}, price=Decimal("6999.00")),
        SkuInput(specs={"颜色": "白色", "内存": "128G"}, price=Decimal("5899.50"), market_price=Decimal("6399.00")),
        SkuInput(specs={"颜色": "白色", "内存": "256G"}, price=Decimal("6899.00")),
    ]

    spu = create(catalog, store, skus=skus)

    assert spu.status == SpuStatus.DRAFT
    assert (spu.min_price, spu.max_price, spu.market_price) == (
        Decimal("5899.50"),
        Decimal("6999.00"),
        Decimal("6399.00"),
    )
    assert spu.skus.count() == 4
    keys = set(spu.skus.values_list("spec_key", flat=True))
    assert f"{catalog.colour.pk}:白色|{catalog.memory.pk}:256G" in keys
    assert spu.specs[0] == {"attribute": catalog.colour.pk, "name": "颜色", "values": ["黑色", "白色"]}
    assert list(spu.attribute_values.values_list("value", flat=True)) == ["Mate 60"]
    assert spu.events.get().type == "created"


def test_initial_stock_lands_in_the_stores_first_warehouse_and_counts_on_the_spu(catalog, store):
    first, _second = WarehouseFactory(store=store), WarehouseFactory(store=store)

    spu = create(catalog, store, skus=phone_skus(stock=5))

    assert spu.stock == 20
    assert set(Stock.objects.filter(sku__spu=spu).values_list("warehouse_id", "on_hand")) == {(first.pk, 5)}
    assert StockMovement.objects.filter(sku__spu=spu, kind="adjust", on_hand_delta=5).count() == 4


def test_initial_stock_without_a_warehouse_is_refused_and_nothing_is_saved(catalog, store):
    with pytest.raises(InvalidInput) as error:
        create(catalog, store, skus=phone_skus(stock=5))

    assert "skus" in error.value.fields
    assert not Spu.objects.exists()
    assert not Sku.objects.exists()


def test_a_product_without_specs_has_one_sku_with_empty_specs(catalog, store):
    spu = create(
        catalog,
        store,
        category=catalog.accessories,
        specs=[],
        skus=[SkuInput(specs={}, price=Decimal("99.00"))],
    )

    assert list(spu.skus.values_list("specs", "spec_key")) == [({}, "")]
    assert spu.min_price == Decimal("99.00")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"category": "group"}, "category"),
        ({"brand": "apple_elsewhere"}, "brand"),
        ({"attributes": []}, "attributes"),
        ({"attributes": [AttributeInput(attribute_id=0, value="x")]}, "attributes"),
        ({"specs": [SpecInput(attribute_id=-1, values=["黑色"])]}, "specs"),
        ({"skus": phone_skus()[:3]}, "skus"),
        ({"skus": [*phone_skus()[:3], phone_skus()[0]]}, "skus"),
        ({"skus": [*phone_skus()[:3], SkuInput(specs={"颜色": "黑色"}, price=Decimal("1.00"))]}, "skus"),
        ({"skus": phone_skus(colours=("黑色", "红色"))}, "skus"),
    ],
)
def test_bad_content_is_refused_naming_the_field_and_nothing_is_saved(catalog, store, overrides, field):
    if overrides.get("category") == "group":
        overrides["category"] = catalog.group  # not a leaf
    if overrides.get("brand") == "apple_elsewhere":
        overrides["brand"] = catalog.apple  # allowed in 手机 only
        overrides["category"] = catalog.accessories
        overrides["specs"], overrides["skus"] = [], [SkuInput(specs={}, price=Decimal("1.00"))]

    with pytest.raises(InvalidInput) as error:
        create(catalog, store, **overrides)

    assert field in error.value.fields
    assert not Spu.objects.exists()


def test_a_value_outside_the_template_is_refused_unless_the_attribute_allows_custom_values(catalog, store):
    with pytest.raises(InvalidInput) as error:
        create(
            catalog,
            store,
            specs=[
                SpecInput(attribute_id=catalog.colour.pk, values=["黑色", "星光色"]),
                SpecInput(attribute_id=catalog.memory.pk, values=["128G", "256G"]),
            ],
            skus=phone_skus(colours=("黑色", "星光色")),
        )
    assert error.value.fields == {"specs": {"0": {"values": ["星光色 is not a value of 颜色."]}}}

    catalog.colour.custom_allowed = True
    catalog.colour.save()
    spu = create(
        catalog,
        store,
        specs=[
            SpecInput(attribute_id=catalog.colour.pk, values=["黑色", "星光色"]),
            SpecInput(attribute_id=catalog.memory.pk, values=["128G", "256G"]),
        ],
        skus=phone_skus(colours=("黑色", "星光色")),
    )
    assert spu.skus.filter(specs__颜色="星光色").count() == 2


def test_sku_codes_are_unique_per_store_but_may_repeat_across_stores(catalog, store):
    create(
        catalog, store, skus=[*phone_skus()[:3], SkuInput(specs={"颜色": "白色", "内存": "256G"}, price=1, code="A1")]
    )

    with pytest.raises(InvalidInput) as error:
        create(
            catalog,
            store,
            title="again",
            skus=[*phone_skus()[:3], SkuInput(specs={"颜色": "白色", "内存": "256G"}, price=1, code="A1")],
        )
    assert error.value.fields == {"skus": {"3": {"code": ["The store already has a SKU with code A1."]}}}

    other = create(
        catalog,
        StoreFactory(),
        skus=[*phone_skus()[:3], SkuInput(specs={"颜色": "白色", "内存": "256G"}, price=1, code="A1")],
    )
    assert other.skus.filter(code="A1").exists()


def test_the_description_is_sanitised(catalog, store):
    spu = create(
        catalog,
        store,
        description_pc='<p onclick="steal()">好<script>alert(1)</script><img src="https://cdn/x.png"></p>',
        description_mobile='<a href="javascript:alert(1)">看</a>',
    )

    assert spu.description_pc == '<p>好<img src="https://cdn/x.png"></p>'
    assert "javascript" not in spu.description_mobile


@pytest.mark.parametrize("store_type", [StoreType.FRANCHISE, StoreType.DIRECT])
def test_franchise_and_direct_stores_cannot_publish_their_own_goods(catalog, store_type):
    with pytest.raises(HqCatalogueOnly):
        create(catalog, StoreFactory(type=store_type))

    assert not Spu.objects.exists()
