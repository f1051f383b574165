"""What the Django half of a promotion kind says (promotions/kinds/<kind>.py; its engine half is
promotions/pricing/kinds/<kind>.py): its name, how its `rules` JSON (API.md) is read, its label on the storefront,
its summary in the seller backend and the fields of the seller's form that it uses. And what those halves share:
the serializers' number fields, SKU rows, and how amounts and percents are written in words."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import pgettext
from rest_framework import serializers

from marketplace.api.serializers import InputSerializer
from promotions.pricing import PromotionRule

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0")}
PERCENT = {"max_digits": 5, "decimal_places": 2, "min_value": Decimal("0"), "max_value": Decimal("100")}
HUNDRED = Decimal(100)

SkuName = Callable[[int], str]


class RulesSerializer(InputSerializer):
    """A kind's `rules` JSON: its fields, and `to_rule` from the validated data to the engine's rule. A bad rule
    is a 400 naming the field; the engine's own checks then run in the rule's constructor."""

    def to_rule(self, data) -> PromotionRule:
        raise NotImplementedError


class SkuQuantitySerializer(InputSerializer):
    sku = serializers.IntegerField(min_value=1)
    quantity = serializers.IntegerField(min_value=1, default=1)


@dataclass(frozen=True)
class PromotionKindSpec:
    """One kind as the promotions center shows and reads it.

    `form_fields` are the rule fields of the seller's promotion form it uses ("rows": the SKU rows); `row_columns`
    the columns of those rows it reads and `rows_key` the key of its rules JSON the rows become."""

    rule: type[PromotionRule]
    name: Promise
    rules: type[RulesSerializer]
    label: Callable[[PromotionRule], str]
    summary: Callable[[dict, SkuName], str]
    form_fields: tuple[str, ...]
    row_columns: tuple[str, ...] = ()
    rows_key: str = ""


def amount(value: Decimal) -> str:
    """Money as a label prints it: 300 rather than 300.00, 9.90 as it is."""
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value)


def percent_off(paid_percent: Decimal) -> str:
    """Rules store the share that is paid (API.md: "60" is 6折); a storefront label tells the share taken off."""
    return amount(HUNDRED - paid_percent)


def plain(number: str) -> str:
    """A percent without its trailing zeros: "80.00" -> "80", "85.50" -> "85.5"."""
    text = f"{Decimal(number):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def list_of(parts) -> str:
    return pgettext("list separator", ", ").join(parts)


def with_quantities(rows: list[dict], sku: SkuName) -> str:
    """SKU rows of a rules JSON as "name ×2, name ×1"."""
    return list_of(f"{sku(row['sku'])} ×{row['quantity']}" for row in rows)
