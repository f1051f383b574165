"""阶梯满减, order lane: the highest tier reached applies (100 off 10, 300 off 50, 500 off 80: 500 pays 420, not
500 - 80 - 50 - 10). Thresholds are tested on what the lines still owe at this step of the pipeline."""

from dataclasses import dataclass
from decimal import Decimal

from promotions.pricing.award import Award, owed
from promotions.pricing.lanes import Lane
from promotions.pricing.ledger import LineState
from promotions.pricing.rule import PromotionRule
from promotions.pricing.types import Promotion, check_amount


@dataclass(frozen=True)
class ReductionTier:
    threshold: Decimal
    discount: Decimal

    def __post_init__(self) -> None:
        check_amount(self.discount, "a discount")
        if self.discount > self.threshold:
            raise ValueError(f"a discount of {self.discount} is above its threshold {self.threshold}")


@dataclass(frozen=True)
class FullReductionRule(PromotionRule):
    kind = "full_reduction"
    lane = Lane.ORDER

    tiers: tuple[ReductionTier, ...]

    def evaluate(self, promotion: Promotion, lines: list[LineState]) -> Award | None:
        base = owed(lines)
        reached = [tier for tier in self.tiers if base >= tier.threshold]
        if not reached:
            return None
        discount = max(reached, key=lambda tier: tier.threshold).discount
        return Award(promotion, discount, tuple(lines), score=discount)


RULE = FullReductionRule
