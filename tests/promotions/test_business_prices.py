"""A business buyer's prices (seed 001, 批发; issue 16): wholesale tiers, a company's negotiated price, the
minimum order quantity and retail-only promotions, through the one engine."""

import pytest

from promotions.pricing import ItemDiscountRule, Member, PromotionKind, WholesaleTier
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
    tiers,
    totals,
)

TIERS = (WholesaleTier(10, d("9.00")), WholesaleTier(50, d("8.50")))
BUSINESS = Member(id=1, company=7)


@pytest.mark.parametrize(
    ("quantity", "unit_price"),
    [(9, "10.00"), (10, "9.00"), (49, "9.00"), (50, "8.50"), (500, "8.50")],
)
def test_a_tier_price_starts_exactly_at_its_quantity_break(quantity, unit_price):
    breakdown = priced(item(1, "10.00", quantity=quantity, wholesale_tiers=TIERS), member=BUSINESS)
    assert api_shape(line_of(breakdown, 1))["unit_price"] == unit_price


@pytest.mark.parametrize(
    ("quantity", "negotiated", "unit_price"),
    [
        (20, "8.80", "8.80"),  # negotiated below the 10-unit tier (9.00): the negotiated price
        (60, "8.80", "8.50"),  # the 50-unit tier (8.50) is below the negotiated price: the tier
        (5, "9.50", "9.50"),  # no tier reached: negotiated below the list price
        (5, "10.50", "10.00"),  # a negotiated price above the list price never raises it
    ],
)
def test_the_lowest_of_list_tier_and_negotiated_price_is_the_base(quantity, negotiated, unit_price):
    line = item(1, "10.00", quantity=quantity, wholesale_tiers=TIERS, negotiated_price=d(negotiated))
    assert api_shape(line_of(priced(line, member=BUSINESS), 1))["unit_price"] == unit_price


@pytest.mark.parametrize(("quantity", "valid"), [(9, False), (10, True), (11, True)])
def test_a_line_below_its_minimum_order_quantity_is_invalid(quantity, valid):
    line = line_of(priced(item(1, "10.00", quantity=quantity, min_quantity=10), member=BUSINESS), 1)
    assert line.valid is valid
    assert line.reason == ("" if valid else "below_minimum")


def test_a_retail_only_promotion_does_not_apply_to_a_business_buyer_but_others_do():
    # 6折 on SKU 1, retail only; 满100减10 (store tiers) for everyone. 20 units at the 9.00 tier = 180.00.
    item_offer = promotion(
        1, PromotionKind.ITEM_DISCOUNT, ItemDiscountRule(percent=d(60)), scope=scope(skus={1}), retail_only=True
    )
    spend_offer = promotion(2, PromotionKind.FULL_REDUCTION, SEED_TIERS)
    line = item(1, "10.00", quantity=20, wholesale_tiers=TIERS)
    business = priced(line, member=BUSINESS, promotions=(item_offer, spend_offer))
    assert money_of(line_of(business, 1)) == ("10.00", "0.00", "0.00", "170.00")
    # A retail shopper gets no tier (none given) and the 6折: 200.00 -> 120.00, then 满100减10 -> 110.00.
    retail = priced(item(1, "10.00", quantity=20), promotions=(item_offer, spend_offer))
    assert totals(retail)[3] == "110.00"


def test_a_negotiated_price_then_a_promotion_apportions_to_the_cent():
    # Negotiated 3.33 x 3 = 9.99 and 6.67 x 3 = 20.01 (30.00 against 45.00 listed); 满30减10 is apportioned by the
    # negotiated amounts: 3.33 and 6.67, summing exactly to 10.00.
    lines = (
        item(1, "5.00", quantity=3, negotiated_price=d("3.33")),
        item(2, "8.00", quantity=3, negotiated_price=d("6.67")),
    )
    breakdown = priced(
        *lines, member=BUSINESS, promotions=(promotion(1, PromotionKind.FULL_REDUCTION, tiers(("30", "10"))),)
    )
    assert money_of(line_of(breakdown, 1)) == ("3.33", "0.00", "0.00", "6.66")
    assert money_of(line_of(breakdown, 2)) == ("6.67", "0.00", "0.00", "13.34")
    assert totals(breakdown)[3] == "20.00"
