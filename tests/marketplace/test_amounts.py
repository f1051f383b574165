"""Money as text: one formatter for the API and the pages, rounding as `quantize` rounds."""

from decimal import Decimal

import pytest

from marketplace.amounts import money_text


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("12.3"), "12.30"),
        (Decimal("0"), "0.00"),
        (Decimal("0.005"), "0.01"),  # half up, as receipts round (Python's own format would give 0.00)
        (Decimal("2.675"), "2.68"),
        (Decimal("-1.005"), "-1.01"),
        (7, "7.00"),
    ],
)
def test_money_is_written_with_two_decimals_rounded_half_up(amount, text):
    assert money_text(amount) == text
