from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog import services
from catalog.models import Sku, Spu, SpuStatus
from catalog.services import AttributeInput, SkuInput, SpecInput
from marketplace.exceptions import InvalidInput
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def matrix(spu, **changes):
    """The product's SKUs as they are, as SkuInput, with `changes` applied to all of them."""
    return [
        SkuInput(specs=sku.specs, price=sku.price, market_price=sku.market_price, code=sku.code, **changes)
        for sku in spu.skus.filter(is_active=True).order_by("pk")
    ]


def test_a_price_change_keeps_the_product_on_the_shelf_and_moves_its_price_range(catalog, store):
    spu = catalog.phone(store, prices=("5999.00", "6999.00"))
    skus = matrix(spu)
    skus[0] = SkuInput(specs=skus[0].specs, price=Decimal("5499.00"), market_price=Decimal("5999.00"))

    spu = services.spu_update(spu=spu, by=UserFactory(), data={"skus": skus})

    assert spu.status == SpuStatus.ON_SHELF
    assert (spu.min_price, spu.max_price, spu.market_price) == (
        Decimal("5499.00"),
        Decimal("6999.00"),
        Decimal("5999.00"),
    )
    assert spu.events.filter(type="edited", data__fields=["skus"]).exists()


def test_a_matrix_without_thresholds_keeps_each_skus_and_a_new_sku_has_none(catalog, store):
    spu = catalog.phone(store, colours=("黑色",), stock=0)
    spu.skus.update(low_stock_threshold=5)
    black = matrix(spu)
    white = [SkuInput(specs={**sku.specs, "颜色": "白色"}, price=sku.price) for sku in black]
    black[1] = SkuInput(specs=black[1].specs, price=black[1].price, low_stock_threshold=2)
    specs = [
        SpecInput(attribute_id=catalog.colour.pk, values=["黑色", "白色"]),
        SpecInput(attribute_id=catalog.memory.pk, values=["128G", "256G"]),
    ]

    services.spu_update(spu=spu, by=UserFactory(), data={"specs": specs, "skus": [*black, *white]})

    thresholds = {(sku.specs["颜色"], sku.specs["内存"]): sku.low_stock_threshold for sku in spu.skus.all()}
    assert thresholds == {("黑色", "128G"): 5, ("黑色", "256G"): 2, ("白色", "128G"): 0, ("白色", "256G"): 0}


@pytest.mark.parametrize("status", ["on_shelf", "off_shelf", "rejected"])
def test_changing_reviewed_content_sends_the_product_back_to_draft(catalog, store, status):
    spu = catalog.phone(store)
    Spu.objects.filter(pk=spu.pk).update(status=status)

    spu = services.spu_update(spu=spu, by=UserFactory(), data={"title": "华为 Mate 60 RS 非凡大师"})

    assert spu.status == SpuStatus.DRAFT
    assert spu.events.filter(type="returned_to_draft", data__old=status).exists()
    assert not Spu.objects.for_sale().filter(pk=spu.pk).exists()


def test_the_schedule_changes_without_a_review_but_must_end_after_it_starts(catalog, store):
    spu = catalog.phone(store)
    start = timezone.now() + timedelta(days=1)

    with pytest.raises(InvalidInput) as error:
        services.spu_update(spu=spu, by=UserFactory(), data={"on_shelf_at": start, "off_shelf_at": start})
    assert "off_shelf_at" in error.value.fields

    spu = services.spu_update(spu=spu, by=UserFactory(), data={"off_shelf_at": start})
    assert (spu.status, spu.off_shelf_at) == (SpuStatus.ON_SHELF, start)


def test_a_combination_still_in_stock_cannot_be_dropped(catalog, store):
    spu = catalog.phone(store, colours=("黑色", "白色"), stock=3)

    with pytest.raises(InvalidInput) as error:
        services.spu_update(
            spu=spu,
            by=UserFactory(),
            data={
                "specs": [
                    SpecInput(attribute_id=catalog.colour.pk, values=["黑色"]),
                    SpecInput(attribute_id=catalog.memory.pk, values=["128G", "256G"]),
                ],
                "skus": [sku for sku in matrix(spu) if sku.specs["颜色"] == "黑色"],
            },
        )

    assert "skus" in error.value.fields
    assert Sku.objects.filter(spu=spu, is_active=True).count() == 4


def test_a_dropped_colours_codes_can_go_to_the_new_colour_and_codes_can_swap(catalog, store):
    spu = catalog.phone(store, colours=("黑色",), stock=0, code_prefix="P")
    black = {sku.specs["内存"]: sku for sku in spu.skus.all()}
    blue = [
        SkuInput(specs={"颜色": "蓝色", "内存": memory}, price=Decimal("100.00"), code=black[other].code)
        for memory, other in (("128G", "256G"), ("256G", "128G"))
    ]

    services.spu_update(
        spu=spu,
        by=UserFactory(),
        data={
            "specs": [
                SpecInput(attribute_id=catalog.colour.pk, values=["蓝色"]),
                SpecInput(attribute_id=catalog.memory.pk, values=["128G", "256G"]),
            ],
            "skus": blue,
        },
    )

    active = {sku.specs["内存"]: sku.code for sku in Sku.objects.filter(spu=spu, is_active=True)}
    assert active == {"128G": black["256G"].code, "256G": black["128G"].code}
    assert set(Sku.objects.filter(spu=spu, is_active=False).values_list("code", flat=True)) == {""}


def test_a_new_category_checks_the_product_against_its_template(catalog, store):
    spu = catalog.phone(store)

    with pytest.raises(InvalidInput) as error:
        services.spu_update(spu=spu, by=UserFactory(), data={"category": catalog.accessories})

    assert "specs" in error.value.fields  # 颜色 and 内存 are not sales attributes of 配件
    spu.refresh_from_db()
    assert spu.category == catalog.phones


def test_attributes_are_replaced_as_a_whole(catalog, store):
    spu = catalog.phone(store, approve=False)

    spu = services.spu_update(
        spu=spu,
        by=UserFactory(),
        data={"attributes": [AttributeInput(attribute_id=catalog.model.pk, value="Mate 60 RS")]},
    )

    assert list(spu.attribute_values.values_list("attribute__name", "value")) == [("型号", "Mate 60 RS")]
