"""An add to cart's body read in plain Python (orders.cart.apis.added_values) accepts only what its input serializer
accepts and gives the values it gives; everything else is left to the serializer."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orders.cart.apis import CartItemsApi, added_values
from orders.models import MAX_QUANTITY
from tests.orders.test_checkout_body import ints, leniently, odd

everyday = st.fixed_dictionaries(
    {"sku": st.integers(1, 10**6)},
    optional={"quantity": st.integers(1, MAX_QUANTITY), "store": st.none() | st.integers(1, 10**6)},
)
anything = st.fixed_dictionaries({}, optional={"sku": ints, "quantity": ints, "store": ints, "unknown": odd})


@leniently
@given(everyday | anything)
def test_an_add_read_in_python_reads_as_its_serializer_reads_it(body):
    values = added_values(body)
    if values is None:
        return
    read = CartItemsApi.InputSerializer(data=body)
    assert read.is_valid(), (body, read.errors)
    assert values == dict(read.validated_data)


@pytest.mark.parametrize(
    ("body", "values"),
    [
        ({"sku": 7}, {"sku": 7, "quantity": 1}),
        ({"sku": 7, "quantity": 3, "store": None}, {"sku": 7, "quantity": 3, "store": None}),
        ({"sku": 7, "quantity": 3.0}, None),  # DRF reads it as 3: left to it
        ({"sku": "7"}, None),
        ({"sku": 7, "price": 1}, None),
        ([{"sku": 7}], None),
    ],
)
def test_an_everyday_add_is_read_in_python_and_anything_else_is_not(body, values):
    assert added_values(body) == values
