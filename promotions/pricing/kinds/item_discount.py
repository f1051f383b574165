"""单品促销, step 2 of the pipeline: the unit pays `percent` of its price, or costs `price` (seed 002: 6折 of 100
pays 60). One price cut per unit, whoever funds it."""

from dataclasses import dataclass
from decimal import Decimal

from marketplace.amounts import ZERO, quantize
from promotions.pricing.lanes import Lane
from promotions.pricing.rule import PromotionRule
from promotions.pricing.types import HUNDRED, check_amount, check_percent


@dataclass(frozen=True)
class ItemDiscountRule(PromotionRule):
    """The unit pays `percent` of its price, or costs `price` (whichever the promotion names)."""

    kind = "item_discount"
    lane = Lane.ITEM

    percent: Decimal | None = None
    price: Decimal | None = None

    def __post_init__(self) -> None:
        if (self.percent is None) == (self.price is None):
            raise ValueError("an item discount names exactly one of percent or price")
        if self.percent is not None:
            check_percent(self.percent)
        if self.price is not None:
            check_amount(self.price, "an item discount price")

    def unit_discount(self, unit_price: Decimal) -> Decimal:
        if self.percent is not None:
            return unit_price - quantize(unit_price * self.percent / HUNDRED)
        return max(unit_price - (self.price or ZERO), ZERO)


RULE = ItemDiscountRule
