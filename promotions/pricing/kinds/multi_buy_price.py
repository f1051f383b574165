"""多买优惠, M元任选N件, order lane: any `count` covered units for `price`. The dearest units form the groups, which
is what the shopper would pick."""

from dataclasses import dataclass
from decimal import Decimal

from marketplace.amounts import ZERO, quantize
from promotions.pricing.award import Award, units
from promotions.pricing.lanes import Lane
from promotions.pricing.ledger import LineState
from promotions.pricing.rule import PromotionRule
from promotions.pricing.types import Promotion, check_amount


@dataclass(frozen=True)
class MultiBuyPriceRule(PromotionRule):
    kind = "multi_buy_price"
    lane = Lane.ORDER

    count: int
    price: Decimal

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError("a multi-buy needs a count of at least 1")
        check_amount(self.price, "a multi-buy price")

    def evaluate(self, promotion: Promotion, lines: list[LineState]) -> Award | None:
        groups = units(lines) // self.count
        left = groups * self.count
        taken: list[tuple[LineState, int]] = []
        for line in sorted(lines, key=lambda line: (-line.unit_payable, line.line.line_id)):
            if left <= 0:
                break
            count = min(line.line.quantity, left)
            taken.append((line, count))
            left -= count
        weights = tuple(line.unit_payable * count for line, count in taken)
        discount = quantize(sum(weights, ZERO)) - self.price * groups
        if groups == 0 or discount <= 0:
            return None
        return Award(promotion, discount, tuple(line for line, _ in taken), weights, score=discount)


RULE = MultiBuyPriceRule
