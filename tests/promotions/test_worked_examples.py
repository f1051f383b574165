"""The worked examples of DESIGN.md "Pricing pipeline" and seed 002 (电商后台产品设计: 促销活动解析)."""

import pytest

from promotions.pricing import (
    AddOnItem,
    AddOnPurchaseRule,
    BundleRule,
    EveryFullReductionRule,
    FullGiftRule,
    GiftTier,
    ItemDiscountRule,
    Member,
    MultiBuyPercentRule,
    MultiBuyPriceRule,
    PromotionKind,
    SkuQuantity,
    WholesaleTier,
)
from tests.promotions.builders import (
    SEED_TIERS,
    api_shape,
    d,
    item,
    line_of,
    money_of,
    priced,
    promotion,
    scope,
    totals,
)

FULL_REDUCTION = promotion(1, PromotionKind.FULL_REDUCTION, SEED_TIERS)


@pytest.mark.parametrize(
    ("amount", "payable"),
    [
        ("99.99", "99.99"),  # below the first tier: nothing off
        ("100.00", "90.00"),  # 满100减10
        ("299.99", "289.99"),  # still the first tier
        ("300.00", "250.00"),  # 满300减50
        ("499.00", "449.00"),
        ("500.00", "420.00"),  # 满500减80: only the highest tier reached, not 80 + 50 + 10
        ("1000.00", "920.00"),  # no tier above 500: still 80
    ],
)
def test_tiered_spend_reduction_takes_the_highest_tier_reached(amount, payable):
    breakdown = priced(item(1, amount), promotions=(FULL_REDUCTION,))
    assert totals(breakdown)[3] == payable


@pytest.mark.parametrize(
    ("amount", "payable"),
    [
        ("199.99", "199.99"),  # no full step of 200
        ("230.00", "210.00"),  # seed: 订单金额230元实付210元 (one step)
        ("430.00", "390.00"),  # seed: 订单金额430元实付390元 (two steps)
        ("600.00", "540.00"),  # three steps: 60 off
    ],
)
def test_every_step_reduction_takes_the_discount_off_each_full_step(amount, payable):
    rule = EveryFullReductionRule(step=d(200), discount=d(20))
    breakdown = priced(item(1, amount), promotions=(promotion(1, PromotionKind.EVERY_FULL_REDUCTION, rule),))
    assert totals(breakdown)[3] == payable


def test_every_step_reduction_stops_at_its_cap():
    # 1000 has five steps of 200 (100 off), the cap is 50: pays 950.
    rule = EveryFullReductionRule(step=d(200), discount=d(20), cap=d(50))
    breakdown = priced(item(1, "1000.00"), promotions=(promotion(1, PromotionKind.EVERY_FULL_REDUCTION, rule),))
    assert totals(breakdown)[3] == "950.00"


def test_an_item_at_six_tenths_pays_60_of_100():
    # seed: 促销期间商品6折,原价100元购买时60元. "60" is the share paid (API.md).
    rule = ItemDiscountRule(percent=d(60))
    breakdown = priced(item(1, "100.00"), promotions=(promotion(1, PromotionKind.ITEM_DISCOUNT, rule),))
    assert money_of(line_of(breakdown, 1)) == ("40.00", "0.00", "0.00", "60.00")
    assert api_shape(line_of(breakdown, 1))["unit_price"] == "100.00"


def test_an_item_discount_by_price_charges_that_price_per_unit():
    # 3 units of 100 at the promotion price 79: 237, 63 off.
    rule = ItemDiscountRule(price=d(79))
    breakdown = priced(item(1, "100.00", quantity=3), promotions=(promotion(1, PromotionKind.ITEM_DISCOUNT, rule),))
    assert money_of(line_of(breakdown, 1)) == ("63.00", "0.00", "0.00", "237.00")


def test_a_bundle_of_a_50_and_b_80_costs_100_and_the_30_off_follows_their_prices():
    # seed: A商品50元,B商品80元,A+B商品套装促销价100元. 30 off over 50 : 80 in cents: 1153.85 and 1846.15,
    # floors 1153 + 1846 = 2999, the spare cent to the larger remainder (A, .85): A 11.54, B 18.46.
    rule = BundleRule(items=(SkuQuantity(1), SkuQuantity(2)), price=d(100))
    breakdown = priced(item(1, "50.00"), item(2, "80.00"), promotions=(promotion(1, PromotionKind.BUNDLE, rule),))
    assert money_of(line_of(breakdown, 1)) == ("11.54", "0.00", "0.00", "38.46")
    assert money_of(line_of(breakdown, 2)) == ("18.46", "0.00", "0.00", "61.54")
    assert totals(breakdown)[3] == "100.00"


def test_a_bundle_prices_whole_sets_only():
    # 2 A and 1 B make one set (100) and one A at 50: 150. The set's 30 off is spread over the set's part of
    # each line (A 50, B 80), as above: A 11.54, B 18.46.
    rule = BundleRule(items=(SkuQuantity(1), SkuQuantity(2)), price=d(100))
    breakdown = priced(
        item(1, "50.00", quantity=2), item(2, "80.00"), promotions=(promotion(1, PromotionKind.BUNDLE, rule),)
    )
    assert money_of(line_of(breakdown, 1)) == ("11.54", "0.00", "0.00", "88.46")
    assert totals(breakdown)[3] == "150.00"


SELFIE_STICK, POWER_BANK, HEADPHONES = 901, 902, 903
TIERED_GIFTS = promotion(
    1,
    PromotionKind.FULL_GIFT,
    FullGiftRule(
        tiers=(
            GiftTier(d(300), (SkuQuantity(SELFIE_STICK),)),
            GiftTier(d(500), (SkuQuantity(POWER_BANK),)),
            GiftTier(d(1000), (SkuQuantity(HEADPHONES),)),
        )
    ),
)


@pytest.mark.parametrize(
    ("amount", "gifts"),
    [
        ("299.00", []),
        ("300.00", [SELFIE_STICK]),  # 满300元送自拍杆
        ("600.00", [POWER_BANK]),  # 满500送充电宝: the highest tier reached, alone
        ("1000.00", [HEADPHONES]),  # 满1000送高端耳机
    ],
)
def test_tiered_gifts_give_the_gifts_of_the_highest_tier_reached(amount, gifts):
    breakdown = priced(item(1, amount), promotions=(TIERED_GIFTS,))
    gift_lines = [line for line in breakdown.lines if line.gift]
    assert [line.sku for line in gift_lines] == gifts
    for line in gift_lines:
        assert api_shape(line) | {"line": None} == {
            "line": None,
            "sku": line.sku,
            "quantity": 1,
            "unit_price": "0.00",
            "amount": "0.00",
            "promotion_discount": "0.00",
            "coupon_discount": "0.00",
            "points_discount": "0.00",
            "payable": "0.00",
            "stored_value": "0.00",
            "gift": True,
            "valid": True,
            "reason": "",
        }
    assert totals(breakdown) == (amount, "0.00", "0.00", amount)


def test_any_three_for_100_groups_the_dearest_units():
    # M元任选N件: 50 + 40 + 30 + 20 = 140. The group is the dearest three (120) for 100: 20 off over
    # 50 : 40 : 30 in cents 833.33, 666.67, 500 -> floors 833 + 666 + 500 = 1999, the spare cent to 40 (.67).
    # The fourth unit (20) pays its price.
    rule = MultiBuyPriceRule(count=3, price=d(100))
    breakdown = priced(
        item(1, "50.00"),
        item(2, "40.00"),
        item(3, "30.00"),
        item(4, "20.00"),
        promotions=(promotion(1, PromotionKind.MULTI_BUY_PRICE, rule),),
    )
    assert [money_of(line_of(breakdown, sku))[0] for sku in (1, 2, 3, 4)] == ["8.33", "6.67", "5.00", "0.00"]
    assert totals(breakdown)[3] == "120.00"


def test_three_items_at_eight_tenths():
    # M件N折: 3 units of 40 at 8折: 120 pays 96. Two units would not qualify.
    rule = MultiBuyPercentRule(count=3, percent=d(80))
    offer = (promotion(1, PromotionKind.MULTI_BUY_PERCENT, rule),)
    assert totals(priced(item(1, "40.00", quantity=3), promotions=offer))[3] == "96.00"
    assert totals(priced(item(1, "40.00", quantity=2), promotions=offer))[3] == "80.00"


def test_an_add_on_buy_sells_one_unit_at_its_price_once_the_threshold_is_met():
    # 加价购: spend 99 on other goods, then one unit of the 29.90 add-on costs 9.90 (20 off); the second unit
    # pays 29.90. The add-on itself never counts towards its threshold.
    rule = AddOnPurchaseRule(threshold=d(99), items=(AddOnItem(sku=9, price=d("9.90")),))
    offer = (promotion(1, PromotionKind.ADD_ON_PURCHASE, rule),)
    breakdown = priced(item(1, "100.00"), item(9, "29.90", quantity=2), promotions=offer)
    assert money_of(line_of(breakdown, 9)) == ("20.00", "0.00", "0.00", "39.80")
    below = priced(item(1, "98.00"), item(9, "29.90"), promotions=offer)
    assert totals(below)[3] == "127.90"


def test_the_member_level_price_and_wholesale_tiers_are_alternatives_the_lowest_wins():
    # 10.00 a unit; tiers 9.00 from 10 units and 8.50 from 50; a 90 % member pays 9.00.
    # 60 units: the 8.50 tier is lowest (510.00); 20 units: 9.00 either way (180.00); 5 units: member 9.00 (45.00).
    line_tiers = (WholesaleTier(10, d("9.00")), WholesaleTier(50, d("8.50")))
    member = Member(level=2, level_percent=d(90))
    for quantity, unit_price in ((60, "8.50"), (20, "9.00"), (5, "9.00")):
        breakdown = priced(item(1, "10.00", quantity=quantity, wholesale_tiers=line_tiers), member=member)
        assert api_shape(line_of(breakdown, 1))["unit_price"] == unit_price


def test_a_flash_sale_price_is_the_deal_and_takes_no_item_promotion_on_top():
    # Flash price 59 on a 100 item that also has a 6折 item promotion: the line pays 59, not 35.40.
    offer = (promotion(1, PromotionKind.ITEM_DISCOUNT, ItemDiscountRule(percent=d(60)), scope=scope(skus={1})),)
    breakdown = priced(item(1, "100.00", special_price=d("59.00")), promotions=offer)
    assert money_of(line_of(breakdown, 1)) == ("0.00", "0.00", "0.00", "59.00")
