"""多买优惠, M件N折, order lane: from `count` covered units on, every covered unit pays `percent`."""

from dataclasses import dataclass
from decimal import Decimal

from marketplace.amounts import quantize
from promotions.pricing.award import Award, owed, units
from promotions.pricing.lanes import Lane
from promotions.pricing.ledger import LineState
from promotions.pricing.rule import PromotionRule
from promotions.pricing.types import HUNDRED, Promotion, check_percent


@dataclass(frozen=True)
class MultiBuyPercentRule(PromotionRule):
    kind = "multi_buy_percent"
    lane = Lane.ORDER

    count: int
    percent: Decimal

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError("a multi-buy needs a count of at least 1")
        check_percent(self.percent)

    def evaluate(self, promotion: Promotion, lines: list[LineState]) -> Award | None:
        if units(lines) < self.count:
            return None
        discount = quantize(owed(lines) * (HUNDRED - self.percent) / HUNDRED)
        if discount <= 0:
            return None
        return Award(promotion, discount, tuple(lines), score=discount)


RULE = MultiBuyPercentRule
