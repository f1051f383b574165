from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import IntegrityError, connection, transaction

from catalog import services
from catalog.exceptions import InsufficientStock
from catalog.models import Spu, Stock, StockMovement
from catalog.services import StockLine
from marketplace.exceptions import InvalidInput, InvalidTransition
from stores.models import StoreType
from tests.factories import StoreFactory, UserFactory, WarehouseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone(catalog, store):
    """One colour, two SKUs (128G, 256G), 10 of each in one warehouse."""
    return catalog.phone(store, stock=10)


def stock_of(sku) -> tuple[int, int]:
    stock = Stock.objects.get(sku=sku)
    return stock.on_hand, stock.reserved


def test_reserving_holds_the_goods_and_lowers_the_spu_total(phone):
    small, large = phone.skus.order_by("price")

    movements = services.stock_reserve(
        lines=[StockLine(sku_id=small.pk, quantity=3), StockLine(sku_id=large.pk, quantity=1)], reference="T100"
    )

    assert stock_of(small) == (10, 3)
    assert stock_of(large) == (10, 1)
    assert Spu.objects.get(pk=phone.pk).stock == 16
    assert [(m.sku_id, m.kind, m.reserved_delta, m.reference) for m in movements] == [
        (small.pk, "reserve", 3, "T100"),
        (large.pk, "reserve", 1, "T100"),
    ]
    assert movements[0].warehouse_id == Stock.objects.get(sku=small).warehouse_id


def test_a_reservation_short_of_one_line_reserves_nothing(phone):
    small, large = phone.skus.order_by("price")

    with pytest.raises(InsufficientStock) as error:
        services.stock_reserve(
            lines=[StockLine(sku_id=small.pk, quantity=3), StockLine(sku_id=large.pk, quantity=11)], reference="T1"
        )

    assert error.value.code == "insufficient_stock"
    assert error.value.status == 409
    assert error.value.fields == {"sku": [large.pk], "available": [10]}
    assert stock_of(small) == (10, 0)
    assert Spu.objects.get(pk=phone.pk).stock == 20
    assert not StockMovement.objects.filter(kind="reserve").exists()


def test_without_a_warehouse_the_one_that_covers_the_line_with_most_stock_is_chosen(phone, store):
    sku = phone.skus.order_by("price").first()
    bigger = WarehouseFactory(store=store)
    services.stock_adjust(sku=sku, warehouse=bigger, delta=15, reason="stock-in", by=None)

    [movement] = services.stock_reserve(lines=[StockLine(sku_id=sku.pk, quantity=12)], reference="T2")

    assert movement.warehouse_id == bigger.pk
    assert Stock.objects.get(sku=sku, warehouse=bigger).reserved == 12
    with pytest.raises(InsufficientStock):  # 10 + 3 left in two warehouses, but no single one has 11
        services.stock_reserve(lines=[StockLine(sku_id=sku.pk, quantity=11)], reference="T3")


def test_release_returns_reserved_goods_and_commit_takes_them_out_as_sales(phone):
    sku = phone.skus.order_by("price").first()
    [reserved] = services.stock_reserve(lines=[StockLine(sku_id=sku.pk, quantity=4)], reference="T4")
    line = StockLine(sku_id=sku.pk, quantity=1, warehouse_id=reserved.warehouse_id)

    services.stock_release(lines=[line], reference="T4", reason="cancelled")
    assert stock_of(sku) == (10, 3)
    assert Spu.objects.get(pk=phone.pk).stock == 17

    services.stock_commit(
        lines=[StockLine(sku_id=sku.pk, quantity=3, warehouse_id=reserved.warehouse_id)], reference="T4"
    )
    spu = Spu.objects.get(pk=phone.pk)
    assert stock_of(sku) == (7, 0)
    assert (spu.stock, spu.sales) == (17, 3)
    assert list(
        StockMovement.objects.filter(reference="T4")
        .order_by("id")
        .values_list("kind", "on_hand_delta", "reserved_delta")
    ) == [
        ("reserve", 0, 4),
        ("release", 0, -1),
        ("commit", -3, -3),
    ]


def test_releasing_or_committing_more_than_reserved_is_refused(phone):
    sku = phone.skus.first()
    warehouse_id = Stock.objects.get(sku=sku).warehouse_id

    for service in (services.stock_release, services.stock_commit):
        with pytest.raises(InvalidTransition):
            service(lines=[StockLine(sku_id=sku.pk, quantity=1, warehouse_id=warehouse_id)], reference="T5")
    assert stock_of(sku) == (10, 0)


def test_adjusting_stock_never_goes_below_what_orders_reserved(phone):
    sku = phone.skus.first()
    stock = Stock.objects.get(sku=sku)
    services.stock_reserve(lines=[StockLine(sku_id=sku.pk, quantity=4)], reference="T6")
    clerk = UserFactory()

    with pytest.raises(InsufficientStock) as error:
        services.stock_adjust(sku=sku, warehouse=stock.warehouse, delta=-7, reason="damaged", by=clerk)
    assert error.value.fields == {"delta": ["At least -6."]}

    stock = services.stock_adjust(sku=sku, warehouse=stock.warehouse, delta=-6, reason="damaged", by=clerk)
    assert (stock.on_hand, stock.reserved, stock.available) == (4, 4, 0)
    assert Spu.objects.get(pk=phone.pk).stock == 10
    movement = StockMovement.objects.filter(kind="adjust").first()
    assert (movement.on_hand_delta, movement.reason, movement.by) == (-6, "damaged", clerk)


def test_stock_cannot_be_put_in_another_stores_warehouse(phone):
    with pytest.raises(InvalidInput) as error:
        services.stock_adjust(sku=phone.skus.first(), warehouse=WarehouseFactory(), delta=5, reason="", by=None)

    assert "warehouse" in error.value.fields


def test_the_database_itself_refuses_reserving_more_than_on_hand(phone):
    stock = Stock.objects.get(sku=phone.skus.first())

    with pytest.raises(IntegrityError), transaction.atomic():
        Stock.objects.filter(pk=stock.pk).update(reserved=11)
    with pytest.raises(IntegrityError), transaction.atomic():
        Stock.objects.filter(pk=stock.pk).update(on_hand=-1, reserved=-1)


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name_the_warehouse", [True, False])
def test_many_buyers_at_once_reserve_exactly_the_stock_there_is(catalog, store, name_the_warehouse):
    phone = catalog.phone(store, stock=10)
    sku = phone.skus.order_by("price").first()
    warehouse_id = Stock.objects.get(sku=sku).warehouse_id if name_the_warehouse else None

    def buy(buyer: int) -> bool:
        try:
            services.stock_reserve(
                lines=[StockLine(sku_id=sku.pk, quantity=1, warehouse_id=warehouse_id)], reference=f"buyer-{buyer}"
            )
            return True
        except InsufficientStock:
            return False
        finally:
            connection.close()  # each thread has its own connection; leave none open for the teardown flush

    with ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(buy, range(40)))

    assert results.count(True) == 10
    assert stock_of(sku) == (10, 10)
    assert Spu.objects.get(pk=phone.pk).stock == 10  # the other SKU's 10 are untouched
    assert StockMovement.objects.filter(kind="reserve", sku=sku).count() == 10


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_orders_naming_the_same_skus_in_opposite_orders_do_not_deadlock(catalog, store):
    first = catalog.phone(store, title="甲 手机", stock=50).skus.order_by("pk").first()
    second = catalog.phone(store, title="乙 手机", stock=50).skus.order_by("pk").first()

    def buy(buyer: int) -> str:
        pair = [first, second] if buyer % 2 else [second, first]
        try:
            services.stock_reserve(
                lines=[StockLine(sku_id=sku.pk, quantity=1) for sku in pair], reference=f"order-{buyer}"
            )
            return "reserved"
        except InsufficientStock:
            return "short"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(buy, range(60)))

    # Every call either reserved both lines or (once the 50 are gone) neither; a deadlock would raise instead.
    assert results.count("reserved") == 50
    assert stock_of(first) == (50, 50)
    assert stock_of(second) == (50, 50)


def test_hq_orders_never_take_a_franchise_stores_stock_and_the_franchise_sells_from_its_own(catalog):
    hq = StoreFactory(type=StoreType.SELF_OPERATED)
    franchise = StoreFactory(type=StoreType.FRANCHISE)
    spu = catalog.phone(hq, stock=2)
    sku = spu.skus.order_by("pk").first()
    services.listing_create(store=franchise, spu=spu, by=UserFactory())
    shop = WarehouseFactory(store=franchise)
    services.stock_adjust(sku=sku, warehouse=shop, delta=8, reason="HQ 配货", by=None)

    with pytest.raises(InsufficientStock) as error:  # HQ has 2; the franchise's 8 are not HQ's to sell
        services.stock_reserve(lines=[StockLine(sku_id=sku.pk, quantity=3)], reference="HQ-1")
    assert error.value.fields["available"] == [2]

    [movement] = services.stock_reserve(
        lines=[StockLine(sku_id=sku.pk, quantity=3, store_id=franchise.pk)], reference="HZ-1"
    )
    assert movement.warehouse_id == shop.pk
    assert Stock.objects.get(sku=sku, warehouse=shop).reserved == 3
