"""The `rules` JSON of each promotion kind (API.md), read into the pricing engine's rule types and written back.

Reading goes through a serializer per kind, so that a bad rule is a 400 naming the field; the engine's own
checks (a discount above its threshold, a percent outside 0-100) then run in the dataclass constructors."""

from dataclasses import asdict
from decimal import Decimal

from rest_framework import serializers

from marketplace.api.serializers import InputSerializer
from promotions import pricing
from promotions.pricing import PromotionKind
from promotions.pricing.types import PromotionRule

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0")}
PERCENT = {"max_digits": 5, "decimal_places": 2, "min_value": Decimal("0"), "max_value": Decimal("100")}


class SkuQuantitySerializer(InputSerializer):
    sku = serializers.IntegerField(min_value=1)
    quantity = serializers.IntegerField(min_value=1, default=1)


class ItemDiscountRules(InputSerializer):
    percent = serializers.DecimalField(**PERCENT, required=False)
    price = serializers.DecimalField(**MONEY, required=False)

    def validate(self, data):
        if ("percent" in data) == ("price" in data):
            raise serializers.ValidationError("Give either percent or price.")
        return data

    def to_rule(self, data):
        return pricing.ItemDiscountRule(percent=data.get("percent"), price=data.get("price"))


class TierSerializer(InputSerializer):
    threshold = serializers.DecimalField(**MONEY)
    discount = serializers.DecimalField(**MONEY)

    def validate(self, data):
        if data["discount"] > data["threshold"]:
            raise serializers.ValidationError("A tier's discount cannot exceed its threshold.")
        return data


class FullReductionRules(InputSerializer):
    tiers = TierSerializer(many=True, allow_empty=False)

    def to_rule(self, data):
        tiers = sorted(data["tiers"], key=lambda tier: tier["threshold"])
        return pricing.FullReductionRule(
            tiers=tuple(pricing.ReductionTier(tier["threshold"], tier["discount"]) for tier in tiers)
        )


class EveryFullReductionRules(InputSerializer):
    step = serializers.DecimalField(**MONEY)
    discount = serializers.DecimalField(**MONEY)
    cap = serializers.DecimalField(**MONEY, required=False, allow_null=True, default=None)

    def validate(self, data):
        if data["step"] <= 0 or data["discount"] > data["step"]:
            raise serializers.ValidationError("The step must be positive and at least the discount.")
        return data

    def to_rule(self, data):
        return pricing.EveryFullReductionRule(step=data["step"], discount=data["discount"], cap=data["cap"])


class BundleRules(InputSerializer):
    items = SkuQuantitySerializer(many=True, allow_empty=False)
    price = serializers.DecimalField(**MONEY)

    def to_rule(self, data):
        return pricing.BundleRule(
            items=tuple(pricing.SkuQuantity(item["sku"], item["quantity"]) for item in data["items"]),
            price=data["price"],
        )


class GiftRules(InputSerializer):
    gifts = SkuQuantitySerializer(many=True, allow_empty=False)

    def to_rule(self, data):
        return pricing.GiftRule(gifts=tuple(pricing.SkuQuantity(g["sku"], g["quantity"]) for g in data["gifts"]))


class GiftTierSerializer(InputSerializer):
    threshold = serializers.DecimalField(**MONEY)
    gifts = SkuQuantitySerializer(many=True, allow_empty=False)


class FullGiftRules(InputSerializer):
    tiers = GiftTierSerializer(many=True, allow_empty=False)

    def to_rule(self, data):
        tiers = sorted(data["tiers"], key=lambda tier: tier["threshold"])
        return pricing.FullGiftRule(
            tiers=tuple(
                pricing.GiftTier(
                    tier["threshold"], tuple(pricing.SkuQuantity(g["sku"], g["quantity"]) for g in tier["gifts"])
                )
                for tier in tiers
            )
        )


class MultiBuyPriceRules(InputSerializer):
    count = serializers.IntegerField(min_value=1)
    price = serializers.DecimalField(**MONEY)

    def to_rule(self, data):
        return pricing.MultiBuyPriceRule(count=data["count"], price=data["price"])


class MultiBuyPercentRules(InputSerializer):
    count = serializers.IntegerField(min_value=1)
    percent = serializers.DecimalField(**PERCENT)

    def to_rule(self, data):
        return pricing.MultiBuyPercentRule(count=data["count"], percent=data["percent"])


class AddOnItemSerializer(InputSerializer):
    sku = serializers.IntegerField(min_value=1)
    price = serializers.DecimalField(**MONEY)


class AddOnPurchaseRules(InputSerializer):
    threshold = serializers.DecimalField(**MONEY)
    items = AddOnItemSerializer(many=True, allow_empty=False)

    def to_rule(self, data):
        return pricing.AddOnPurchaseRule(
            threshold=data["threshold"],
            items=tuple(pricing.AddOnItem(item["sku"], item["price"]) for item in data["items"]),
        )


RULES_OF_KIND: dict[PromotionKind, type[InputSerializer]] = {
    PromotionKind.ITEM_DISCOUNT: ItemDiscountRules,
    PromotionKind.FULL_REDUCTION: FullReductionRules,
    PromotionKind.EVERY_FULL_REDUCTION: EveryFullReductionRules,
    PromotionKind.BUNDLE: BundleRules,
    PromotionKind.GIFT: GiftRules,
    PromotionKind.FULL_GIFT: FullGiftRules,
    PromotionKind.MULTI_BUY_PRICE: MultiBuyPriceRules,
    PromotionKind.MULTI_BUY_PERCENT: MultiBuyPercentRules,
    PromotionKind.ADD_ON_PURCHASE: AddOnPurchaseRules,
}


def parse_rules(kind: str, rules: dict) -> PromotionRule:
    """The engine rule for `rules`; raises serializers.ValidationError({"rules": ...}) when it is not valid."""
    serializer = RULES_OF_KIND[PromotionKind(kind)](data=rules)
    if not serializer.is_valid():
        raise serializers.ValidationError({"rules": serializer.errors})
    try:
        return serializer.to_rule(serializer.validated_data)
    except ValueError as error:
        raise serializers.ValidationError({"rules": [str(error)]}) from None


def rules_json(rule: PromotionRule) -> dict:
    """The stored form of a rule: the API.md JSON with money as strings, normalised (tiers by threshold)."""
    return _jsonable(asdict(rule))


def _jsonable(value):
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items() if item is not None}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    return value
