"""The unified social credit code's check character (GB 32100-2015), on real codes and on broken ones."""

import pytest

from companies.credit_code import WEIGHTS, check_character, is_valid, normalise


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",  # the standard's own example
        "9144030071526726XG",  # a Shenzhen company: check character G
        "91110000802100433B",  # a Beijing company: check character B
    ],
)
def test_real_codes_are_valid(code):
    assert is_valid(code)


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y44",  # wrong check character
        "9144030071526726XH",
        "91350100M000100Y4",  # 17 characters
        "91350100M000100Y433",  # 19 characters
        "91350100M00O100Y43",  # O is not in the set (nor I, S, V, Z)
        "9135010OM000100Y43",
        "",
    ],
)
def test_broken_codes_are_invalid(code):
    assert not is_valid(code)


def test_the_weights_are_powers_of_three_modulo_31():
    assert WEIGHTS[:8] == (1, 3, 9, 27, 19, 26, 16, 17)


def test_a_sum_divisible_by_31_gives_check_character_zero():
    # 17 zeros sum to 0: 31 - 0 = 31, written 0.
    assert check_character("0" * 17) == "0"
    assert is_valid("0" * 18)


def test_what_a_person_types_is_trimmed_and_upper_cased():
    assert normalise(" 9144030071526726xg ") == "9144030071526726XG"
