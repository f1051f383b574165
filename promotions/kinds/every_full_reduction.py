"""每满减 (promotions/pricing/kinds/every_full_reduction.py): `{"step", "discount", "cap"}`."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from promotions.kinds.base import MONEY, PromotionKindSpec, RulesSerializer, SkuName, amount
from promotions.pricing import EveryFullReductionRule


class EveryFullReductionRules(RulesSerializer):
    step = serializers.DecimalField(**MONEY)
    discount = serializers.DecimalField(**MONEY)
    cap = serializers.DecimalField(**MONEY, required=False, allow_null=True, default=None)

    def validate(self, data):
        if data["step"] <= 0 or data["discount"] > data["step"]:
            raise serializers.ValidationError("The step must be positive and at least the discount.")
        return data

    def to_rule(self, data):
        return EveryFullReductionRule(step=data["step"], discount=data["discount"], cap=data["cap"])


def label(rule: EveryFullReductionRule) -> str:
    if rule.cap is not None:
        return _("Save %(discount)s on every %(step)s, up to %(cap)s") % {
            "discount": amount(rule.discount),
            "step": amount(rule.step),
            "cap": amount(rule.cap),
        }
    return _("Save %(discount)s on every %(step)s") % {"discount": amount(rule.discount), "step": amount(rule.step)}


def summary(rules: dict, sku: SkuName) -> str:
    text = _("every ¥%(step)s − ¥%(discount)s") % rules
    return text + (_(", at most ¥%(cap)s") % rules if rules.get("cap") else "")


KIND = PromotionKindSpec(
    rule=EveryFullReductionRule,
    name=gettext_lazy("Every step off (每满减)"),
    rules=EveryFullReductionRules,
    label=label,
    summary=summary,
    form_fields=("step", "discount", "cap"),
)
