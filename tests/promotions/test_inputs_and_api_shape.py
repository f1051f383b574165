"""Bad input is refused where the engine's dataclasses are built (the APIs turn the ValueError into a 400), and
the breakdown writes exactly the checkout preview JSON of API.md."""

from datetime import timedelta

import pytest

from promotions.pricing import (
    BundleRule,
    CartInput,
    Coupon,
    CouponKind,
    EveryFullReductionRule,
    ItemDiscountRule,
    Lane,
    Level,
    Member,
    MultiBuyPercentRule,
    Promotion,
    PromotionKind,
    ReductionTier,
    SkuQuantity,
    exclusive_group,
)
from tests.promotions.builders import ENDS, NOW, SEED_TIERS, STARTED, api_shape, coupon, d, item, priced, promotion, sku


@pytest.mark.parametrize("quantity", [0, -1, 10_000])
def test_a_quantity_outside_1_to_9999_is_refused(quantity):
    with pytest.raises(ValueError, match="quantity"):
        item(1, "10.00", quantity=quantity)


@pytest.mark.parametrize("percent", ["-1", "100.01", "150"])
def test_a_percent_outside_0_to_100_is_refused(percent):
    with pytest.raises(ValueError, match="percent"):
        ItemDiscountRule(percent=d(percent))
    with pytest.raises(ValueError, match="percent"):
        MultiBuyPercentRule(3, d(percent))
    with pytest.raises(ValueError, match="percent"):
        Member(level_percent=d(percent))


def test_a_discount_above_its_threshold_is_refused():
    with pytest.raises(ValueError, match="above its threshold"):
        ReductionTier(d(100), d("100.01"))
    with pytest.raises(ValueError, match="above its threshold"):
        EveryFullReductionRule(d(200), d(201))
    with pytest.raises(ValueError, match="above its threshold"):
        Coupon(1, CouponKind.THRESHOLD, d(30), STARTED, ENDS, threshold=d(20))


def test_rules_that_do_not_add_up_are_refused():
    with pytest.raises(ValueError, match="exactly one"):
        ItemDiscountRule(percent=d(60), price=d(10))
    with pytest.raises(ValueError, match="each SKU once"):
        BundleRule((SkuQuantity(1), SkuQuantity(1)), d(10))
    with pytest.raises(ValueError, match="needs a FullReductionRule"):
        Promotion(1, "x", PromotionKind.FULL_REDUCTION, ItemDiscountRule(percent=d(60)), STARTED, ENDS)
    with pytest.raises(ValueError, match="twice"):
        CartInput(lines=(item(1, "10.00"), item(1, "10.00")), now=NOW)
    with pytest.raises(ValueError, match="freight template"):
        CartInput(lines=(item(1, "10.00", freight_template=7),), now=NOW)


def test_exclusive_groups_for_the_conflict_check():
    # One item group across levels; the other lanes have a store group and a platform group.
    assert exclusive_group(PromotionKind.ITEM_DISCOUNT, 3) == exclusive_group(PromotionKind.ITEM_DISCOUNT, None)
    assert exclusive_group(PromotionKind.BUNDLE, 3) == (Lane.ORDER, Level.STORE)
    assert exclusive_group(PromotionKind.FULL_REDUCTION, None) == (Lane.ORDER, Level.PLATFORM)
    assert exclusive_group(PromotionKind.FULL_GIFT, 3) == (Lane.GIFT, Level.STORE)
    assert exclusive_group(PromotionKind.ADD_ON_PURCHASE, 3) == (Lane.ADD_ON, Level.STORE)


def test_a_promotion_past_its_window_no_longer_applies():
    ended = promotion(1, PromotionKind.FULL_REDUCTION, SEED_TIERS)
    ended = Promotion(**{**ended.__dict__, "ends_at": NOW - timedelta(seconds=1)})
    assert priced(sku(101), promotions=(ended,)).payable == d("100.00")


def test_the_breakdown_writes_the_checkout_preview_json():
    # 101 (100) + 102 (130) = 230 -> 满100减10 (4.35 / 5.65 over 100 : 130) -> 220; platform cash 5 not chosen.
    breakdown = priced(
        sku(101),
        sku(102),
        promotions=(promotion(1, PromotionKind.FULL_REDUCTION, SEED_TIERS),),
        coupons=(coupon(21, CouponKind.CASH, "5"), coupon(22, CouponKind.CASH, "5", store=2)),
        chosen_coupons=(),
    )
    assert api_shape(breakdown) == {
        "stores": [
            {
                "store": 1,
                "lines": [
                    {
                        "line": 101,
                        "sku": 101,
                        "quantity": 1,
                        "unit_price": "100.00",
                        "amount": "100.00",
                        "promotion_discount": "4.35",
                        "coupon_discount": "0.00",
                        "points_discount": "0.00",
                        "payable": "95.65",
                        "stored_value": "0.00",
                        "gift": False,
                        "valid": True,
                        "reason": "",
                    },
                    {
                        "line": 102,
                        "sku": 102,
                        "quantity": 1,
                        "unit_price": "130.00",
                        "amount": "130.00",
                        "promotion_discount": "5.65",
                        "coupon_discount": "0.00",
                        "points_discount": "0.00",
                        "payable": "124.35",
                        "stored_value": "0.00",
                        "gift": False,
                        "valid": True,
                        "reason": "",
                    },
                ],
                "promotions": [{"id": 1, "name": "promotion 1", "discount": "10.00"}],
                "plays": [],
                "coupons": [],
                "subtotal": "230.00",
                "discount": "10.00",
                "freight": "0.00",
                "payable": "220.00",
                "stored_value": "0.00",
                "cash_payable": "220.00",
            }
        ],
        "coupons": {"applied": [], "usable": [21], "unusable": [{"id": 22, "reason": "store_not_in_cart"}]},
        "points": {"used": 0, "discount": "0.00"},
        "stored_value": {"balance": "0.00", "used": "0.00"},
        "subtotal": "230.00",
        "discount": "10.00",
        "freight": "0.00",
        "payable": "220.00",
        "cash_payable": "220.00",
        "warnings": [],
    }
