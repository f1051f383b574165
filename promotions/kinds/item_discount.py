"""单品促销 (promotions/pricing/kinds/item_discount.py): `{"percent"}` or `{"price"}`."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from promotions.kinds.base import (
    MONEY,
    PERCENT,
    PromotionKindSpec,
    RulesSerializer,
    SkuName,
    amount,
    percent_off,
    plain,
)
from promotions.pricing import ItemDiscountRule


class ItemDiscountRules(RulesSerializer):
    percent = serializers.DecimalField(**PERCENT, required=False)
    price = serializers.DecimalField(**MONEY, required=False)

    def validate(self, data):
        if ("percent" in data) == ("price" in data):
            raise serializers.ValidationError("Give either percent or price.")
        return data

    def to_rule(self, data):
        return ItemDiscountRule(percent=data.get("percent"), price=data.get("price"))


def label(rule: ItemDiscountRule) -> str:
    if rule.percent is not None:
        return _("%(off)s%% off") % {"off": percent_off(rule.percent)}
    return _("Special price %(price)s") % {"price": amount(rule.price)}


def summary(rules: dict, sku: SkuName) -> str:
    if "percent" in rules:
        return _("pay %(percent)s%%") % {"percent": plain(rules["percent"])}
    return _("at ¥%(price)s") % rules


KIND = PromotionKindSpec(
    rule=ItemDiscountRule,
    name=gettext_lazy("Item discount (单品折扣)"),
    rules=ItemDiscountRules,
    label=label,
    summary=summary,
    form_fields=("percent", "price"),
)
