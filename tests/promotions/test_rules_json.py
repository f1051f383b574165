"""API.md's promotion rules JSON into the engine's typed rules, and the 400s for what cannot be priced."""

import pytest
from rest_framework.exceptions import ValidationError

from promotions.pricing import (
    AddOnItem,
    AddOnPurchaseRule,
    BundleRule,
    EveryFullReductionRule,
    FullGiftRule,
    GiftRule,
    GiftTier,
    ItemDiscountRule,
    MultiBuyPercentRule,
    MultiBuyPriceRule,
    SkuQuantity,
)
from promotions.rules import parse_rules, rules_json
from tests.promotions.builders import SEED_TIERS, d


@pytest.mark.parametrize(
    ("kind", "rules", "expected"),
    [
        (
            "full_reduction",
            {
                "tiers": [
                    {"threshold": "100", "discount": "10"},
                    {"threshold": "300", "discount": "50"},
                    {"threshold": "500", "discount": "80"},
                ]
            },
            SEED_TIERS,
        ),
        ("every_full_reduction", {"step": "200", "discount": "20"}, EveryFullReductionRule(d(200), d(20))),
        (
            "every_full_reduction",
            {"step": "200", "discount": "20", "cap": "60"},
            EveryFullReductionRule(d(200), d(20), d(60)),
        ),
        ("item_discount", {"percent": "60"}, ItemDiscountRule(percent=d(60))),
        ("item_discount", {"price": "79.00"}, ItemDiscountRule(price=d(79))),
        (
            "bundle",
            {"items": [{"sku": 1, "quantity": 1}, {"sku": 2}], "price": "100.00"},
            BundleRule((SkuQuantity(1), SkuQuantity(2)), d(100)),
        ),
        ("gift", {"gifts": [{"sku": 9, "quantity": 2}]}, GiftRule((SkuQuantity(9, 2),))),
        (
            "full_gift",
            {"tiers": [{"threshold": "300", "gifts": [{"sku": 901}]}]},
            FullGiftRule((GiftTier(d(300), (SkuQuantity(901),)),)),
        ),
        ("multi_buy_price", {"count": 3, "price": "100"}, MultiBuyPriceRule(3, d(100))),
        ("multi_buy_percent", {"count": 3, "percent": "80"}, MultiBuyPercentRule(3, d(80))),
        (
            "add_on_purchase",
            {"threshold": "99", "items": [{"sku": 5, "price": "9.90"}]},
            AddOnPurchaseRule(d(99), (AddOnItem(5, d("9.90")),)),
        ),
    ],
)
def test_every_kind_of_api_md_parses_into_its_rule_and_back(kind, rules, expected):
    rule = parse_rules(kind, rules)

    assert rule == expected
    assert parse_rules(kind, rules_json(rule)) == rule


@pytest.mark.parametrize(
    ("kind", "rules"),
    [
        ("full_reduction", {"tiers": [{"threshold": "100", "discount": "120"}]}),  # discount above threshold
        ("item_discount", {"percent": "120"}),  # a percent outside 0 to 100
        ("item_discount", {"percent": "-5"}),
        ("multi_buy_percent", {"count": 3, "percent": "101"}),
        ("full_reduction", {"tiers": []}),
        ("bundle", {"items": [{"sku": "x"}], "price": "10"}),
        ("bundle", {"items": [{"sku": 1}, {"sku": 1}], "price": "10"}),  # a SKU twice
        ("every_full_reduction", {"step": "abc", "discount": "1"}),
        ("gift", {"gifts": [{"sku": 1}], "extra": True}),  # unknown fields are refused
    ],
)
def test_rules_that_cannot_be_priced_are_refused_under_rules(kind, rules):
    with pytest.raises(ValidationError) as refused:
        parse_rules(kind, rules)

    assert "rules" in refused.value.detail
