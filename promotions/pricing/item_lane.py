"""Step 2: item promotions (单品促销), one per line: each kind of the item lane says what comes off a unit
(seed 002: 6折 of 100 pays 60)."""

from decimal import Decimal

from promotions.pricing.ledger import LineState
from promotions.pricing.types import Promotion


def line_discount(promotion: Promotion, line: LineState) -> Decimal:
    return promotion.rule.unit_discount(line.unit_price) * line.line.quantity


def pick_item_promotion(line: LineState, candidates: list[Promotion]) -> Promotion | None:
    """The shopper's switch wins when it fits; otherwise the largest discount, the older promotion on a tie."""
    for promotion in candidates:
        if promotion.id == line.line.chosen_promotion:
            return promotion
    best = max(candidates, key=lambda promotion: (line_discount(promotion, line), -promotion.id), default=None)
    return best if best is not None and line_discount(best, line) > 0 else None
