"""What a voucher and each of its uses are worth (pure, no Django): a line's payable split over its units, a unit's
value over its uses, each part rounded down to the cent and the remainder on the last, so the parts sum exactly."""

from decimal import ROUND_DOWN, Decimal

from marketplace.amounts import CENT


def split(total: Decimal, parts: int) -> list[Decimal]:
    """`total` in `parts` equal parts to the cent (rounded down), the last taking the remainder."""
    base = (total / parts).quantize(CENT, rounding=ROUND_DOWN)
    return [base] * (parts - 1) + [total - base * (parts - 1)]


def uses_value(*, value: Decimal, uses: int, used: int, count: int) -> Decimal:
    """The worth of the next `count` uses of a voucher of `value` for `uses` uses, `used` of which are gone."""
    return sum(split(value, uses)[used : used + count], Decimal("0.00"))
