"""The registry of promotion kinds (promotions/pricing/kinds/ and promotions/kinds/): every kind has both halves,
and the engine, the rules JSON, the storefront label, the seller's summary and form, the SKUs a promotion names
and the conflict check all ask the kind, so a kind added to the registry is priced, read and shown with no other
table to change."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from rest_framework import serializers

from marketplace.amounts import ZERO
from promotions import kinds as django_kinds
from promotions.kinds.base import MONEY, PromotionKindSpec, RulesSerializer
from promotions.pricing import (
    AddOnItem,
    AddOnPurchaseRule,
    BundleRule,
    FullGiftRule,
    GiftRule,
    GiftTier,
    Lane,
    Level,
    PromotionKind,
    PromotionRule,
    SkuQuantity,
    Source,
    exclusive_group,
    kinds,
    rule_type,
)
from promotions.pricing.award import Award, owed
from promotions.rules import parse_rules, rules_json
from promotions.seller_views import rule_sku_ids, rules_summary
from tests.promotions.builders import item, priced, promotion, scope

LANES = {
    "item_discount": Lane.ITEM,
    "full_reduction": Lane.ORDER,
    "every_full_reduction": Lane.ORDER,
    "bundle": Lane.ORDER,
    "gift": Lane.GIFT,
    "full_gift": Lane.GIFT,
    "multi_buy_price": Lane.ORDER,
    "multi_buy_percent": Lane.ORDER,
    "add_on_purchase": Lane.ADD_ON,
}


def test_every_kind_has_its_engine_half_and_its_django_half_under_one_name():
    assert list(PromotionKind) == list(kinds.KINDS) == list(django_kinds.KINDS)
    for kind in PromotionKind:
        assert rule_type(kind).kind == kind
        assert django_kinds.kind_spec(kind).rule is rule_type(kind)
        assert rule_type(kind).lane is LANES[kind]


def test_a_rule_names_the_skus_a_store_must_own():
    rules = {
        BundleRule((SkuQuantity(1), SkuQuantity(2, 2)), Decimal(100)): {1, 2},
        GiftRule((SkuQuantity(3),)): {3},
        FullGiftRule((GiftTier(Decimal(300), (SkuQuantity(4),)), GiftTier(Decimal(500), (SkuQuantity(5),)))): {4, 5},
        AddOnPurchaseRule(Decimal(199), (AddOnItem(6, Decimal("9.90")),)): {6},
    }
    for rule, skus in rules.items():
        assert rule.named_skus() == skus
        assert rule_sku_ids(rule.kind, rules_json(rule)) == skus  # the seller's list names them by the same rule
    assert parse_rules("full_reduction", {"tiers": [{"threshold": "100", "discount": "10"}]}).named_skus() == set()


@dataclass(frozen=True)
class SpendGetsCentsRule(PromotionRule):
    """A kind that is in no table of the engine: each full 10 owed takes one cent off."""

    kind = "spend_gets_cents"
    lane = Lane.ORDER

    step: Decimal

    def evaluate(self, promotion, lines):
        discount = (owed(lines) // self.step) * Decimal("0.01")
        return Award(promotion, discount, tuple(lines), score=discount) if discount > ZERO else None


class SpendGetsCentsRules(RulesSerializer):
    step = serializers.DecimalField(**MONEY)

    def to_rule(self, data):
        return SpendGetsCentsRule(step=data["step"])


@pytest.fixture
def new_kind(monkeypatch):
    """The kind in both registries, as its two modules would put it there."""
    spec = PromotionKindSpec(
        rule=SpendGetsCentsRule,
        name="Cents off",
        rules=SpendGetsCentsRules,
        label=lambda rule: f"1 cent off every {rule.step}",
        summary=lambda rules, sku: f"every ¥{rules['step']} − ¥0.01",
        form_fields=("step",),
    )
    monkeypatch.setitem(kinds.RULES, SpendGetsCentsRule.kind, SpendGetsCentsRule)
    monkeypatch.setitem(django_kinds.KINDS, SpendGetsCentsRule.kind, spec)
    return spec


def test_a_kind_the_registry_names_is_priced_read_and_shown_without_any_other_table(new_kind):
    rule = parse_rules("spend_gets_cents", {"step": "10"})
    offer = promotion(1, "spend_gets_cents", rule, scope=scope(skus={1}))

    breakdown = priced(item(1, "95.00"), item(2, "50.00"), promotions=(offer,))

    assert rule == SpendGetsCentsRule(Decimal("10.00"))
    assert [(line.sku, line.discount_from(Source.PROMOTION)) for line in breakdown.lines] == [
        (1, Decimal("0.09")),
        (2, ZERO),
    ]
    assert exclusive_group("spend_gets_cents", 3) == (Lane.ORDER, Level.STORE)
    assert new_kind.label(rule) == "1 cent off every 10.00"
    assert rules_summary("spend_gets_cents", rules_json(rule)) == "every ¥10.00 − ¥0.01"
