"""Step 5, stored value (储值): it pays for goods like cash, after coupons and points, capped at the amount asked,
the balance and what the goods still owe; freight is paid in cash. Every amount worked out by hand."""

from decimal import Decimal

import pytest

from promotions.pricing import (
    CartInput,
    CouponKind,
    Member,
    PointsRule,
    PromotionKind,
)
from tests.promotions.builders import (
    FREIGHT_TEMPLATES,
    NOW,
    SEED_TIERS,
    SHANGHAI,
    api_shape,
    coupon,
    d,
    line_of,
    priced,
    promotion,
    sku,
    store_totals,
)


def three_store_cart(*, balance: str, asked: str):
    """Store 1: 101 at 100.00, 100 off 10 (SEED_TIERS) = 90.00; store 2: 201 at 299.00; store 3: 301 at 68.00.
    Goods owe 457.00. Freight to Shanghai: 10.00 (store 1, under 199), 12.00 (0.35 kg), 8.00 (0.004 m³)."""
    return priced(
        sku(101),
        sku(201),
        sku(301),
        region=SHANGHAI,
        member=Member(id=1, stored_value_balance=d(balance)),
        promotions=(promotion(1, PromotionKind.FULL_REDUCTION, SEED_TIERS, store=1),),
        stored_value=d(asked),
    )


def test_stored_value_is_capped_at_the_balance_and_spread_by_largest_remainder():
    breakdown = three_store_cart(balance="300.00", asked="500.00")

    # 300.00 over 90 / 299 / 68 (of 457) in cents: 5908.096, 19628.009, 4463.895: floors 5908 + 19628 + 4463
    # = 29999; the cent left goes to the largest remainder (0.895, SKU 301): 59.08 + 196.28 + 44.64 = 300.00.
    assert [api_shape(line_of(breakdown, n))["stored_value"] for n in (101, 201, 301)] == ["59.08", "196.28", "44.64"]
    api = api_shape(breakdown)
    assert api["stored_value"] == {"balance": "300.00", "used": "300.00"}
    # payable stays amount - discounts + freight: 90 + 299 + 68 + 30 = 487.00; cash pays 487.00 - 300.00.
    assert (api["payable"], api["cash_payable"]) == ("487.00", "187.00")
    stores = {entry["store"]: entry for entry in api["stores"]}
    assert [(stores[s]["payable"], stores[s]["stored_value"], stores[s]["cash_payable"]) for s in (1, 2, 3)] == [
        ("100.00", "59.08", "40.92"),
        ("311.00", "196.28", "114.72"),
        ("76.00", "44.64", "31.36"),
    ]
    assert api_shape(line_of(breakdown, 101))["payable"] == "90.00"  # not a discount: the line still owes 90.00


def test_stored_value_pays_at_most_the_goods_and_never_the_freight():
    breakdown = three_store_cart(balance="1000.00", asked="1000.00")

    api = api_shape(breakdown)
    assert api["stored_value"] == {"balance": "1000.00", "used": "457.00"}
    assert [api_shape(line_of(breakdown, n))["stored_value"] for n in (101, 201, 301)] == ["90.00", "299.00", "68.00"]
    assert api["cash_payable"] == "30.00"
    assert [entry["cash_payable"] for entry in api["stores"]] == ["10.00", "12.00", "8.00"]


def test_stored_value_comes_after_coupons_and_points():
    # 102 at 130.00; store coupon 20.00 off: 110.00; 3,000 points at 100 a yuan = 30.00 (under half of 110.00):
    # 80.00 owed; 12.34 of it from the balance of 50.00; freight to Shanghai 10.00 (110.00 is under 199).
    breakdown = priced(
        sku(102),
        region=SHANGHAI,
        member=Member(id=1, points_balance=3000, stored_value_balance=d("50.00")),
        coupons=(coupon(1, CouponKind.CASH, "20.00", store=1),),
        points=3000,
        points_rule=PointsRule(100, d(50)),
        stored_value=d("12.34"),
    )

    line = api_shape(line_of(breakdown, 102))
    assert (line["coupon_discount"], line["points_discount"], line["payable"], line["stored_value"]) == (
        "20.00",
        "30.00",
        "80.00",
        "12.34",
    )
    assert store_totals(breakdown, 1) == ("130.00", "50.00", "10.00", "90.00")
    assert api_shape(breakdown)["cash_payable"] == "77.66"


def test_without_a_balance_or_a_request_nothing_is_paid_from_it():
    asked_nothing = three_store_cart(balance="300.00", asked="0")
    no_balance = three_store_cart(balance="0", asked="100.00")

    for breakdown, balance in ((asked_nothing, "300.00"), (no_balance, "0.00")):
        api = api_shape(breakdown)
        assert api["stored_value"] == {"balance": balance, "used": "0.00"}
        assert api["cash_payable"] == api["payable"] == "487.00"


def test_an_invalid_line_gets_no_stored_value():
    # 201 is out of stock: the balance pays only what the valid line owes (100.00, no promotion here).
    breakdown = priced(
        sku(101),
        sku(201, available=0),
        region=SHANGHAI,
        member=Member(id=1, stored_value_balance=d("500.00")),
        stored_value=d("500.00"),
    )

    assert line_of(breakdown, 201).valid is False
    assert (line_of(breakdown, 201).stored_value, line_of(breakdown, 101).stored_value) == (d("0"), d("100.00"))
    assert api_shape(breakdown)["stored_value"]["used"] == "100.00"


def test_a_negative_request_is_refused_by_the_engine():
    with pytest.raises(ValueError, match="stored value"):
        CartInput(lines=(sku(101),), now=NOW, stored_value=Decimal("-0.01"), freight_templates=FREIGHT_TEMPLATES)
