"""The working state of one pricing call: each line's payable so far and the components that made it.

Every discount goes through `Ledger.give`, which caps it at what the touched lines still owe and apportions it
by the largest-remainder method in cents (marketplace.money.apportion), so the parts sum exactly to the
discount and no line goes below zero (DESIGN.md: a refund of any line must know its exact payable).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from marketplace.amounts import ZERO, apportion
from promotions.pricing.breakdown import AppliedDiscount, Component, LineBreakdown, Source
from promotions.pricing.types import CartLine, Funding


@dataclass(frozen=True)
class DiscountSource:
    """Where a discount comes from: a promotion, a coupon or points, and who funds it."""

    source: Source
    source_id: int | None
    kind: str
    funding: Funding
    name: str = ""


@dataclass(slots=True)
class LineState:
    """A line being priced. `payable` is always `unit_price * quantity` less the components so far."""

    line: CartLine
    unit_price: Decimal
    payable: Decimal
    components: list[Component] = field(default_factory=list)
    reason: str = ""
    promotions: list[int] = field(default_factory=list)
    stored_value: Decimal = ZERO  # paid from the member's balance: a payment, not a component

    @property
    def valid(self) -> bool:
        return not self.reason

    @property
    def unit_payable(self) -> Decimal:
        """What one unit still owes, unrounded: multi-buys and add-on buys compare units, not lines."""
        return self.payable / self.line.quantity

    def take(self, source: DiscountSource, amount: Decimal) -> None:
        self.payable -= amount
        self.components.append(Component(source.source, source.source_id, source.kind, source.funding, amount))

    def freeze(self) -> LineBreakdown:
        return LineBreakdown(
            line_id=self.line.line_id,
            sku=self.line.sku,
            store=self.line.store,
            quantity=self.line.quantity,
            unit_price=self.unit_price,
            components=tuple(self.components),
            valid=self.valid,
            reason=self.reason,
            promotions=tuple(self.promotions),
            chosen_promotion=self.line.chosen_promotion,
            stored_value=self.stored_value,
            min_quantity=self.line.min_quantity,
        )


def _clamped_parts(total: Decimal, capacities: list[Decimal], weights: Sequence[Decimal]) -> list[Decimal]:
    """Apportion `total` by `weights`, then move any cent above a line's capacity to the lines with room.

    The second pass apportions by room left, and a share in proportion to room never exceeds it, so two passes
    suffice whenever `total` fits in the capacities.
    """
    if not any(weights):
        weights = capacities
    parts = [min(part, room) for part, room in zip(apportion(total, weights), capacities, strict=True)]
    excess = total - sum(parts, ZERO)
    if excess:
        rooms = [room - part for part, room in zip(parts, capacities, strict=True)]
        parts = [part + extra for part, extra in zip(parts, apportion(excess, rooms), strict=True)]
    return parts


class Ledger:
    """All lines of the cart and every discount awarded so far, in the order awarded."""

    def __init__(self, lines: list[LineState]) -> None:
        self.lines = lines
        self._applied: dict[tuple[Source, int | None], AppliedDiscount] = {}

    def give(
        self, source: DiscountSource, total: Decimal, lines: Sequence[LineState], weights: Sequence[Decimal] = ()
    ) -> Decimal:
        """Spread `total` over `lines` by `weights` (default: what each line still owes). Returns what was given,
        which is less than `total` only when the lines owe less: a payable never goes below zero."""
        capacities = [line.payable for line in lines]
        total = min(total, sum(capacities, ZERO))
        if total <= 0:
            return ZERO
        for line, part in zip(lines, _clamped_parts(total, capacities, weights or capacities), strict=True):
            if part:
                line.take(source, part)
        self._record(source, total)
        return total

    def give_exact(self, source: DiscountSource, line: LineState, amount: Decimal) -> Decimal:
        """A discount that belongs to one line alone (an item discount), capped at what the line owes."""
        amount = min(amount, line.payable)
        if amount <= 0:
            return ZERO
        line.take(source, amount)
        self._record(source, amount)
        return amount

    def record_gifts(self, source: DiscountSource, gifts: tuple[tuple[int, int], ...]) -> None:
        self._applied[(source.source, source.source_id)] = AppliedDiscount(
            source.source, source.source_id, source.name, ZERO, gifts
        )

    def _record(self, source: DiscountSource, amount: Decimal) -> None:
        key = (source.source, source.source_id)
        before = self._applied.get(key)
        so_far = before.amount if before else ZERO
        self._applied[key] = AppliedDiscount(source.source, source.source_id, source.name, so_far + amount)

    @property
    def applied(self) -> tuple[AppliedDiscount, ...]:
        return tuple(self._applied.values())
