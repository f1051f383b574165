from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.money import apportion, quantize


def test_quantize_rounds_half_up_to_the_cent():
    assert quantize("2.675") == Decimal("2.68")
    assert quantize("2.665") == Decimal("2.67")
    assert quantize("-2.675") == Decimal("-2.68")
    assert quantize(3) == Decimal("3.00")


def test_a_discount_of_ten_over_three_equal_lines_gives_the_extra_cent_to_the_first():
    assert apportion(Decimal("10.00"), [1, 1, 1]) == [Decimal("3.34"), Decimal("3.33"), Decimal("3.33")]


def test_a_discount_follows_the_line_amounts():
    # 100 off a 300 + 100 + 100 cart (the seed's tier "500 off 80" scaled): 60 / 20 / 20.
    assert apportion(Decimal("100.00"), [Decimal("300"), Decimal("100"), Decimal("100")]) == [
        Decimal("60.00"),
        Decimal("20.00"),
        Decimal("20.00"),
    ]


def test_the_largest_remainder_wins_the_leftover_cent():
    # exact shares 0.333.., 0.666..: floors 0.33, 0.66, one cent left goes to the larger remainder (the second).
    assert apportion(Decimal("1.00"), [1, 2]) == [Decimal("0.33"), Decimal("0.67")]


def test_zero_weights_get_nothing_and_an_empty_split_of_zero_is_empty():
    assert apportion(Decimal("5.00"), [0, 2, 0]) == [Decimal("0.00"), Decimal("5.00"), Decimal("0.00")]
    assert apportion(Decimal("0.00"), []) == []


def test_a_non_zero_total_over_nothing_is_an_error():
    with pytest.raises(ValueError):
        apportion(Decimal("1.00"), [])
    with pytest.raises(ValueError):
        apportion(Decimal("1.00"), [0, 0])


@given(
    total=st.decimals(min_value=Decimal("-100000"), max_value=Decimal("100000"), places=2),
    weights=st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=60).filter(any),
)
def test_parts_always_sum_exactly_to_the_whole_and_stay_within_a_cent_of_their_share(total, weights):
    parts = apportion(total, weights)

    assert sum(parts) == total
    weight_sum = sum(weights)
    for part, weight in zip(parts, weights, strict=True):
        assert abs(part - total * weight / weight_sum) < Decimal("0.01")
        assert part == part.quantize(Decimal("0.01"))
