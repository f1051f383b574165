"""Base classes for API input: unknown fields are an error, not silently dropped, and a JSON body's values must
have the JSON type the OpenAPI schema gives them. And the fields of output every app shares: money, moments."""

import re
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.utils.formatting import lazy_format

from marketplace.amounts import money_text

# The widest integer any column of ours holds (bigint): a larger input is a 400, never an overflow (a 500).
INTEGER_MAX = 2**63 - 1
INTEGER_MIN = -(2**63)
# The context of a page that checks a form's text with an API's input serializer: the JSON types are not asked of it.
FROM_A_FORM = {"form": True}
# The widest a count column (PostgreSQL integer: quantities, limits, grams) holds; such a field says so itself.
COUNT_MAX = 2**31 - 1


def decimal_pattern(field: serializers.DecimalField, *, output: bool = False, signed: bool | None = None) -> str:
    """The decimal strings a DecimalField takes or gives, as a regular expression (also the schema's `pattern`):
    digits with at most its decimal places as input ("199", "199.5", "199.50"), exactly them as output ("199.50");
    a minus sign only where the field allows negative values (or `signed` says). [0-9], not \\d: Python's \\d
    takes any script's digits, the schema's only ASCII ones."""
    whole = max(field.max_digits - field.decimal_places, 1) if field.max_digits is not None else None
    digits = f"[0-9]{{1,{whole}}}" if whole else "[0-9]+"
    places = field.decimal_places
    if output:
        return rf"^-?{digits}\.[0-9]{{{places}}}$" if places else rf"^-?{digits}$"
    if signed is None:
        signed = field.min_value is None or field.min_value < 0
    fraction = rf"(\.[0-9]{{1,{places}}})?" if places else ""
    return rf"^{'-?' if signed else ''}{digits}{fraction}$"


def bound_integers(field: serializers.Field) -> None:
    """Give an IntegerField without bounds the database's, so that the schema shows them and an input past them is
    refused as invalid rather than failing in PostgreSQL; list and dict fields pass it on to their items."""
    if isinstance(field, serializers.ListField | serializers.DictField):
        bound_integers(field.child)
    elif isinstance(field, serializers.IntegerField):
        if field.max_value is None:
            field.max_value = INTEGER_MAX
            message = lazy_format(field.error_messages["max_value"], max_value=INTEGER_MAX)
            field.validators.append(MaxValueValidator(INTEGER_MAX, message=message))
        if field.min_value is None:
            field.min_value = INTEGER_MIN
            message = lazy_format(field.error_messages["min_value"], min_value=INTEGER_MIN)
            field.validators.append(MinValueValidator(INTEGER_MIN, message=message))


def json_type_mismatch(field: serializers.Field, value) -> bool:
    """Whether a value parsed from JSON has another JSON type than the field's schema says (DRF itself would turn
    "2" into 2, 1 into True and 5 into "5"). Values that JSON cannot carry (a Decimal or a datetime a page's form
    passes) are left to the field: the rule is about what clients send."""
    if value is None:
        return False  # the field's allow_null decides
    if isinstance(field, serializers.BooleanField):
        return not isinstance(value, bool)
    if isinstance(value, bool):
        return not isinstance(field, serializers.JSONField)
    if isinstance(field, serializers.IntegerField):
        return isinstance(value, str)
    if isinstance(field, serializers.FloatField):
        return isinstance(value, str)
    if isinstance(field, serializers.DecimalField):
        if isinstance(value, int | float):
            return True
        # The sign is left to the field's min_value, whose message says more than "not a decimal".
        return isinstance(value, str) and not re.fullmatch(decimal_pattern(field, signed=True), value)
    if isinstance(field, serializers.CharField | serializers.DateTimeField | serializers.DateField):
        return isinstance(value, int | float)
    if isinstance(field, serializers.ChoiceField):
        wanted = _choice_type(field)
        return wanted is not None and isinstance(value, int | float | str) and not isinstance(value, wanted)
    if isinstance(field, serializers.PrimaryKeyRelatedField):
        wanted = str if _pk_is_text(field) else int
        return isinstance(value, int | float | str) and not isinstance(value, wanted)
    if isinstance(field, serializers.ListField) and isinstance(value, list):
        return any(json_type_mismatch(field.child, item) for item in value)
    if isinstance(field, serializers.DictField) and isinstance(value, dict):
        return any(json_type_mismatch(field.child, item) for item in value.values())
    return False


def _choice_type(field: serializers.ChoiceField) -> type | None:
    kinds = {type(choice) for choice in field.choices}
    if kinds <= {str}:
        return str
    if kinds <= {int}:
        return int
    return None


def _pk_is_text(field: serializers.PrimaryKeyRelatedField) -> bool:
    queryset = field.get_queryset() if field.queryset is not None else None
    return queryset is not None and queryset.model._meta.pk.get_internal_type() in {"CharField", "TextField"}


class InputSerializer(serializers.Serializer):
    """Input of one operation. A field the operation does not know is refused, so a typo never goes unseen; in a
    JSON body (not a query string, nor a form a page passes with context FROM_A_FORM: their values are all text) a
    value of another type than the field's is refused too ("2" for a quantity, 1 for a flag, 199 for "199.00": money
    is a string, API.md)."""

    default_error_messages = {
        "unknown_field": _("Unknown field."),
        "wrong_type": _("Wrong type: see the API schema for this field."),
        "not_a_decimal": _("A string of digits with at most {places} decimals, such as {example}."),
    }

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            bound_integers(field)
        return fields

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = set(data) - set(self.fields)
            if unknown:
                raise serializers.ValidationError(
                    {name: [self.error_messages["unknown_field"]] for name in sorted(unknown)}
                )
            if not isinstance(data, QueryDict) and not self.context.get("form"):
                wrong = {
                    name: [self._wrong_type_message(self.fields[name])]
                    for name, value in data.items()
                    if json_type_mismatch(self.fields[name], value)
                }
                if wrong:
                    raise serializers.ValidationError(wrong)
        return super().to_internal_value(data)

    def _wrong_type_message(self, field) -> str:
        if isinstance(field, serializers.DecimalField):
            example = f"{Decimal(199):.{field.decimal_places}f}"
            return self.error_messages["not_a_decimal"].format(places=field.decimal_places, example=f'"{example}"')
        return self.error_messages["wrong_type"]


class MoneyField(serializers.DecimalField):
    """Money in a response: the string `marketplace.amounts.money_text` writes ("12.30"), declared to the schema as a
    decimal string of two places. Read only."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=14, decimal_places=2, read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return money_text(value)


class IsoDateTimeField(serializers.DateTimeField):
    """A moment in a response as Python writes it (`isoformat()`), in the zone the row holds it in (UTC from the
    database): the orders center's timestamps have always been written so. Read only."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return value.isoformat()
