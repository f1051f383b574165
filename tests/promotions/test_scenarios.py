"""Combined scenarios: promotions, store and platform coupons, points, freight, several stores. Every amount is
worked out by hand in the comment above its assertion. Catalogue and freight templates: builders.py.

Apportioning (marketplace.money.apportion): each line first gets its exact share rounded down to the cent; the
cents left over go one each to the largest remainders. Shares are by what each line still owes at that step.
"""

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from promotions.pricing import (
    AddOnItem,
    AddOnPurchaseRule,
    BundleRule,
    Channel,
    CouponKind,
    EveryFullReductionRule,
    FullGiftRule,
    Funder,
    Funding,
    GiftRule,
    GiftTier,
    GoodsScope,
    ItemDiscountRule,
    Member,
    MemberScope,
    MemberScopeKind,
    MultiBuyPercentRule,
    MultiBuyPriceRule,
    PointsRule,
    PromotionKind,
    SkuQuantity,
    WholesaleTier,
)
from tests.promotions.builders import (
    LHASA,
    NOW,
    SEED_TIERS,
    SHANGHAI,
    SHENZHEN,
    URUMQI,
    api_shape,
    coupon,
    d,
    line_of,
    money_of,
    priced,
    promotion,
    scope,
    sku,
    store_totals,
    tiers,
    totals,
)

STORE_TIERS = promotion(1, PromotionKind.FULL_REDUCTION, SEED_TIERS, store=1)
POINTS_RULE = PointsRule(points_per_yuan=100, max_share_percent=d(10))  # 100 points = 1 yuan, at most 10 %
RICH_MEMBER = Member(id=7, points_balance=10_000)
NEW_MEMBERS = MemberScopeKind.NEW_MEMBERS
LEVEL_2 = MemberScope(MemberScopeKind.LEVELS, frozenset({2}))


# --- store promotions and store coupons -------------------------------------------------------------------


def test_01_tiered_reduction_spreads_over_the_lines_by_amount():
    # 101 x2 = 200 + 102 = 130: 330 reaches 满300减50. 50 over 200 : 130 in cents 3030.30, 1969.70 ->
    # floors 3030 + 1969 = 4999, spare cent to 102 (.70): 30.30 and 19.70. Pays 169.70 + 110.30 = 280.
    breakdown = priced(sku(101, 2), sku(102), promotions=(STORE_TIERS,))
    assert money_of(line_of(breakdown, 101)) == ("30.30", "0.00", "0.00", "169.70")
    assert money_of(line_of(breakdown, 102)) == ("19.70", "0.00", "0.00", "110.30")
    assert totals(breakdown) == ("330.00", "50.00", "0.00", "280.00")


def test_02_store_coupon_after_the_store_promotion():
    # As 01, then a store coupon 满200减20 on the 280 left: 20 over 169.70 : 110.30 in cents 1212.14, 787.86
    # -> 1212 + 787 = 1999, spare cent to 102 (.86): 12.12 and 7.88. Pays 157.58 + 102.42 = 260.
    breakdown = priced(
        sku(101, 2),
        sku(102),
        promotions=(STORE_TIERS,),
        coupons=(coupon(11, CouponKind.THRESHOLD, "20", store=1, threshold="200"),),
    )
    assert money_of(line_of(breakdown, 101)) == ("30.30", "12.12", "0.00", "157.58")
    assert money_of(line_of(breakdown, 102)) == ("19.70", "7.88", "0.00", "102.42")
    assert totals(breakdown) == ("330.00", "70.00", "0.00", "260.00")
    assert api_shape(breakdown)["stores"][0]["coupons"] == [{"id": 11, "discount": "20.00"}]


def test_03_a_coupon_threshold_is_tested_after_promotions():
    # 101 x2 + 103 = 215 -> 满100减10 -> 205. The coupon 满210减15 saw 215 on the tags but 205 is owed: unusable.
    breakdown = priced(
        sku(101, 2),
        sku(103),
        promotions=(STORE_TIERS,),
        coupons=(coupon(11, CouponKind.THRESHOLD, "15", store=1, threshold="210"),),
    )
    assert totals(breakdown) == ("215.00", "10.00", "0.00", "205.00")
    assert breakdown.coupons.unusable == ((11, "below_threshold"),)


def test_04_platform_cash_coupon_spreads_over_two_stores():
    # Store 1: 101 = 100; store 2: 202 x2 = 79.80; 179.80 in all. Platform cash 10 over 100 : 79.80 in cents
    # 556.17, 443.83 -> 556 + 443 = 999, spare cent to 202 (.83): 5.56 and 4.44. Pays 94.44 + 75.36 = 169.80.
    breakdown = priced(sku(101), sku(202, 2), coupons=(coupon(21, CouponKind.CASH, "10"),))
    assert money_of(line_of(breakdown, 101)) == ("0.00", "5.56", "0.00", "94.44")
    assert money_of(line_of(breakdown, 202)) == ("0.00", "4.44", "0.00", "75.36")
    api = api_shape(breakdown)
    assert [store["coupons"] for store in api["stores"]] == [
        [{"id": 21, "discount": "5.56"}],
        [{"id": 21, "discount": "4.44"}],
    ]
    assert totals(breakdown) == ("179.80", "10.00", "0.00", "169.80")


def test_05_store_coupon_then_capped_platform_percent_coupon():
    # 101 x3 = 300; store 满300减30 -> 270; platform 9折 (pays 90 %) = 27 off, capped at 20 -> 250.
    breakdown = priced(
        sku(101, 3),
        coupons=(
            coupon(11, CouponKind.THRESHOLD, "30", store=1, threshold="300"),
            coupon(21, CouponKind.PERCENT, "90", max_discount=d(20)),
        ),
    )
    assert money_of(line_of(breakdown, 101)) == ("0.00", "50.00", "0.00", "250.00")
    assert breakdown.coupons.applied == (11, 21)


def test_06_percent_coupon_rounds_half_up_to_the_cent():
    # 202 x3 = 119.70; platform 85 % coupon: 15 % off = 17.955 -> 17.96 (half up). Pays 101.74.
    breakdown = priced(sku(202, 3), coupons=(coupon(21, CouponKind.PERCENT, "85"),))
    assert money_of(line_of(breakdown, 202)) == ("0.00", "17.96", "0.00", "101.74")


def test_07_the_largest_deduction_is_picked_by_default():
    # 101 + 102 = 230. Store coupons: 满200减20 (20), 满100减15 (15), 95 % (11.50). Picks 20 -> 210.
    breakdown = priced(
        sku(101),
        sku(102),
        coupons=(
            coupon(11, CouponKind.THRESHOLD, "15", store=1, threshold="100"),
            coupon(12, CouponKind.THRESHOLD, "20", store=1, threshold="200"),
            coupon(13, CouponKind.PERCENT, "95", store=1),
        ),
    )
    assert breakdown.coupons.applied == (12,)
    assert breakdown.coupons.usable == (11, 12, 13)
    assert totals(breakdown) == ("230.00", "20.00", "0.00", "210.00")


def test_08_on_a_tie_the_narrower_scope_wins():
    # 101 (brand 1) + 102 = 230. Cash 10 on all goods and cash 10 on brand 1: both take 10; the brand coupon
    # is narrower, so it is used and only 101 gets it: 101 pays 90, 102 pays 130.
    breakdown = priced(
        sku(101),
        sku(102),
        coupons=(
            coupon(11, CouponKind.CASH, "10", store=1),
            coupon(12, CouponKind.CASH, "10", store=1, goods=scope(brands={1})),
        ),
    )
    assert breakdown.coupons.applied == (12,)
    assert money_of(line_of(breakdown, 101)) == ("0.00", "10.00", "0.00", "90.00")
    assert money_of(line_of(breakdown, 102)) == ("0.00", "0.00", "0.00", "130.00")


def test_09_a_cash_coupon_worth_more_than_owed_pays_it_all_and_warns():
    # 103 = 15.00 with a cash coupon of 20: 15 off, pays 0.00, and a warning (seed: 弹出提醒框).
    breakdown = priced(sku(103), coupons=(coupon(11, CouponKind.CASH, "20", store=1),))
    assert money_of(line_of(breakdown, 103)) == ("0.00", "15.00", "0.00", "0.00")
    assert [(warning.code, warning.coupon) for warning in breakdown.warnings] == [("coupon_exceeds_payable", 11)]


def test_10_chosen_coupons_are_applied_and_the_rest_reported():
    # The shopper picks 11 (满100减15) although 12 (满200减20) would save more; 13 has expired; 99 is unknown.
    # 230 - 15 = 215.
    expired = replace(coupon(13, CouponKind.CASH, "50", store=1), valid_to=NOW - timedelta(days=1))
    breakdown = priced(
        sku(101),
        sku(102),
        coupons=(
            coupon(11, CouponKind.THRESHOLD, "15", store=1, threshold="100"),
            coupon(12, CouponKind.THRESHOLD, "20", store=1, threshold="200"),
            expired,
        ),
        chosen_coupons=(11, 13, 99),
    )
    assert breakdown.coupons.applied == (11,)
    assert breakdown.coupons.usable == (11, 12)
    assert breakdown.coupons.unusable == ((13, "expired"), (99, "unknown_coupon"))
    assert totals(breakdown)[3] == "215.00"


def test_11_two_store_coupons_of_one_store_do_not_stack():
    # Both chosen, both fit; the first named applies (20 off 230 -> 210), the second is named in a warning.
    breakdown = priced(
        sku(101),
        sku(102),
        coupons=(
            coupon(11, CouponKind.THRESHOLD, "20", store=1, threshold="200"),
            coupon(12, CouponKind.CASH, "5", store=1),
        ),
        chosen_coupons=(11, 12),
    )
    assert breakdown.coupons.applied == (11,)
    assert [(warning.code, warning.coupon) for warning in breakdown.warnings] == [("one_coupon_per_store", 12)]
    assert totals(breakdown)[3] == "210.00"


# --- points ---------------------------------------------------------------------------------------------------


def test_12_points_stop_at_the_maximum_share():
    # 101 + 102 = 230; 3000 points asked (30 yuan) but at most 10 % of 230 = 23.00, i.e. 2300 points.
    # 23 over 100 : 130 = 10.00 and 13.00 exactly. Pays 90 + 117 = 207.
    breakdown = priced(sku(101), sku(102), member=RICH_MEMBER, points=3000, points_rule=POINTS_RULE)
    assert money_of(line_of(breakdown, 101)) == ("0.00", "0.00", "10.00", "90.00")
    assert money_of(line_of(breakdown, 102)) == ("0.00", "0.00", "13.00", "117.00")
    assert (breakdown.points.used, breakdown.points.discount) == (2300, Decimal("23.00"))
    assert api_shape(breakdown)["points"] == {"used": 2300, "discount": "23.00"}


def test_13_points_stop_at_the_balance():
    # Balance 800 points = 8.00 (under the 23.00 share). 8 over 100 : 130 in cents 347.83, 452.17 ->
    # 347 + 452 = 799, spare cent to 101 (.83): 3.48 and 4.52. Pays 96.52 + 125.48 = 222.
    breakdown = priced(sku(101), sku(102), member=Member(points_balance=800), points=3000, points_rule=POINTS_RULE)
    assert money_of(line_of(breakdown, 101)) == ("0.00", "0.00", "3.48", "96.52")
    assert money_of(line_of(breakdown, 102)) == ("0.00", "0.00", "4.52", "125.48")
    assert breakdown.points.used == 800


def test_14_points_buy_whole_cents_only():
    # 1000 points = 1 yuan, so 10 points are a cent: 1555 points pay 1.55 and use 1550 points. 101 pays 98.45.
    rule = PointsRule(points_per_yuan=1000, max_share_percent=d(50))
    breakdown = priced(sku(101), member=RICH_MEMBER, points=1555, points_rule=rule)
    assert money_of(line_of(breakdown, 101)) == ("0.00", "0.00", "1.55", "98.45")
    assert breakdown.points.used == 1550


# --- freight ----------------------------------------------------------------------------------------------------


def test_15_goods_of_one_template_are_charged_together():
    # Template 1 by piece: 10.00 the first piece, 5.00 each more. 101 + 103 x2 = 3 pieces in one store order:
    # 10 + 2 x 5 = 20 (not 10 + 15 line by line). 100 + 30 = 130 is under the 199 free-shipping amount.
    breakdown = priced(sku(101), sku(103, 2), region=SHENZHEN)
    assert store_totals(breakdown, 1) == ("130.00", "0.00", "20.00", "150.00")


def test_16_free_shipping_is_tested_on_the_amount_after_discounts():
    # 101 x2 = 200 >= 199 on the tags, but 满100减10 leaves 190: not free. 2 pieces: 10 + 5 = 15. 190 + 15 = 205.
    breakdown = priced(sku(101, 2), region=SHENZHEN, promotions=(STORE_TIERS,))
    assert store_totals(breakdown, 1) == ("200.00", "10.00", "15.00", "205.00")


def test_17_free_shipping_by_amount_in_its_region():
    # 101 x2 + 103 = 215 >= 199 in Guangdong: freight 0. Pays 215.
    breakdown = priced(sku(101, 2), sku(103), region=SHENZHEN)
    assert store_totals(breakdown, 1) == ("215.00", "0.00", "0.00", "215.00")


def test_18_a_region_rule_and_no_free_shipping_outside_its_regions():
    # Same 215 to Urumqi: Xinjiang's rule 20 + 10 a piece, and the free-shipping condition covers only
    # Guangdong and Shanghai. 3 pieces: 20 + 2 x 10 = 40. 215 + 40 = 255.
    breakdown = priced(sku(101, 2), sku(103), region=URUMQI)
    assert store_totals(breakdown, 1) == ("215.00", "0.00", "40.00", "255.00")


def test_19_an_undeliverable_line_is_invalid_and_counts_nowhere():
    # To Lhasa: template 1 does not deliver to Tibet, so 101 is invalid; store 2's 201 (template 2, 0.35 kg)
    # ships: first kg 12.00. Totals: 299 + 12 = 311.
    breakdown = priced(sku(101), sku(201), region=LHASA, promotions=(STORE_TIERS,))
    line = line_of(breakdown, 101)
    assert (line.valid, line.reason, line.promotions) == (False, "undeliverable", ())
    assert store_totals(breakdown, 1) == ("0.00", "0.00", "0.00", "0.00")
    assert totals(breakdown) == ("299.00", "0.00", "12.00", "311.00")


def test_20_by_weight_each_started_kilogram_after_the_first():
    # 201 x2 (0.70 kg) + 202 x5 (0.50 kg) = 1.20 kg to Shanghai: 12 + 1 started kg x 6 = 18.
    # Goods 598 + 199.50 = 797.50; free shipping from 500 is for Guangdong only. Pays 815.50.
    breakdown = priced(sku(201, 2), sku(202, 5), region=SHANGHAI)
    assert store_totals(breakdown, 2) == ("797.50", "0.00", "18.00", "815.50")


def test_21_by_weight_free_from_500_in_guangdong():
    # The same goods to Shenzhen: 797.50 >= 500 in Guangdong, freight 0.
    breakdown = priced(sku(201, 2), sku(202, 5), region=SHENZHEN)
    assert store_totals(breakdown, 2) == ("797.50", "0.00", "0.00", "797.50")


def test_22_by_volume():
    # 301 x6 = 0.024 m³: first 0.01 m³ 8.00, then 0.014 is 2 started blocks of 0.01 at 4.00: 16.00.
    # 68 x 6 = 408 + 16 = 424.
    breakdown = priced(sku(301, 6), region=SHENZHEN)
    assert store_totals(breakdown, 3) == ("408.00", "0.00", "16.00", "424.00")


def test_23_two_templates_in_one_store_order_add_up():
    # 101 (template 1: first piece 10) + 104 x3 (template 4: 6.00 flat) = 16. Goods 100 + 60 = 160 + 16 = 176.
    breakdown = priced(sku(101), sku(104, 3), region=SHENZHEN)
    assert store_totals(breakdown, 1) == ("160.00", "0.00", "16.00", "176.00")


# --- base prices with promotions --------------------------------------------------------------------------------


def test_24_member_level_price_then_tiered_reduction():
    # A 95 % member: 101 at 95.00 x2 = 190, 102 at 123.50; 313.50 reaches 满300减50. 50 over 190 : 123.50 in
    # cents 3030.30, 1969.70 -> 3030 + 1969, spare cent to 102: 30.30 and 19.70. Pays 159.70 + 103.80 = 263.50.
    breakdown = priced(sku(101, 2), sku(102), member=Member(level=3, level_percent=d(95)), promotions=(STORE_TIERS,))
    assert money_of(line_of(breakdown, 101)) == ("30.30", "0.00", "0.00", "159.70")
    assert money_of(line_of(breakdown, 102)) == ("19.70", "0.00", "0.00", "103.80")
    assert totals(breakdown) == ("313.50", "50.00", "0.00", "263.50")


def test_25_item_discount_lowers_the_amount_a_tier_is_tested_on():
    # 101 x2 at 6折: 120 (80 off); + 102 = 130: 250 reaches only 满100减10 though the tags say 330.
    # 10 over 120 : 130 = 4.80 and 5.20. 101 pays 115.20 (84.80 off), 102 pays 124.80. 240 in all.
    offers = (
        promotion(2, PromotionKind.ITEM_DISCOUNT, ItemDiscountRule(percent=d(60)), scope=scope(skus={101})),
        STORE_TIERS,
    )
    breakdown = priced(sku(101, 2), sku(102), promotions=offers)
    assert money_of(line_of(breakdown, 101)) == ("84.80", "0.00", "0.00", "115.20")
    assert money_of(line_of(breakdown, 102)) == ("5.20", "0.00", "0.00", "124.80")
    assert api_shape(breakdown)["stores"][0]["promotions"] == [
        {"id": 2, "name": "promotion 2", "discount": "80.00"},
        {"id": 1, "name": "promotion 1", "discount": "10.00"},
    ]


# --- store and platform promotions, several stores ---------------------------------------------------------------


def test_26_store_every_step_then_cross_store_platform_reduction():
    # Store 1: 101 x2 + 102 = 330, each 200 off 20 -> 20 over 200 : 130 in cents 1212.12, 787.88 -> 1212 + 787,
    # spare cent to 102: 12.12, 7.88 -> 187.88, 122.12. Store 2: 202 = 39.90.
    # Platform 满300减30 tested on 310 + 39.90 = 349.90: 30 over 187.88 : 122.12 : 39.90 in cents 1610.86,
    # 1047.04, 342.10 -> 1610 + 1047 + 342 = 2999, spare cent to 101 (.86): 16.11, 10.47, 3.42.
    # Pays 171.77 + 111.65 + 36.48 = 319.90.
    offers = (
        promotion(1, PromotionKind.EVERY_FULL_REDUCTION, EveryFullReductionRule(d(200), d(20)), store=1),
        promotion(2, PromotionKind.FULL_REDUCTION, tiers(("300", "30")), store=None),
    )
    breakdown = priced(sku(101, 2), sku(102), sku(202), promotions=offers)
    assert money_of(line_of(breakdown, 101)) == ("28.23", "0.00", "0.00", "171.77")
    assert money_of(line_of(breakdown, 102)) == ("18.35", "0.00", "0.00", "111.65")
    assert money_of(line_of(breakdown, 202)) == ("3.42", "0.00", "0.00", "36.48")
    assert totals(breakdown) == ("369.90", "50.00", "0.00", "319.90")
    # The store pays its every-step reduction; HQ pays the platform reduction (settlement reimburses the store).
    assert [
        (part.source_id, part.store_amount, part.platform_amount) for part in line_of(breakdown, 101).components
    ] == [
        (1, Decimal("12.12"), Decimal("0.00")),
        (2, Decimal("0.00"), Decimal("16.11")),
    ]


def test_27_bundle_then_store_coupon():
    # 106 (50) + 107 (80) as a set for 100: 11.54 and 18.46 off (see the worked example); 103 x2 = 30 apart.
    # Store 满120减12 on 38.46 + 61.54 + 30 = 130: in cents 355.02, 568.06, 276.92 -> 355 + 568 + 276 = 1199,
    # spare cent to 103 (.92): 3.55, 5.68, 2.77. Pays 34.91 + 55.86 + 27.23 = 118.
    breakdown = priced(
        sku(106),
        sku(107),
        sku(103, 2),
        promotions=(promotion(1, PromotionKind.BUNDLE, BundleRule((SkuQuantity(106), SkuQuantity(107)), d(100))),),
        coupons=(coupon(11, CouponKind.THRESHOLD, "12", store=1, threshold="120"),),
    )
    assert money_of(line_of(breakdown, 106)) == ("11.54", "3.55", "0.00", "34.91")
    assert money_of(line_of(breakdown, 107)) == ("18.46", "5.68", "0.00", "55.86")
    assert money_of(line_of(breakdown, 103)) == ("0.00", "2.77", "0.00", "27.23")
    assert totals(breakdown) == ("160.00", "42.00", "0.00", "118.00")


def test_28_multi_buy_and_a_tiered_gift_stack_in_their_own_lanes():
    # Tops any 2 for 150: 101 + 102 = 230 -> 80 off over 100 : 130 in cents 3478.26, 4521.74 -> 3478 + 4521,
    # spare cent to 102 (.74): 34.78 and 45.22. The 满200 gift is tested on 230, before the order lane: given.
    offers = (
        promotion(1, PromotionKind.MULTI_BUY_PRICE, MultiBuyPriceRule(2, d(150)), scope=scope(categories={10})),
        promotion(2, PromotionKind.FULL_GIFT, FullGiftRule((GiftTier(d(200), (SkuQuantity(901),)),))),
    )
    breakdown = priced(sku(101), sku(102), promotions=offers)
    assert money_of(line_of(breakdown, 101)) == ("34.78", "0.00", "0.00", "65.22")
    assert money_of(line_of(breakdown, 102)) == ("45.22", "0.00", "0.00", "84.78")
    assert line_of(breakdown, 901, gift=True).store == 1
    assert totals(breakdown) == ("230.00", "80.00", "0.00", "150.00")


def test_29_a_gift_with_a_main_product():
    # 赠品: buying 201 brings one 902 from store 2; 201 pays 299.
    offer = promotion(1, PromotionKind.GIFT, GiftRule((SkuQuantity(902),)), store=2, scope=scope(skus={201}))
    breakdown = priced(sku(201), sku(101), promotions=(offer,))
    gift = line_of(breakdown, 902, gift=True)
    assert (gift.store, gift.quantity, gift.payable) == (2, 1, Decimal("0.00"))
    store_2 = api_shape(breakdown)["stores"][0]  # stores follow the cart's order: 201 came first
    assert store_2["promotions"] == [{"id": 1, "name": "promotion 1", "discount": "0.00"}]
    assert totals(breakdown) == ("399.00", "0.00", "0.00", "399.00")


def test_30_one_winner_per_exclusive_group_the_best_for_the_shopper():
    # Two store reductions over all goods: 满100减10 and 满200减30. 230 fits both; only one may apply: 30 off.
    offers = (
        promotion(1, PromotionKind.FULL_REDUCTION, tiers(("100", "10"))),
        promotion(2, PromotionKind.FULL_REDUCTION, tiers(("200", "30"))),
    )
    breakdown = priced(sku(101), sku(102), promotions=offers)
    assert totals(breakdown) == ("230.00", "30.00", "0.00", "200.00")
    assert line_of(breakdown, 101).promotions == (1, 2)


def test_31_the_shopper_switches_to_the_other_promotion():
    # The shopper moved both lines to 满100减10: 230 - 10 = 220; 满200减30 has no line left.
    offers = (
        promotion(1, PromotionKind.FULL_REDUCTION, tiers(("100", "10"))),
        promotion(2, PromotionKind.FULL_REDUCTION, tiers(("200", "30"))),
    )
    breakdown = priced(sku(101, chosen_promotion=1), sku(102, chosen_promotion=1), promotions=offers)
    assert totals(breakdown) == ("230.00", "10.00", "0.00", "220.00")
    assert line_of(breakdown, 101).chosen_promotion == 1


def test_32_time_window_channel_and_member_scope():
    # Four 6折/7折/8折/9折 item promotions on 101; only the 9折 for member level 2 is live for this shopper on the
    # web: one not started, one app-only, one for new members. 100 pays 90.
    rule = ItemDiscountRule
    offers = (
        replace(promotion(1, PromotionKind.ITEM_DISCOUNT, rule(percent=d(60))), starts_at=NOW + timedelta(days=1)),
        promotion(2, PromotionKind.ITEM_DISCOUNT, rule(percent=d(70)), channels=frozenset({Channel.APP})),
        promotion(3, PromotionKind.ITEM_DISCOUNT, rule(percent=d(80)), member_scope=MemberScope(NEW_MEMBERS)),
        promotion(4, PromotionKind.ITEM_DISCOUNT, rule(percent=d(90)), member_scope=LEVEL_2),
    )
    breakdown = priced(sku(101), promotions=offers, member=Member(level=2), channel=Channel.WEB)
    assert money_of(line_of(breakdown, 101)) == ("10.00", "0.00", "0.00", "90.00")


def test_33_several_stores_through_the_whole_pipeline():
    # Store 1: 101 x2 = 200, 103 x2 = 30; 230 -> 满100减10: over 200 : 30 in cents 869.57, 130.43 -> 869 + 130,
    #   spare cent to 101 (.57): 8.70 and 1.30 -> 191.30, 28.70. Store coupon 满200减20 on 220: cents 1739.09,
    #   260.91 -> 1739 + 260, spare cent to 103 (.91): 17.39, 2.61 -> 173.91, 26.09.
    # Store 2: 201 = 299 at 9折: 29.90 off -> 269.10.
    # Platform 满300减30 on 200 + 269.10 = 469.10: cents 1112.19, 166.85, 1720.96 -> 1112 + 166 + 1720 = 2998,
    #   two spare cents to 201 (.96) and 103 (.85): 11.12, 1.67, 17.21 -> 162.79, 24.42, 251.89 (439.10).
    # Freight to Shenzhen on the goods after coupons: store 1 owes 187.21 < 199, 4 pieces: 10 + 3 x 5 = 25;
    #   store 2: 0.35 kg -> 12 (251.89 < 500).
    # Points: 2000 asked = 20.00, under 10 % of 439.10 = 43.91. Over 162.79 : 24.42 : 251.89 in cents 741.47,
    #   111.23, 1147.30 -> 741 + 111 + 1147 = 1999, spare cent to 101 (.47): 7.42, 1.11, 11.47.
    # 101 pays 162.79 - 7.42 = 155.37; 103 24.42 - 1.11 = 23.31; 201 251.89 - 11.47 = 240.42.
    # Store 1: 155.37 + 23.31 + 25 = 203.68; store 2: 240.42 + 12 = 252.42; cart 456.10
    # (= 529 - 10 - 20 - 29.90 - 30 - 20 + 37).
    offers = (
        STORE_TIERS,
        promotion(3, PromotionKind.ITEM_DISCOUNT, ItemDiscountRule(percent=d(90)), store=2, scope=scope(skus={201})),
    )
    breakdown = priced(
        sku(101, 2),
        sku(103, 2),
        sku(201),
        region=SHENZHEN,
        promotions=offers,
        coupons=(
            coupon(11, CouponKind.THRESHOLD, "20", store=1, threshold="200"),
            coupon(21, CouponKind.THRESHOLD, "30", threshold="300"),
        ),
        member=RICH_MEMBER,
        points=2000,
        points_rule=POINTS_RULE,
    )
    assert money_of(line_of(breakdown, 101)) == ("8.70", "28.51", "7.42", "155.37")
    assert money_of(line_of(breakdown, 103)) == ("1.30", "4.28", "1.11", "23.31")
    assert money_of(line_of(breakdown, 201)) == ("29.90", "17.21", "11.47", "240.42")
    assert store_totals(breakdown, 1) == ("230.00", "51.32", "25.00", "203.68")
    assert store_totals(breakdown, 2) == ("299.00", "58.58", "12.00", "252.42")
    assert totals(breakdown) == ("529.00", "109.90", "37.00", "456.10")
    assert api_shape(breakdown)["points"] == {"used": 2000, "discount": "20.00"}


def test_34_a_shared_discount_is_split_by_its_ratio():
    # Platform 8折 on 201, half funded by HQ: 299 -> 239.20, 59.80 off: HQ 29.90, store 29.90.
    shared = Funding(Funder.SHARED, d(50))
    offer = promotion(
        1,
        PromotionKind.ITEM_DISCOUNT,
        ItemDiscountRule(percent=d(80)),
        store=None,
        scope=scope(skus={201}),
        funding=shared,
    )
    (part,) = line_of(priced(sku(201), promotions=(offer,)), 201).components
    assert (part.amount, part.platform_amount, part.store_amount) == (d("59.80"), d("29.90"), d("29.90"))


def test_35_platform_multi_buy_percent_across_stores():
    # Platform 3 tops or audio items at 9折: 101 (100) + 102 (130) + 201 (299) = 529, 52.90 off, over
    # 100 : 130 : 299 exactly 10.00, 13.00, 29.90. The cable 202 (category 21) pays 39.90. 568.90 - 52.90 = 516.
    offer = promotion(
        1, PromotionKind.MULTI_BUY_PERCENT, MultiBuyPercentRule(3, d(90)), store=None, scope=scope(categories={10, 20})
    )
    breakdown = priced(sku(101), sku(102), sku(201), sku(202), promotions=(offer,))
    assert [money_of(line_of(breakdown, number))[0] for number in (101, 102, 201, 202)] == [
        "10.00",
        "13.00",
        "29.90",
        "0.00",
    ]
    assert totals(breakdown) == ("568.90", "52.90", "0.00", "516.00")


def test_36_add_on_buy_then_store_cash_coupon():
    # 101 = 100 reaches 99, so one 103 costs 1.00 (14 off). Store cash 5 over 100 : 1 in cents 495.05, 4.95 ->
    # 495 + 4, spare cent to 103 (.95): 4.95 and 0.05. Pays 95.05 + 0.95 = 96.
    offer = promotion(1, PromotionKind.ADD_ON_PURCHASE, AddOnPurchaseRule(d(99), (AddOnItem(103, d("1.00")),)))
    breakdown = priced(sku(101), sku(103), promotions=(offer,), coupons=(coupon(11, CouponKind.CASH, "5", store=1),))
    assert money_of(line_of(breakdown, 101)) == ("0.00", "4.95", "0.00", "95.05")
    assert money_of(line_of(breakdown, 103)) == ("14.00", "0.05", "0.00", "0.95")


def test_37_a_platform_gift_ships_from_the_store_that_sold_the_most():
    # Platform 满300 gift: 101 (store 1, 100) + 201 (store 2, 299) = 399; the headphones go with store 2.
    offer = promotion(1, PromotionKind.FULL_GIFT, FullGiftRule((GiftTier(d(300), (SkuQuantity(903),)),)), store=None)
    breakdown = priced(sku(101), sku(201), promotions=(offer,))
    assert line_of(breakdown, 903, gift=True).store == 2


def test_38_nothing_goes_below_zero():
    # 103 = 15 and a platform cash coupon of 20: 15 off, pays 0; points then have no share to pay (10 % of 0).
    breakdown = priced(
        sku(103),
        coupons=(coupon(21, CouponKind.CASH, "20"),),
        member=RICH_MEMBER,
        points=1000,
        points_rule=POINTS_RULE,
    )
    assert money_of(line_of(breakdown, 103)) == ("0.00", "15.00", "0.00", "0.00")
    assert api_shape(breakdown)["points"] == {"used": 0, "discount": "0.00"}
    assert totals(breakdown)[3] == "0.00"


def test_39_off_shelf_and_out_of_stock_lines_are_carried_but_not_priced():
    # 101 off shelf, 103 x3 with 2 left: both invalid. Only 102 (130) counts: 满100减10 -> 120.
    breakdown = priced(sku(101, on_shelf=False), sku(103, 3, available=2), sku(102), promotions=(STORE_TIERS,))
    assert [(line.sku, line.valid, line.reason) for line in breakdown.lines] == [
        (101, False, "off_shelf"),
        (103, False, "out_of_stock"),
        (102, True, ""),
    ]
    assert money_of(line_of(breakdown, 101)) == ("0.00", "0.00", "0.00", "100.00")
    assert totals(breakdown) == ("130.00", "10.00", "0.00", "120.00")


def test_40_why_each_coupon_cannot_be_used():
    # Cart: 101 (store 1, brand 1, 100). None of these coupons fits; 100 is paid in full.
    not_started = replace(coupon(13, CouponKind.CASH, "5", store=1), valid_from=NOW + timedelta(hours=1))
    breakdown = priced(
        sku(101),
        coupons=(
            coupon(11, CouponKind.CASH, "5", store=2),
            coupon(12, CouponKind.CASH, "5", store=1, goods=scope(brands={5})),
            not_started,
            coupon(14, CouponKind.CASH, "5", store=1, channels=frozenset({Channel.APP})),
            coupon(15, CouponKind.CASH, "5", goods=GoodsScope(all=True, excluded_skus=frozenset({101}))),
            coupon(16, CouponKind.THRESHOLD, "20", threshold="200"),
        ),
    )
    assert sorted(breakdown.coupons.unusable) == [
        (11, "store_not_in_cart"),
        (12, "no_eligible_goods"),
        (13, "not_started"),
        (14, "wrong_channel"),
        (15, "no_eligible_goods"),
        (16, "below_threshold"),
    ]
    assert breakdown.coupons.applied == ()
    assert totals(breakdown)[3] == "100.00"


def test_41_a_category_platform_coupon_touches_only_its_goods():
    # Platform cash 10 on electronics: 201 (299) + 202 (39.90) = 338.90; 101 is not covered. Over 299 : 39.90
    # in cents 882.27, 117.73 -> 882 + 117, spare cent to 202 (.73): 8.82 and 1.18.
    breakdown = priced(
        sku(101), sku(201), sku(202), coupons=(coupon(21, CouponKind.CASH, "10", goods=scope(categories={2})),)
    )
    assert [money_of(line_of(breakdown, number))[1] for number in (101, 201, 202)] == ["0.00", "8.82", "1.18"]


def test_42_wholesale_buyer_with_a_reduction_ships_free():
    # 60 units of a 10.00 item with tiers 9.00 from 10 and 8.50 from 50: 510. 满500减80 -> 430, which reaches
    # the 199 free-shipping amount in Shanghai: freight 0. Pays 430.
    wholesale = replace(
        sku(101),
        sku=105,
        line_id=105,
        price=d("10.00"),
        quantity=60,
        wholesale_tiers=(WholesaleTier(10, d(9)), WholesaleTier(50, d("8.50"))),
    )
    breakdown = priced(wholesale, region=SHANGHAI, promotions=(STORE_TIERS,))
    assert store_totals(breakdown, 1) == ("510.00", "80.00", "0.00", "430.00")


def test_43_a_store_promotion_leaves_other_stores_alone():
    # Store 1's tiers see only 101 (100): 10 off. 201 from store 2 pays 299. 399 - 10 = 389.
    breakdown = priced(sku(201), sku(101), promotions=(STORE_TIERS,))
    assert money_of(line_of(breakdown, 201)) == ("0.00", "0.00", "0.00", "299.00")
    assert totals(breakdown) == ("399.00", "10.00", "0.00", "389.00")


def test_44_one_item_promotion_per_line_across_store_and_platform():
    # Store 8折 and platform 7折 on 101: a price is cut once; the platform 7折 is better (30 off, HQ funded).
    # When the shopper switches to the store's 8折: 20 off, store funded.
    offers = (
        promotion(1, PromotionKind.ITEM_DISCOUNT, ItemDiscountRule(percent=d(80)), store=1),
        promotion(2, PromotionKind.ITEM_DISCOUNT, ItemDiscountRule(percent=d(70)), store=None),
    )
    (best,) = line_of(priced(sku(101), promotions=offers), 101).components
    assert (best.source_id, best.amount, best.platform_amount) == (2, d("30.00"), d("30.00"))
    (chosen,) = line_of(priced(sku(101, chosen_promotion=1), promotions=offers), 101).components
    assert (chosen.source_id, chosen.amount, chosen.platform_amount) == (1, d("20.00"), d("0.00"))


def test_45_a_member_who_used_up_a_promotion_no_longer_gets_it():
    # Per-member limit used up (0 uses left): 101 pays 100 instead of 60.
    offer = promotion(1, PromotionKind.ITEM_DISCOUNT, ItemDiscountRule(percent=d(60)), member_uses_left=0)
    assert totals(priced(sku(101), promotions=(offer,)))[3] == "100.00"
