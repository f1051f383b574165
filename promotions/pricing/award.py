"""What a promotion would give a set of lines: evaluated by its lane, compared with its rivals, then granted."""

from dataclasses import dataclass
from decimal import Decimal

from marketplace.amounts import ZERO
from promotions.pricing.ledger import LineState
from promotions.pricing.types import Promotion, SkuQuantity


@dataclass(frozen=True)
class Award:
    """`lines` are every line the promotion takes (one promotion per exclusive group), `weights` how its
    `discount` spreads over them (empty: by what each line still owes). `score` ranks rival awards."""

    promotion: Promotion
    discount: Decimal
    lines: tuple[LineState, ...]
    weights: tuple[Decimal, ...] = ()
    gifts: tuple[SkuQuantity, ...] = ()
    score: Decimal = ZERO


def owed(lines: tuple[LineState, ...] | list[LineState]) -> Decimal:
    """What the lines still owe together: the amount a threshold is tested on at this step of the pipeline."""
    return sum((line.payable for line in lines), ZERO)


def units(lines: tuple[LineState, ...] | list[LineState]) -> int:
    return sum(line.line.quantity for line in lines)
