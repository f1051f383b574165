"""赠品, gift lane: buying any covered goods brings every gift once (seed 002 recommends 赠品全送: every gift is
given). Gifts cost the shopper nothing and cut no price."""

from dataclasses import dataclass

from marketplace.amounts import ZERO
from promotions.pricing.award import Award
from promotions.pricing.lanes import Lane
from promotions.pricing.ledger import LineState
from promotions.pricing.rule import PromotionRule
from promotions.pricing.types import Promotion, SkuQuantity


@dataclass(frozen=True)
class GiftRule(PromotionRule):
    kind = "gift"
    lane = Lane.GIFT

    gifts: tuple[SkuQuantity, ...]

    def named_skus(self) -> frozenset[int]:
        return frozenset(gift.sku for gift in self.gifts)

    def evaluate(self, promotion: Promotion, lines: list[LineState]) -> Award | None:
        if not lines:
            return None
        return Award(promotion, ZERO, tuple(lines), gifts=self.gifts)


RULE = GiftRule
