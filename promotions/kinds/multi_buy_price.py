"""M元任选N件 (promotions/pricing/kinds/multi_buy_price.py): `{"count", "price"}`."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from promotions.kinds.base import MONEY, PromotionKindSpec, RulesSerializer, SkuName, amount
from promotions.pricing import MultiBuyPriceRule


class MultiBuyPriceRules(RulesSerializer):
    count = serializers.IntegerField(min_value=1)
    price = serializers.DecimalField(**MONEY)

    def to_rule(self, data):
        return MultiBuyPriceRule(count=data["count"], price=data["price"])


def label(rule: MultiBuyPriceRule) -> str:
    return _("Any %(count)d for %(price)s") % {"count": rule.count, "price": amount(rule.price)}


def summary(rules: dict, sku: SkuName) -> str:
    return _("%(count)s for ¥%(price)s") % rules


KIND = PromotionKindSpec(
    rule=MultiBuyPriceRule,
    name=gettext_lazy("N items for a price (M元任选N件)"),
    rules=MultiBuyPriceRules,
    label=label,
    summary=summary,
    form_fields=("count", "price"),
)
