"""Step 3, gift lane: gifts cost the shopper nothing and cut no price, so they rank by the tier reached."""

from marketplace.money import ZERO
from promotions.pricing.award import Award, owed
from promotions.pricing.ledger import LineState
from promotions.pricing.types import FullGiftRule, GiftRule, Promotion


def gift(promotion: Promotion, lines: list[LineState]) -> Award | None:
    """赠品: buying any covered goods brings every gift once (seed 002 recommends 赠品全送)."""
    assert isinstance(promotion.rule, GiftRule)
    if not lines:
        return None
    return Award(promotion, ZERO, tuple(lines), gifts=promotion.rule.gifts)


def full_gift(promotion: Promotion, lines: list[LineState]) -> Award | None:
    """满赠 in tiers: the highest tier reached gives its own gifts (600 brings the power bank, not the stick too)."""
    assert isinstance(promotion.rule, FullGiftRule)
    base = owed(lines)
    reached = [tier for tier in promotion.rule.tiers if base >= tier.threshold]
    if not reached:
        return None
    tier = max(reached, key=lambda tier: tier.threshold)
    return Award(promotion, ZERO, tuple(lines), gifts=tier.gifts, score=tier.threshold)
