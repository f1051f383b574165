"""N件M折 (promotions/pricing/kinds/multi_buy_percent.py): `{"count", "percent"}`."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from promotions.kinds.base import PERCENT, PromotionKindSpec, RulesSerializer, SkuName, percent_off, plain
from promotions.pricing import MultiBuyPercentRule


class MultiBuyPercentRules(RulesSerializer):
    count = serializers.IntegerField(min_value=1)
    percent = serializers.DecimalField(**PERCENT)

    def to_rule(self, data):
        return MultiBuyPercentRule(count=data["count"], percent=data["percent"])


def label(rule: MultiBuyPercentRule) -> str:
    return _("%(off)s%% off from %(count)d items") % {"off": percent_off(rule.percent), "count": rule.count}


def summary(rules: dict, sku: SkuName) -> str:
    return _("%(count)s items pay %(percent)s%%") % {"count": rules["count"], "percent": plain(rules["percent"])}


KIND = PromotionKindSpec(
    rule=MultiBuyPercentRule,
    name=gettext_lazy("N items at a percent (N件M折)"),
    rules=MultiBuyPercentRules,
    label=label,
    summary=summary,
    form_fields=("count", "percent"),
)
