"""The checkout body read in plain Python (orders/checkout/body.py) accepts only what the input serializers accept
and gives the values they give; everything else is left to them, which refuse it in their own words."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.api.serializers import INTEGER_MAX
from orders.checkout.apis import CheckoutPreviewApi, CheckoutSubmitApi
from orders.checkout.body import checkout_values
from orders.models import MAX_QUANTITY
from orders.pricing import LineRequest
from promotions.pricing import Channel

pytestmark = pytest.mark.django_db

odd = st.one_of(
    st.none(),
    st.booleans(),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.just(2.0),
    st.text(max_size=4),
    st.just({}),
    st.just([]),
)
ints = st.one_of(
    st.integers(min_value=1, max_value=60),
    st.integers(min_value=-2, max_value=1),
    st.integers(min_value=INTEGER_MAX - 1, max_value=INTEGER_MAX + 1),
    st.integers(min_value=MAX_QUANTITY - 1, max_value=MAX_QUANTITY + 1),
    odd,
)
money = st.one_of(
    st.from_regex(r"\A-?\d{0,15}(\.\d{0,3})?\Z"),  # \d: other scripts' digits too
    st.decimals(min_value=0, max_value=10**6, places=2).map(str),
    st.sampled_from(["0", "0.00", "12.5", " 1.00", "1e2", "0012.50", "999999999999.99", "1000000000000"]),
    odd,
)
line = st.fixed_dictionaries(
    {}, optional={"sku": ints, "quantity": ints, "store": st.one_of(st.none(), ints), "price": ints}
)
# Anything a field might be sent as, and what an everyday body sends.
odd_fields = {
    "lines": st.lists(line, max_size=4) | odd,
    "address": ints,
    "coupons": st.lists(ints, max_size=3) | odd,
    "points": ints,
    "stored_value": money,
    "channel": odd,
    "play": st.just("group_buy:1") | odd,
    "pickup_store": ints,
    "deal": ints,
    "expected_payable": money,
    "note": st.sampled_from([" 快点 ", "a\x00b", "x" * 201]) | odd,
    "unknown": odd,
}
amounts = st.decimals(min_value=0, max_value=10**12 - 1, places=2).map(str) | st.from_regex(
    r"\A[0-9]{1,12}(\.[0-9]{1,2})?\Z"
)
everyday_line = st.fixed_dictionaries(
    {"sku": st.integers(1, 12), "quantity": st.integers(1, MAX_QUANTITY)},
    optional={"store": st.none() | st.integers(1, 5)},
)
everyday_fields = {
    "lines": st.lists(everyday_line, max_size=4),
    "address": st.none() | st.integers(1, INTEGER_MAX),
    "coupons": st.just("auto") | st.lists(st.integers(1, INTEGER_MAX), max_size=3),
    "points": st.integers(0, INTEGER_MAX),
    "stored_value": amounts,
    "channel": st.sampled_from([channel.value for channel in Channel]),
    "play": st.none(),
    "pickup_store": st.none() | st.integers(1, INTEGER_MAX),
    "deal": st.none(),
}
submit_fields = everyday_fields | {"expected_payable": amounts, "note": st.text(max_size=200)}


@st.composite
def bodies(draw, fields: dict) -> dict:
    """An everyday body, often with one field sent otherwise (or a field no serializer knows)."""
    body = draw(st.fixed_dictionaries({}, optional=fields))
    for name in draw(st.lists(st.sampled_from(sorted(set(fields) | {"unknown"})), max_size=2)):
        body[name] = draw(odd_fields[name])
    return body


leniently = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def agrees(serializer, body: dict, *, submit: bool) -> None:
    values = checkout_values(body, submit=submit)
    if values is None:
        return
    read = serializer(data=body)
    assert read.is_valid(), (body, read.errors)
    assert values == dict(read.validated_data)


@leniently
@given(bodies(everyday_fields))
def test_a_preview_body_read_in_python_reads_as_its_serializer_reads_it(body):
    agrees(CheckoutPreviewApi.InputSerializer, body, submit=False)


@leniently
@given(bodies(submit_fields))
def test_a_submit_body_read_in_python_reads_as_its_serializer_reads_it(body):
    agrees(CheckoutSubmitApi.InputSerializer, body, submit=True)


def test_the_everyday_bodies_are_read_in_python():
    preview = {"lines": [{"sku": 3, "quantity": 2}, {"sku": 5, "quantity": 1, "store": None}], "address": 9}
    submit = preview | {"coupons": [4], "stored_value": "10.5", "expected_payable": "129.00", "note": "送到门口"}

    assert checkout_values({}, submit=False) == {
        "lines": [],
        "address": None,
        "coupons": "auto",
        "points": 0,
        "stored_value": Decimal("0.00"),
        "channel": Channel.WEB,
        "play": None,
        "pickup_store": None,
        "deal": None,
    }
    assert checkout_values(preview, submit=False)["lines"] == [LineRequest(3, 2), LineRequest(5, 1)]
    values = checkout_values(submit, submit=True)
    assert (values["coupons"], values["stored_value"], values["expected_payable"], values["note"]) == (
        (4,),
        Decimal("10.50"),
        Decimal("129.00"),
        "送到门口",
    )
    agrees(CheckoutSubmitApi.InputSerializer, submit, submit=True)


@pytest.mark.parametrize(
    "body",
    [
        {"lines": [{"sku": 3, "quantity": 1}, {"sku": 3, "quantity": 2}]},  # a SKU named twice
        {"lines": [{"sku": 3, "quantity": 2.0}]},
        {"stored_value": 5},
        {"channel": None},
        {"play": "group_buy:1", "lines": [{"sku": 3, "quantity": 1}]},
        {"note": " 前后有空格 ", "expected_payable": "1.00"},
        {"lines": [{"sku": 3, "quantity": 1}]},  # a submission without its expected payable
        {"surprise": 1},
    ],
)
def test_an_unusual_or_wrong_body_is_left_to_the_serializer(body):
    assert checkout_values(body, submit=True) is None
