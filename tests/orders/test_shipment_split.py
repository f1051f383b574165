"""The shipment split (second split, after payment), pure: sourcing from the nearest warehouses in the fewest
parcels, fragile and oversize goods alone, carrier weight and volume limits by first-fit-decreasing packing
(issue 5, acceptance 5). Worked examples first, then properties over generated orders."""

import random
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orders.shipping.split import (
    CarrierLimits,
    Parcel,
    ParcelLine,
    Proximity,
    ShipLine,
    ShippingCategory,
    SourceWarehouse,
    UnsourceableShipment,
    proximity,
    split_shipment,
)

SHANGHAI_XUHUI = "310104"
SHANGHAI_PUDONG = "310115"
SHENZHEN_NANSHAN = "440305"
GUANGZHOU_TIANHE = "440106"
BEIJING_CHAOYANG = "110105"
CHENGDU_WUHOU = "510107"

NO_LIMITS = CarrierLimits(max_weight_g=10**9, max_volume_mm3=10**15)
SF = CarrierLimits(max_weight_g=20_000, max_volume_mm3=60_000_000)  # 20 kg, 60 litres

FRAGILE = ShippingCategory.FRAGILE
OVERSIZE = ShippingCategory.OVERSIZE


def line(line_id, sku_id, quantity, weight_g=500, volume_mm3=1_000_000, category=ShippingCategory.NORMAL):
    return ShipLine(line_id, sku_id, quantity, weight_g, volume_mm3, category)


def warehouse(warehouse_id, region, **available):
    """`sku7=3` means three units of SKU 7."""
    return SourceWarehouse(warehouse_id, region, {int(key[3:]): units for key, units in available.items()})


def split(lines, warehouses, destination=SHANGHAI_XUHUI, limits=NO_LIMITS):
    return split_shipment(destination=destination, lines=lines, warehouses=warehouses, limits=limits)


def shipped(parcels):
    """(warehouse id, order line id) -> units, over all parcels."""
    units = defaultdict(int)
    for parcel in parcels:
        for parcel_line in parcel.lines:
            units[parcel.warehouse_id, parcel_line.order_line_id] += parcel_line.quantity
    return dict(units)


# --- Nearness


@pytest.mark.parametrize(
    ("warehouse_region", "destination", "expected"),
    [
        (SHANGHAI_PUDONG, SHANGHAI_XUHUI, Proximity.SAME_CITY),  # 3101: both in Shanghai's districts
        (SHENZHEN_NANSHAN, GUANGZHOU_TIANHE, Proximity.SAME_PROVINCE),  # 44: Guangdong
        (BEIJING_CHAOYANG, SHANGHAI_XUHUI, Proximity.ELSEWHERE),
    ],
)
def test_nearness_is_read_from_the_official_code_prefixes(warehouse_region, destination, expected):
    assert proximity(warehouse_region, destination) is expected


# --- By warehouse


def test_the_whole_order_ships_from_the_nearest_warehouse_that_has_everything():
    lines = [line(1, 10, 2), line(2, 11, 1)]
    warehouses = [
        warehouse(1, BEIJING_CHAOYANG, sku10=5, sku11=5),
        warehouse(2, SHANGHAI_PUDONG, sku10=5, sku11=5),
        warehouse(3, SHENZHEN_NANSHAN, sku10=5, sku11=5),
    ]

    assert split(lines, warehouses, destination=SHANGHAI_XUHUI) == (
        Parcel(2, (ParcelLine(1, 10, 2), ParcelLine(2, 11, 1)), weight_g=1500, volume_mm3=3_000_000),
    )
    assert split(lines, warehouses, destination=GUANGZHOU_TIANHE)[0].warehouse_id == 3
    assert split(lines, warehouses, destination=CHENGDU_WUHOU)[0].warehouse_id == 1  # all far: lowest id


def test_one_warehouse_with_everything_beats_a_nearer_one_with_part():
    lines = [line(1, 10, 2), line(2, 11, 1)]
    warehouses = [warehouse(1, SHANGHAI_PUDONG, sku10=2), warehouse(2, BEIJING_CHAOYANG, sku10=9, sku11=9)]

    parcels = split(lines, warehouses)

    assert shipped(parcels) == {(2, 1): 2, (2, 2): 1}


def test_when_no_warehouse_has_everything_the_nearest_ships_first_and_the_rest_comes_from_one_that_can_finish():
    lines = [line(1, 10, 2), line(2, 11, 1), line(3, 12, 4)]
    warehouses = [
        warehouse(1, BEIJING_CHAOYANG, sku11=1, sku12=4),
        warehouse(2, SHENZHEN_NANSHAN, sku11=1),  # could finish too, but ships less than 1 would
        warehouse(3, SHANGHAI_PUDONG, sku10=2),
        warehouse(4, CHENGDU_WUHOU, sku12=4),
    ]

    parcels = split(lines, warehouses)

    assert [parcel.warehouse_id for parcel in parcels] == [3, 1]
    assert shipped(parcels) == {(3, 1): 2, (1, 2): 1, (1, 3): 4}


def test_between_equally_near_warehouses_the_one_shipping_more_wins_then_the_lowest_id():
    lines = [line(1, 10, 3), line(2, 11, 3)]
    warehouses = [
        warehouse(5, SHANGHAI_PUDONG, sku10=3),
        warehouse(4, SHANGHAI_PUDONG, sku10=3),
        warehouse(6, SHANGHAI_PUDONG, sku10=1, sku11=3),
    ]

    parcels = split(lines, warehouses)

    assert shipped(parcels) == {(6, 1): 1, (6, 2): 3, (4, 1): 2}


def test_a_line_is_split_across_warehouses_when_none_holds_its_quantity():
    parcels = split([line(1, 10, 7)], [warehouse(1, SHANGHAI_PUDONG, sku10=3), warehouse(2, BEIJING_CHAOYANG, sku10=5)])

    assert shipped(parcels) == {(1, 1): 3, (2, 1): 4}


def test_two_lines_of_one_sku_use_its_units_in_line_order():
    lines = [line(2, 10, 3), line(1, 10, 2)]  # a purchase and a gift of the same SKU

    parcels = split(lines, [warehouse(1, SHANGHAI_PUDONG, sku10=4), warehouse(2, BEIJING_CHAOYANG, sku10=4)])

    assert shipped(parcels) == {(1, 1): 2, (1, 2): 2, (2, 2): 1}


def test_stock_short_of_the_order_is_a_loud_error_naming_the_skus():
    lines = [line(1, 10, 5), line(2, 11, 1), line(3, 12, 1)]
    warehouses = [warehouse(1, SHANGHAI_PUDONG, sku10=2, sku11=1), warehouse(2, BEIJING_CHAOYANG, sku10=1)]

    with pytest.raises(UnsourceableShipment) as raised:
        split(lines, warehouses)

    assert raised.value.shortage == {10: 2, 12: 1}


def test_an_order_needs_at_least_one_line_id_once_and_positive_quantities():
    with pytest.raises(ValueError, match="quantity"):
        line(1, 10, 0)
    with pytest.raises(ValueError, match="unique"):
        split([line(1, 10, 1), line(1, 11, 1)], [warehouse(1, SHANGHAI_PUDONG, sku10=1, sku11=1)])
    with pytest.raises(ValueError, match="positive"):
        CarrierLimits(0, 1)


# --- By shipping category


def test_fragile_lines_travel_alone_and_oversize_goods_one_unit_per_parcel():
    lines = [
        line(1, 10, 2),
        line(2, 11, 1, category=FRAGILE),
        line(3, 12, 2, category=FRAGILE),
        line(4, 13, 2, weight_g=9000, category=OVERSIZE),
        line(5, 14, 1),
    ]

    parcels = split(lines, [warehouse(1, SHANGHAI_PUDONG, sku10=9, sku11=9, sku12=9, sku13=9, sku14=9)])

    assert [(parcel.shipping_category, parcel.lines) for parcel in parcels] == [
        (ShippingCategory.NORMAL, (ParcelLine(1, 10, 2), ParcelLine(5, 14, 1))),
        (FRAGILE, (ParcelLine(2, 11, 1),)),
        (FRAGILE, (ParcelLine(3, 12, 2),)),
        (OVERSIZE, (ParcelLine(4, 13, 1),)),
        (OVERSIZE, (ParcelLine(4, 13, 1),)),
    ]
    assert parcels[3].weight_g == 9000


# --- By carrier limits


def test_a_line_heavier_than_the_weight_limit_is_split_into_full_parcels():
    parcels = split([line(1, 10, 5, weight_g=8000, volume_mm3=0)], [warehouse(1, SHANGHAI_PUDONG, sku10=5)], limits=SF)

    assert [(parcel.lines, parcel.weight_g) for parcel in parcels] == [
        ((ParcelLine(1, 10, 2),), 16_000),
        ((ParcelLine(1, 10, 2),), 16_000),
        ((ParcelLine(1, 10, 1),), 8_000),
    ]


def test_the_volume_limit_splits_a_parcel_too():
    parcels = split(
        [line(1, 10, 4, weight_g=100, volume_mm3=25_000_000)], [warehouse(1, SHANGHAI_PUDONG, sku10=4)], limits=SF
    )

    assert [parcel.volume_mm3 for parcel in parcels] == [50_000_000, 50_000_000]


def test_big_goods_are_packed_first_and_small_ones_fill_the_gaps():
    # 20 kg limit: 12 + 8, 9 + 9 + 2 => two parcels; first-fit in line order would need three (12+2, 9+9, 8).
    lines = [
        line(1, 10, 1, weight_g=2000, volume_mm3=0),
        line(2, 11, 1, weight_g=12_000, volume_mm3=0),
        line(3, 12, 2, weight_g=9000, volume_mm3=0),
        line(4, 13, 1, weight_g=8000, volume_mm3=0),
    ]

    parcels = split(lines, [warehouse(1, SHANGHAI_PUDONG, sku10=1, sku11=1, sku12=2, sku13=1)], limits=SF)

    assert [(parcel.lines, parcel.weight_g) for parcel in parcels] == [
        ((ParcelLine(2, 11, 1), ParcelLine(4, 13, 1)), 20_000),
        ((ParcelLine(1, 10, 1), ParcelLine(3, 12, 2)), 20_000),
    ]


def test_a_unit_over_the_limit_on_its_own_ships_alone_flagged_rather_than_failing():
    lines = [line(1, 10, 2, weight_g=25_000, volume_mm3=0), line(2, 11, 1, weight_g=1000, volume_mm3=0)]

    parcels = split(lines, [warehouse(1, SHANGHAI_PUDONG, sku10=2, sku11=1)], limits=SF)

    assert [(parcel.lines, parcel.over_limit) for parcel in parcels] == [
        ((ParcelLine(2, 11, 1),), False),
        ((ParcelLine(1, 10, 1),), True),
        ((ParcelLine(1, 10, 1),), True),
    ]


def test_a_large_quantity_is_packed_without_walking_unit_by_unit():
    parcels = split(
        [line(1, 10, 1_000_000, weight_g=1, volume_mm3=1)], [warehouse(1, SHANGHAI_PUDONG, sku10=10**6)], limits=SF
    )

    assert [parcel.lines[0].quantity for parcel in parcels] == [20_000] * 50


# --- Properties over generated orders

REGIONS = [SHANGHAI_XUHUI, SHANGHAI_PUDONG, SHENZHEN_NANSHAN, GUANGZHOU_TIANHE, BEIJING_CHAOYANG, CHENGDU_WUHOU]
SKUS = [10, 11, 12, 13]


@st.composite
def orders(draw, enough_stock=True):
    """A store order (lines may share a SKU), its warehouses, an address and carrier limits. With
    `enough_stock` the warehouses are topped up so that they cover the order between them."""
    count = draw(st.integers(1, 6))
    lines = [
        ShipLine(
            order_line_id=line_id,
            sku_id=draw(st.sampled_from(SKUS)),
            quantity=draw(st.integers(1, 12)),
            unit_weight_g=draw(st.integers(0, 30_000)),
            unit_volume_mm3=draw(st.integers(0, 80_000_000)),
            shipping_category=draw(st.sampled_from(ShippingCategory)),
        )
        for line_id in range(1, count + 1)
    ]
    warehouse_ids = draw(st.lists(st.integers(1, 50), min_size=1, max_size=5, unique=True))
    stock = {
        warehouse_id: {sku_id: draw(st.integers(0, 15)) for sku_id in SKUS if draw(st.booleans())}
        for warehouse_id in warehouse_ids
    }
    if enough_stock:
        for sku_id in SKUS:
            needed = sum(line.quantity for line in lines if line.sku_id == sku_id)
            short = needed - sum(available.get(sku_id, 0) for available in stock.values())
            if short > 0:
                topped_up = draw(st.sampled_from(warehouse_ids))
                stock[topped_up][sku_id] = stock[topped_up].get(sku_id, 0) + short
    warehouses = [
        SourceWarehouse(warehouse_id, draw(st.sampled_from(REGIONS)), stock[warehouse_id])
        for warehouse_id in warehouse_ids
    ]
    limits = CarrierLimits(draw(st.integers(1000, 50_000)), draw(st.integers(1_000_000, 200_000_000)))
    return draw(st.sampled_from(REGIONS)), lines, warehouses, limits


PROPERTIES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTIES
@given(orders())
def test_every_unit_of_every_line_ships_exactly_once_from_stock_that_holds_it(order):
    destination, lines, warehouses, limits = order

    parcels = split(lines, warehouses, destination, limits)

    per_line = defaultdict(int)
    per_stock = defaultdict(int)
    sku_of = {line.order_line_id: line.sku_id for line in lines}
    for parcel in parcels:
        assert parcel.lines and all(parcel_line.quantity > 0 for parcel_line in parcel.lines)
        assert len({parcel_line.order_line_id for parcel_line in parcel.lines}) == len(parcel.lines)
        for parcel_line in parcel.lines:
            assert parcel_line.sku_id == sku_of[parcel_line.order_line_id]
            per_line[parcel_line.order_line_id] += parcel_line.quantity
            per_stock[parcel.warehouse_id, parcel_line.sku_id] += parcel_line.quantity
    assert per_line == {line.order_line_id: line.quantity for line in lines}
    available = {(w.id, sku_id): units for w in warehouses for sku_id, units in w.available.items()}
    assert all(units <= available.get(key, 0) for key, units in per_stock.items())


@PROPERTIES
@given(orders())
def test_no_parcel_exceeds_the_limits_unless_it_is_one_flagged_unit_that_alone_does(order):
    destination, lines, warehouses, limits = order
    by_id = {line.order_line_id: line for line in lines}

    for parcel in split(lines, warehouses, destination, limits):
        assert parcel.weight_g == sum(by_id[pl.order_line_id].unit_weight_g * pl.quantity for pl in parcel.lines)
        assert parcel.volume_mm3 == sum(by_id[pl.order_line_id].unit_volume_mm3 * pl.quantity for pl in parcel.lines)
        within = parcel.weight_g <= limits.max_weight_g and parcel.volume_mm3 <= limits.max_volume_mm3
        if parcel.over_limit:
            assert not within
            assert [pl.quantity for pl in parcel.lines] == [1]
        else:
            assert within


@PROPERTIES
@given(orders())
def test_categories_stay_apart_fragile_lines_alone_oversize_units_alone(order):
    destination, lines, warehouses, limits = order
    by_id = {line.order_line_id: line for line in lines}

    for parcel in split(lines, warehouses, destination, limits):
        categories = {by_id[pl.order_line_id].shipping_category for pl in parcel.lines}
        assert categories == {parcel.shipping_category}
        if parcel.shipping_category is not ShippingCategory.NORMAL:
            assert len(parcel.lines) == 1
        if parcel.shipping_category is OVERSIZE:
            assert parcel.lines[0].quantity == 1


@PROPERTIES
@given(orders())
def test_packing_wastes_no_parcel_no_two_of_one_kind_would_fit_in_one(order):
    """First-fit opens a parcel only when a unit fits in none open, so no two parcels it made from the same
    goods (one warehouse's normal goods, or one fragile line) fit together under the limits."""
    destination, lines, warehouses, limits = order

    groups = defaultdict(list)
    for parcel in split(lines, warehouses, destination, limits):
        if parcel.over_limit or parcel.shipping_category is OVERSIZE:
            continue
        kind = parcel.lines[0].order_line_id if parcel.shipping_category is FRAGILE else None
        groups[parcel.warehouse_id, kind].append(parcel)
    for parcels in groups.values():
        for i, first in enumerate(parcels):
            for second in parcels[i + 1 :]:
                assert (
                    first.weight_g + second.weight_g > limits.max_weight_g
                    or first.volume_mm3 + second.volume_mm3 > limits.max_volume_mm3
                )


@PROPERTIES
@given(orders())
def test_a_warehouse_that_can_ship_everything_ships_everything_the_nearest_of_them(order):
    destination, lines, warehouses, limits = order
    needed = defaultdict(int)
    for line_ in lines:
        needed[line_.sku_id] += line_.quantity
    complete = [w for w in warehouses if all(w.available.get(sku, 0) >= units for sku, units in needed.items())]

    parcels = split(lines, warehouses, destination, limits)

    if complete:
        nearest = min(complete, key=lambda w: (proximity(w.region, destination), w.id))
        assert {parcel.warehouse_id for parcel in parcels} == {nearest.id}


@PROPERTIES
@given(orders(), st.randoms(use_true_random=False))
def test_the_parcels_do_not_depend_on_the_order_the_rows_were_read_in(order, rng: random.Random):
    destination, lines, warehouses, limits = order
    shuffled_lines, shuffled_warehouses = list(lines), list(warehouses)
    rng.shuffle(shuffled_lines)
    rng.shuffle(shuffled_warehouses)

    assert split(shuffled_lines, shuffled_warehouses, destination, limits) == split(
        lines, warehouses, destination, limits
    )


@PROPERTIES
@given(orders(enough_stock=False))
def test_stock_short_of_the_order_always_raises_and_enough_never_does(order):
    destination, lines, warehouses, limits = order
    short = {}
    for sku_id in {line.sku_id for line in lines}:
        needed = sum(line.quantity for line in lines if line.sku_id == sku_id)
        held = sum(w.available.get(sku_id, 0) for w in warehouses)
        if needed > held:
            short[sku_id] = needed - held

    if short:
        with pytest.raises(UnsourceableShipment) as raised:
            split(lines, warehouses, destination, limits)
        assert raised.value.shortage == short
    else:
        assert split(lines, warehouses, destination, limits)
