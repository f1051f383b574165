"""满赠 (promotions/pricing/kinds/full_gift.py): `{"tiers": [{"threshold", "gifts": [{"sku", "quantity"}]}]}`. On
the seller's form each row is one gift, and rows with the same spend make one tier."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from marketplace.api.serializers import InputSerializer
from promotions.kinds.base import (
    MONEY,
    PromotionKindSpec,
    RulesSerializer,
    SkuName,
    SkuQuantitySerializer,
    amount,
    with_quantities,
)
from promotions.pricing import FullGiftRule, GiftTier, SkuQuantity


class GiftTierSerializer(InputSerializer):
    threshold = serializers.DecimalField(**MONEY)
    gifts = SkuQuantitySerializer(many=True, allow_empty=False)


class FullGiftRules(RulesSerializer):
    tiers = GiftTierSerializer(many=True, allow_empty=False)

    def to_rule(self, data):
        tiers = sorted(data["tiers"], key=lambda tier: tier["threshold"])
        return FullGiftRule(
            tiers=tuple(
                GiftTier(tier["threshold"], tuple(SkuQuantity(g["sku"], g["quantity"]) for g in tier["gifts"]))
                for tier in tiers
            )
        )


def label(rule: FullGiftRule) -> str:
    return _("Free gift from %(threshold)s") % {"threshold": amount(rule.tiers[0].threshold)}


def summary(rules: dict, sku: SkuName) -> str:
    return " · ".join(
        _("spend ¥%(threshold)s, get %(gifts)s free")
        % {"threshold": tier["threshold"], "gifts": with_quantities(tier["gifts"], sku)}
        for tier in rules["tiers"]
    )


KIND = PromotionKindSpec(
    rule=FullGiftRule,
    name=gettext_lazy("Spend and get a gift (满赠)"),
    rules=FullGiftRules,
    label=label,
    summary=summary,
    form_fields=("rows",),
    row_columns=("threshold", "sku", "quantity"),
    rows_key="tiers",
)
