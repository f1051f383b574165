"""套装 (promotions/pricing/kinds/bundle.py): `{"items": [{"sku", "quantity"}], "price"}`."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from promotions.kinds.base import (
    MONEY,
    PromotionKindSpec,
    RulesSerializer,
    SkuName,
    SkuQuantitySerializer,
    amount,
    with_quantities,
)
from promotions.pricing import BundleRule, SkuQuantity


class BundleRules(RulesSerializer):
    items = SkuQuantitySerializer(many=True, allow_empty=False)
    price = serializers.DecimalField(**MONEY)

    def to_rule(self, data):
        return BundleRule(
            items=tuple(SkuQuantity(item["sku"], item["quantity"]) for item in data["items"]), price=data["price"]
        )


def label(rule: BundleRule) -> str:
    return _("Bundle for %(price)s") % {"price": amount(rule.price)}


def summary(rules: dict, sku: SkuName) -> str:
    return _("%(items)s together for ¥%(price)s") % {
        "items": with_quantities(rules["items"], sku),
        "price": rules["price"],
    }


KIND = PromotionKindSpec(
    rule=BundleRule,
    name=gettext_lazy("Bundle price (套装)"),
    rules=BundleRules,
    label=label,
    summary=summary,
    form_fields=("rows", "price"),
    row_columns=("sku", "quantity"),
    rows_key="items",
)
