"""赠品 (promotions/pricing/kinds/gift.py): `{"gifts": [{"sku", "quantity"}]}`."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from promotions.kinds.base import PromotionKindSpec, RulesSerializer, SkuName, SkuQuantitySerializer, with_quantities
from promotions.pricing import GiftRule, SkuQuantity


class GiftRules(RulesSerializer):
    gifts = SkuQuantitySerializer(many=True, allow_empty=False)

    def to_rule(self, data):
        return GiftRule(gifts=tuple(SkuQuantity(g["sku"], g["quantity"]) for g in data["gifts"]))


def label(rule: GiftRule) -> str:
    return _("Free gift")


def summary(rules: dict, sku: SkuName) -> str:
    return _("free with the goods: %(gifts)s") % {"gifts": with_quantities(rules["gifts"], sku)}


KIND = PromotionKindSpec(
    rule=GiftRule,
    name=gettext_lazy("Gift with purchase (赠品)"),
    rules=GiftRules,
    label=label,
    summary=summary,
    form_fields=("rows",),
    row_columns=("sku", "quantity"),
    rows_key="gifts",
)
