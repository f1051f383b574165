"""What the shipment split is fed from the database: the selling store's warehouses with the units they can
give per SKU (the order's own reservation counted back), and the carrier limits, in one query each."""

import pytest

from catalog.models import Stock
from logistics.models import Carrier
from orders.shipping.sources import carrier_limits, source_warehouses
from orders.shipping.split import CarrierLimits, SourceWarehouse
from tests.catalog.factories import PhoneCatalog
from tests.factories import StoreFactory, WarehouseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def skus(store):
    spu = PhoneCatalog().phone(store, colours=("黑色",), stock=0)
    return list(spu.skus.order_by("pk"))


def test_warehouses_with_stock_of_the_skus_and_their_regions_in_one_query(store, skus, django_assert_num_queries):
    black_128, black_256 = skus
    shanghai = WarehouseFactory(store=store, region_id="310115")
    shenzhen = WarehouseFactory(store=store, region_id="440305")
    empty = WarehouseFactory(store=store, region_id="110105")
    closed = WarehouseFactory(store=store, region_id="310104", is_active=False)
    elsewhere = WarehouseFactory(store=StoreFactory(), region_id="310104")
    Stock.objects.create(sku=black_128, warehouse=shanghai, on_hand=5, reserved=2)
    Stock.objects.create(sku=black_256, warehouse=shanghai, on_hand=1, reserved=1)
    Stock.objects.create(sku=black_256, warehouse=shenzhen, on_hand=4)
    Stock.objects.create(sku=black_128, warehouse=empty, on_hand=3, reserved=3)
    Stock.objects.create(sku=black_128, warehouse=closed, on_hand=9)
    Stock.objects.create(sku=black_128, warehouse=elsewhere, on_hand=9)

    with django_assert_num_queries(1):
        sources = source_warehouses(store_id=store.pk, sku_ids=[black_128.pk, black_256.pk])

    assert sources == (
        SourceWarehouse(shanghai.pk, "310115", {black_128.pk: 3}),
        SourceWarehouse(shenzhen.pk, "440305", {black_256.pk: 4}),
    )


def test_what_the_order_itself_holds_counts_as_available_to_it(store, skus):
    black_128, _ = skus
    shanghai = WarehouseFactory(store=store, region_id="310115")
    Stock.objects.create(sku=black_128, warehouse=shanghai, on_hand=5, reserved=5)

    sources = source_warehouses(store_id=store.pk, sku_ids=[black_128.pk], held={(shanghai.pk, black_128.pk): 2})

    assert sources == (SourceWarehouse(shanghai.pk, "310115", {black_128.pk: 2}),)


def test_parcels_are_packed_to_the_strictest_active_carrier(django_assert_num_queries):
    assert carrier_limits() is None
    Carrier.objects.create(name="顺丰速运", code="SF", max_weight_g=50_000, max_volume_mm3=300_000_000)
    Carrier.objects.create(name="中通快递", code="ZTO", max_weight_g=40_000, max_volume_mm3=400_000_000)
    Carrier.objects.create(name="停用", code="OLD", max_weight_g=1, max_volume_mm3=1, is_active=False)

    with django_assert_num_queries(1):
        assert carrier_limits() == CarrierLimits(max_weight_g=40_000, max_volume_mm3=300_000_000)
