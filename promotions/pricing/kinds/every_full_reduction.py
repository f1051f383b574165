"""每满减, order lane: each full `step` takes `discount` off, up to `cap` (each 200 off 20: 230 pays 210, 430 pays
390)."""

from dataclasses import dataclass
from decimal import Decimal

from promotions.pricing.award import Award, owed
from promotions.pricing.kinds.full_reduction import ReductionTier
from promotions.pricing.lanes import Lane
from promotions.pricing.ledger import LineState
from promotions.pricing.rule import PromotionRule
from promotions.pricing.types import Promotion


@dataclass(frozen=True)
class EveryFullReductionRule(PromotionRule):
    kind = "every_full_reduction"
    lane = Lane.ORDER

    step: Decimal
    discount: Decimal
    cap: Decimal | None = None

    def __post_init__(self) -> None:
        if self.step <= 0:
            raise ValueError("an every-step reduction needs a positive step")
        ReductionTier(self.step, self.discount)

    def evaluate(self, promotion: Promotion, lines: list[LineState]) -> Award | None:
        discount = (owed(lines) // self.step) * self.discount
        if self.cap is not None:
            discount = min(discount, self.cap)
        if discount <= 0:
            return None
        return Award(promotion, discount, tuple(lines), score=discount)


RULE = EveryFullReductionRule
