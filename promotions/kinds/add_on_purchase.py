"""加价购 (promotions/pricing/kinds/add_on_purchase.py): `{"threshold", "items": [{"sku", "price"}]}`."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from marketplace.api.serializers import InputSerializer
from promotions.kinds.base import MONEY, PromotionKindSpec, RulesSerializer, SkuName, amount, list_of
from promotions.pricing import AddOnItem, AddOnPurchaseRule


class AddOnItemSerializer(InputSerializer):
    sku = serializers.IntegerField(min_value=1)
    price = serializers.DecimalField(**MONEY)


class AddOnPurchaseRules(RulesSerializer):
    threshold = serializers.DecimalField(**MONEY)
    items = AddOnItemSerializer(many=True, allow_empty=False)

    def to_rule(self, data):
        return AddOnPurchaseRule(
            threshold=data["threshold"], items=tuple(AddOnItem(item["sku"], item["price"]) for item in data["items"])
        )


def label(rule: AddOnPurchaseRule) -> str:
    return _("Add-on deals from %(threshold)s") % {"threshold": amount(rule.threshold)}


def summary(rules: dict, sku: SkuName) -> str:
    items = list_of(
        _("%(sku)s at ¥%(price)s") % {"sku": sku(item["sku"]), "price": item["price"]} for item in rules["items"]
    )
    return _("spend ¥%(threshold)s, then add %(items)s") % {"threshold": rules["threshold"], "items": items}


KIND = PromotionKindSpec(
    rule=AddOnPurchaseRule,
    name=gettext_lazy("Add a little more (加价购)"),
    rules=AddOnPurchaseRules,
    label=label,
    summary=summary,
    form_fields=("threshold", "rows"),
    row_columns=("sku", "price"),
    rows_key="items",
)
