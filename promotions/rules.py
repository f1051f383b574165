"""The `rules` JSON of each promotion kind (API.md), read into the pricing engine's rule types and written back.

Reading goes through the kind's serializer (promotions/kinds/<kind>.py), so that a bad rule is a 400 naming the
field; the engine's own checks (a discount above its threshold, a percent outside 0-100) then run in the rule's
constructor."""

from dataclasses import asdict
from decimal import Decimal

from rest_framework import serializers

from promotions.kinds import kind_spec
from promotions.pricing import PromotionRule


def parse_rules(kind: str, rules: dict) -> PromotionRule:
    """The engine rule for `rules`; raises serializers.ValidationError({"rules": ...}) when it is not valid."""
    serializer = kind_spec(kind).rules(data=rules)
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
