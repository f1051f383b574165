"""Freight templates (运费模板), pure: by piece, weight or volume; region rules by official code prefix;
free-shipping conditions; undeliverable regions; goods of one template charged together."""

from decimal import Decimal

import pytest

from logistics.freight import (
    FreeShipping,
    FreightBasis,
    FreightItem,
    FreightRate,
    FreightTemplate,
    covers_region,
    region_prefix,
    store_order_freight,
    template_fee,
)

SHENZHEN_NANSHAN = "440305"
GUANGZHOU_TIANHE = "440106"
SHANGHAI_XUHUI = "310104"
URUMQI = "650102"
LHASA = "540102"


def d(amount: str) -> Decimal:
    return Decimal(amount)


def rate(first_fee: str, additional_fee: str, regions=(), first_units="1", additional_units="1") -> FreightRate:
    return FreightRate(d(first_units), d(first_fee), d(additional_units), d(additional_fee), frozenset(regions))


def pieces(quantity: int, amount: str = "0", template: int = 1) -> FreightItem:
    return FreightItem(template=template, quantity=quantity, amount=d(amount))


# Default 10 + 5 a piece; Guangdong 8 + 4; Shenzhen (a city inside Guangdong) 6 + 3; Xinjiang 20 + 10.
BY_PIECE = FreightTemplate(
    id=1,
    basis=FreightBasis.PIECE,
    default_rate=rate("10.00", "5.00"),
    region_rates=(
        rate("8.00", "4.00", regions={"440000"}),
        rate("6.00", "3.00", regions={"440300"}),
        rate("20.00", "10.00", regions={"65"}),
    ),
    undeliverable=frozenset({"54"}),
)


@pytest.mark.parametrize(
    ("code", "prefix"), [("440000", "44"), ("440300", "4403"), ("440305", "440305"), ("44", "44"), ("4403", "4403")]
)
def test_a_region_code_stands_for_its_province_or_city_prefix(code, prefix):
    assert region_prefix(code) == prefix


def test_the_most_specific_matching_code_wins():
    assert covers_region({"440000", "440300"}, SHENZHEN_NANSHAN) == 4
    assert covers_region({"440000"}, GUANGZHOU_TIANHE) == 2
    assert covers_region({"440300"}, GUANGZHOU_TIANHE) == 0


@pytest.mark.parametrize(
    ("region", "fee"),
    [
        (SHENZHEN_NANSHAN, "12.00"),  # the Shenzhen city rule beats the Guangdong province rule: 6 + 2 x 3
        (GUANGZHOU_TIANHE, "16.00"),  # the Guangdong rule: 8 + 2 x 4
        (SHANGHAI_XUHUI, "20.00"),  # no rule: the default 10 + 2 x 5
        (URUMQI, "40.00"),  # Xinjiang: 20 + 2 x 10
    ],
)
def test_three_pieces_pay_the_first_fee_and_two_additional_fees_by_region(region, fee):
    assert template_fee(BY_PIECE, [pieces(3)], region) == d(fee)


def test_goods_of_one_template_are_charged_together_not_line_by_line():
    # 1 + 2 pieces to Shanghai: 10 + 2 x 5 = 20 together, where line by line would be 10 + 15 = 25.
    assert store_order_freight({1: BY_PIECE}, [pieces(1), pieces(2)], SHANGHAI_XUHUI) == d("20.00")


def test_different_templates_in_one_store_order_add_up():
    flat = FreightTemplate(id=2, basis=FreightBasis.PIECE, default_rate=rate("6.00", "0.00"))
    items = [pieces(1), pieces(4, template=2)]
    assert store_order_freight({1: BY_PIECE, 2: flat}, items, SHANGHAI_XUHUI) == d("16.00")  # 10 + 6


def test_by_weight_each_started_additional_block_is_charged():
    # First 1 kg 12.00, then 6.00 per started 0.5 kg: 2.2 kg is 1 kg + 1.2 kg = 3 started blocks: 12 + 18 = 30.
    template = FreightTemplate(
        id=1, basis=FreightBasis.WEIGHT, default_rate=rate("12.00", "6.00", additional_units="0.5")
    )
    items = [FreightItem(1, 2, weight=d("0.6")), FreightItem(1, 1, weight=d("1.0"))]
    assert template_fee(template, items, SHANGHAI_XUHUI) == d("30.00")


def test_by_weight_within_the_first_unit_is_the_first_fee():
    template = FreightTemplate(id=1, basis=FreightBasis.WEIGHT, default_rate=rate("12.00", "6.00"))
    assert template_fee(template, [FreightItem(1, 2, weight=d("0.5"))], SHANGHAI_XUHUI) == d("12.00")


def test_by_volume():
    # 3 x 0.02 m³ = 0.06: first 0.05 m³ 15.00, then 0.01 is one started block of 0.02 at 5.00: 20.
    template = FreightTemplate(
        id=1,
        basis=FreightBasis.VOLUME,
        default_rate=rate("15.00", "5.00", first_units="0.05", additional_units="0.02"),
    )
    assert template_fee(template, [FreightItem(1, 3, volume=d("0.02"))], SHANGHAI_XUHUI) == d("20.00")


def test_a_free_template_charges_nothing():
    template = FreightTemplate(id=1, basis=FreightBasis.FREE)
    assert template_fee(template, [pieces(50)], URUMQI) == d("0.00")


def test_free_shipping_by_amount_only_in_its_regions():
    # 满99包邮 in Jiangsu, Zhejiang and Shanghai only.
    template = FreightTemplate(
        id=1,
        basis=FreightBasis.PIECE,
        default_rate=rate("10.00", "5.00"),
        free_shipping=(FreeShipping(min_amount=d("99.00"), regions=frozenset({"32", "33", "31"})),),
    )
    assert template_fee(template, [pieces(2, "99.00")], SHANGHAI_XUHUI) == d("0.00")
    assert template_fee(template, [pieces(2, "98.99")], SHANGHAI_XUHUI) == d("15.00")
    assert template_fee(template, [pieces(2, "500.00")], SHENZHEN_NANSHAN) == d("15.00")


def test_free_shipping_by_count_and_by_amount_and_count():
    by_count = FreeShipping(min_count=3)
    both = FreeShipping(min_amount=d("50.00"), min_count=2)
    template = FreightTemplate(
        id=1, basis=FreightBasis.PIECE, default_rate=rate("10.00", "5.00"), free_shipping=(by_count,)
    )
    assert template_fee(template, [pieces(1), pieces(2)], SHANGHAI_XUHUI) == d("0.00")  # 3 pieces in all
    assert template_fee(template, [pieces(2)], SHANGHAI_XUHUI) == d("15.00")
    assert both.applies(SHANGHAI_XUHUI, d("50.00"), 2)
    assert not both.applies(SHANGHAI_XUHUI, d("49.99"), 5)


def test_undeliverable_regions_and_regions_without_a_rate():
    assert not BY_PIECE.delivers_to(LHASA)  # Tibet, by province prefix
    assert BY_PIECE.delivers_to(URUMQI)
    no_default = FreightTemplate(id=2, basis=FreightBasis.PIECE, region_rates=(rate("8.00", "4.00", regions={"44"}),))
    assert no_default.delivers_to(SHENZHEN_NANSHAN)
    assert not no_default.delivers_to(SHANGHAI_XUHUI)  # no rule covers Shanghai and there is no default
    with pytest.raises(ValueError, match="does not deliver"):
        template_fee(no_default, [pieces(1)], SHANGHAI_XUHUI)


def test_a_city_can_be_undeliverable_inside_a_deliverable_province():
    template = FreightTemplate(id=1, basis=FreightBasis.FREE, undeliverable=frozenset({"440300"}))  # Shenzhen only
    assert not template.delivers_to(SHENZHEN_NANSHAN)
    assert template.delivers_to(GUANGZHOU_TIANHE)


def test_a_rate_and_a_condition_refuse_nonsense():
    with pytest.raises(ValueError):
        rate("10.00", "5.00", first_units="0")
    with pytest.raises(ValueError):
        rate("-1.00", "5.00")
    with pytest.raises(ValueError):
        FreeShipping()
