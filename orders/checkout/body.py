"""The checkout's JSON body read in plain Python when it has the everyday shape, for the preview and the submission.

The input serializers in orders/checkout/apis.py are the contract: they document the body and word every refusal.
Built per request, they cost about a sixth of a preview's CPU (DRF deep-copies every declared field of every
serializer it builds). `checkout_values` accepts only what they accept, gives the values they give (a property test
holds it to them over generated bodies), and answers None for anything else: an unusual body (a play, a deal, a
note with spaces around it, a number written 2.0) or a wrong one is then read by the serializer, which refuses it
in its own words."""

import re
from decimal import Decimal

from catalog.selectors import seller_of
from marketplace.api.serializers import INTEGER_MAX
from orders.checkout.preview import AUTO
from orders.models import MAX_CART_LINES, MAX_QUANTITY
from orders.pricing import LineRequest
from promotions.pricing import Channel

PREVIEW_FIELDS = frozenset(
    {"lines", "address", "coupons", "points", "stored_value", "channel", "play", "pickup_store", "deal"}
)
SUBMIT_FIELDS = PREVIEW_FIELDS | {"expected_payable", "note"}
_LINE_FIELDS = frozenset({"sku", "quantity", "store"})
_CHANNELS = frozenset(channel.value for channel in Channel)
# What a DecimalField of 14 digits and 2 places reads as it is written, in ASCII digits (`\d` takes "٠" too).
_MONEY = re.compile(r"[0-9]{1,12}(?:\.[0-9]{1,2})?")
_CENT = Decimal("0.01")
_NOTE_REFUSED = re.compile("[\x00\ud800-\udfff]")  # DRF's CharField refuses NUL and lone surrogates
_NOTE_MAX = 200


class _Unusual(Exception):
    """The body is not of the everyday shape: the serializer reads it."""


def checkout_values(data: object, *, submit: bool) -> dict | None:
    """The preview's (or, `submit`, the submission's) validated values for `data`, as its input serializer gives
    them; None when `data` is not of the everyday shape this reads."""
    if type(data) is not dict or not data.keys() <= (SUBMIT_FIELDS if submit else PREVIEW_FIELDS):
        return None
    if data.get("play") is not None or data.get("deal") is not None or (submit and "expected_payable" not in data):
        return None
    try:
        values = {
            "lines": _lines(data.get("lines", [])),
            "address": _id_or_none(data.get("address")),
            "coupons": _coupons(data.get("coupons", AUTO)),
            "points": _integer(data.get("points", 0), low=0, high=INTEGER_MAX),
            "stored_value": _money(data.get("stored_value", "0")),
            "channel": _channel(data.get("channel", Channel.WEB)),
            "play": None,
            "pickup_store": _id_or_none(data.get("pickup_store")),
            "deal": None,
        }
        if submit:
            values |= {"expected_payable": _money(data["expected_payable"]), "note": _note(data.get("note", ""))}
    except _Unusual:
        return None
    return values


def _integer(value: object, *, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        raise _Unusual
    return value


def _id_or_none(value: object) -> int | None:
    return None if value is None else _integer(value, low=1, high=INTEGER_MAX)


def _money(value: object) -> Decimal:
    if type(value) is not str or not _MONEY.fullmatch(value):
        raise _Unusual
    return Decimal(value).quantize(_CENT)


def _channel(value: object) -> str:
    if value is Channel.WEB:  # the default
        return value
    if type(value) is not str or value not in _CHANNELS:
        raise _Unusual
    return value


def _coupons(value: object) -> str | tuple[int, ...]:
    if value == AUTO:
        return AUTO
    if type(value) is not list:
        raise _Unusual
    return tuple(_integer(coupon, low=1, high=INTEGER_MAX) for coupon in value)


def _note(value: object) -> str:
    if type(value) is not str or len(value) > _NOTE_MAX or value != value.strip() or _NOTE_REFUSED.search(value):
        raise _Unusual
    return value


def _lines(value: object) -> list[LineRequest]:
    if type(value) is not list or len(value) > MAX_CART_LINES:
        raise _Unusual
    lines = []
    for line in value:
        if type(line) is not dict or not line.keys() <= _LINE_FIELDS:
            raise _Unusual
        sku = _integer(line.get("sku"), low=1, high=INTEGER_MAX)
        quantity = _integer(line.get("quantity"), low=1, high=MAX_QUANTITY)
        store = _id_or_none(line.get("store"))
        lines.append(LineRequest(sku, quantity, seller_id=seller_of(sku_id=sku, store_id=store)))
    if len({line.sku_id for line in lines}) != len(lines):
        raise _Unusual
    return lines
