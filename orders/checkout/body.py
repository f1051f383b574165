"""The checkout's JSON body read in plain Python when it has the everyday shape, for the preview and the submission
(marketplace.api.plain_input). Built per request, their input serializers (orders/checkout/apis.py) cost about a
seventh of a preview's CPU. `checkout_values` accepts only what they accept and gives the values they give (a property
test holds it to them over generated bodies); it answers None for anything else: an unusual body (a play, a deal, a
note with spaces around it, a number written 2.0) or a wrong one is then read by the serializer, which refuses it in
its own words."""

import re

from catalog.selectors import seller_of
from marketplace.api.plain_input import Unusual, fields_known, id_or_none, money, whole
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
_NOTE_REFUSED = re.compile("[\x00\ud800-\udfff]")  # DRF's CharField refuses NUL and lone surrogates
_NOTE_MAX = 200


def checkout_values(data: object, *, submit: bool) -> dict | None:
    """The preview's (or, `submit`, the submission's) validated values for `data`, as its input serializer gives
    them; None when `data` is not of the everyday shape this reads."""
    try:
        data = fields_known(data, SUBMIT_FIELDS if submit else PREVIEW_FIELDS)
        if data.get("play") is not None or data.get("deal") is not None or (submit and "expected_payable" not in data):
            return None
        values = {
            "lines": _lines(data.get("lines", [])),
            "address": id_or_none(data.get("address")),
            "coupons": _coupons(data.get("coupons", AUTO)),
            "points": whole(data.get("points", 0), low=0),
            "stored_value": money(data.get("stored_value", "0")),
            "channel": _channel(data.get("channel", Channel.WEB)),
            "play": None,
            "pickup_store": id_or_none(data.get("pickup_store")),
            "deal": None,
        }
        if submit:
            values |= {"expected_payable": money(data["expected_payable"]), "note": _note(data.get("note", ""))}
    except Unusual:
        return None
    return values


def _channel(value: object) -> str:
    if value is Channel.WEB:  # the default
        return value
    if type(value) is not str or value not in _CHANNELS:
        raise Unusual
    return value


def _coupons(value: object) -> str | tuple[int, ...]:
    if value == AUTO:
        return AUTO
    if type(value) is not list:
        raise Unusual
    return tuple(whole(coupon) for coupon in value)


def _note(value: object) -> str:
    if type(value) is not str or len(value) > _NOTE_MAX or value != value.strip() or _NOTE_REFUSED.search(value):
        raise Unusual
    return value


def _lines(value: object) -> list[LineRequest]:
    if type(value) is not list or len(value) > MAX_CART_LINES:
        raise Unusual
    lines = []
    for line in value:
        fields_known(line, _LINE_FIELDS)
        sku = whole(line.get("sku"))
        quantity = whole(line.get("quantity"), high=MAX_QUANTITY)
        store = id_or_none(line.get("store"))
        lines.append(LineRequest(sku, quantity, seller_id=seller_of(sku_id=sku, store_id=store)))
    if len({line.sku_id for line in lines}) != len(lines):
        raise Unusual
    return lines
