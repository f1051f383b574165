"""Money arithmetic: Decimal to the cent, CNY, never float. One rounding rule and one apportioning rule for every
app. Nothing here imports Django, so the pure engines (the pricing pipeline, freight, the shipment split) use it
as they are (import-linter holds them to that); `marketplace.money` adds the column type and re-exports these."""

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def quantize(amount: Decimal | int | str) -> Decimal:
    """Round to the cent, half up (the rounding Chinese retail receipts use). The only place money is rounded."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def money_text(amount: Decimal | int | str) -> str:
    """Money as the API and the pages write it: rounded by `quantize`, two decimals ("12.30"). The only place money
    becomes text."""
    return f"{quantize(amount):.2f}"


def apportion(total: Decimal, weights: Sequence[Decimal | int]) -> list[Decimal]:
    """Split `total` over `weights` in proportion, to the cent, so that the parts sum exactly to `total`.

    Largest-remainder method: every part first gets its share rounded down to the cent; the cents left over go
    one each to the parts with the largest remainders (ties to the earlier part), so no part is off by more
    than one cent from its exact share. Zero weights get zero. Used for every discount spread over lines.
    """
    total = quantize(total)
    weights = [Decimal(weight) for weight in weights]
    if any(weight < 0 for weight in weights):
        raise ValueError("weights must not be negative")
    weight_sum = sum(weights, Decimal(0))
    if not weights:
        if total:
            raise ValueError("cannot apportion a non-zero total over nothing")
        return []
    if weight_sum == 0:
        if total:
            raise ValueError("cannot apportion a non-zero total over zero weights")
        return [ZERO for _ in weights]
    cents = int(total / CENT)
    sign = 1 if cents >= 0 else -1
    exact = [abs(cents) * weight / weight_sum for weight in weights]
    floors = [int(share) for share in exact]  # shares are non-negative: int() rounds down
    left_over = abs(cents) - sum(floors)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for index in by_remainder[:left_over]:
        floors[index] += 1
    return [quantize(Decimal(sign * part) * CENT) for part in floors]
