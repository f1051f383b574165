"""Reading a hot endpoint's JSON body in plain Python when it has the everyday shape (decision 0036).

An input serializer stays the contract: it documents the body and words every refusal. Built per request, DRF
deep-copies every declared field, which on a hot endpoint costs more than the endpoint's own work. A plain reader
accepts only what its serializer accepts and gives the values it gives (a property test holds each pair together),
and raises `Unusual` for anything else, which its caller then hands to the serializer."""

import re
from collections.abc import Callable
from decimal import Decimal

from marketplace.api.serializers import INTEGER_MAX


class Unusual(Exception):
    """The body is not of the everyday shape: the serializer reads it."""


# What a DecimalField of 14 digits and 2 places reads as it is written, in ASCII digits (`\d` takes "٠" too).
_MONEY = re.compile(r"[0-9]{1,12}(?:\.[0-9]{1,2})?")
_CENT = Decimal("0.01")


def whole(value: object, *, low: int = 1, high: int = INTEGER_MAX) -> int:
    """A JSON whole number in [low, high] (not a boolean, not 2.0)."""
    if type(value) is not int or not low <= value <= high:
        raise Unusual
    return value


def id_or_none(value: object) -> int | None:
    return None if value is None else whole(value)


def money(value: object) -> Decimal:
    """Money as the API writes it, a string of digits with at most two decimals, to the cent."""
    if type(value) is not str or not _MONEY.fullmatch(value):
        raise Unusual
    return Decimal(value).quantize(_CENT)


def fields_known(data: object, fields: frozenset[str]) -> dict:
    """`data` itself, when it is a JSON object naming only `fields`."""
    if type(data) is not dict or not data.keys() <= fields:
        raise Unusual
    return data


def validated(data: object, read: Callable[[object], dict | None], serializer: type) -> dict:
    """`data`'s values as `read` gives them in plain Python, or, when it declines (None), as `serializer` validates
    them, raising its refusal for a wrong body."""
    values = read(data)
    if values is None:
        checked = serializer(data=data)
        checked.is_valid(raise_exception=True)
        values = checked.validated_data
    return values
