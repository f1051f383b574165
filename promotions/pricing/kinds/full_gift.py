"""满赠 in tiers, gift lane: the highest tier reached gives its own gifts (300: selfie stick, 500: power bank,
1000: headphones; 600 brings the power bank, not the stick too). Rivals rank by the tier reached."""

from dataclasses import dataclass
from decimal import Decimal

from marketplace.amounts import ZERO
from promotions.pricing.award import Award, owed
from promotions.pricing.lanes import Lane
from promotions.pricing.ledger import LineState
from promotions.pricing.rule import PromotionRule
from promotions.pricing.types import Promotion, SkuQuantity


@dataclass(frozen=True)
class GiftTier:
    threshold: Decimal
    gifts: tuple[SkuQuantity, ...]


@dataclass(frozen=True)
class FullGiftRule(PromotionRule):
    kind = "full_gift"
    lane = Lane.GIFT

    tiers: tuple[GiftTier, ...]

    def named_skus(self) -> frozenset[int]:
        return frozenset(gift.sku for tier in self.tiers for gift in tier.gifts)

    def evaluate(self, promotion: Promotion, lines: list[LineState]) -> Award | None:
        base = owed(lines)
        reached = [tier for tier in self.tiers if base >= tier.threshold]
        if not reached:
            return None
        tier = max(reached, key=lambda tier: tier.threshold)
        return Award(promotion, ZERO, tuple(lines), gifts=tier.gifts, score=tier.threshold)


RULE = FullGiftRule
