"""Step 2: item promotions (单品促销), one per line. Seed 002: 6折 of 100 pays 60."""

from decimal import Decimal

from marketplace.money import ZERO, quantize
from promotions.pricing.ledger import LineState
from promotions.pricing.types import HUNDRED, ItemDiscountRule, Promotion


def unit_discount(rule: ItemDiscountRule, unit_price: Decimal) -> Decimal:
    if rule.percent is not None:
        return unit_price - quantize(unit_price * rule.percent / HUNDRED)
    return max(unit_price - (rule.price or ZERO), ZERO)


def line_discount(promotion: Promotion, line: LineState) -> Decimal:
    assert isinstance(promotion.rule, ItemDiscountRule)
    return unit_discount(promotion.rule, line.unit_price) * line.line.quantity


def pick_item_promotion(line: LineState, candidates: list[Promotion]) -> Promotion | None:
    """The shopper's switch wins when it fits; otherwise the largest discount, the older promotion on a tie."""
    for promotion in candidates:
        if promotion.id == line.line.chosen_promotion:
            return promotion
    best = max(candidates, key=lambda promotion: (line_discount(promotion, line), -promotion.id), default=None)
    return best if best is not None and line_discount(best, line) > 0 else None
