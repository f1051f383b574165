"""阶梯满减 (promotions/pricing/kinds/full_reduction.py): `{"tiers": [{"threshold", "discount"}]}`."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from marketplace.api.serializers import InputSerializer
from promotions.kinds.base import MONEY, PromotionKindSpec, RulesSerializer, SkuName, amount
from promotions.pricing import FullReductionRule, ReductionTier


class TierSerializer(InputSerializer):
    threshold = serializers.DecimalField(**MONEY)
    discount = serializers.DecimalField(**MONEY)

    def validate(self, data):
        if data["discount"] > data["threshold"]:
            raise serializers.ValidationError("A tier's discount cannot exceed its threshold.")
        return data


class FullReductionRules(RulesSerializer):
    tiers = TierSerializer(many=True, allow_empty=False)

    def to_rule(self, data):
        tiers = sorted(data["tiers"], key=lambda tier: tier["threshold"])
        return FullReductionRule(tiers=tuple(ReductionTier(tier["threshold"], tier["discount"]) for tier in tiers))


def label(rule: FullReductionRule) -> str:
    return "; ".join(
        _("Spend %(threshold)s, save %(discount)s")
        % {"threshold": amount(tier.threshold), "discount": amount(tier.discount)}
        for tier in rule.tiers
    )


def summary(rules: dict, sku: SkuName) -> str:
    return " · ".join(_("¥%(threshold)s − ¥%(discount)s") % tier for tier in rules["tiers"])


KIND = PromotionKindSpec(
    rule=FullReductionRule,
    name=gettext_lazy("Spend and save, tiered (满减)"),
    rules=FullReductionRules,
    label=label,
    summary=summary,
    form_fields=("tiers",),
)
