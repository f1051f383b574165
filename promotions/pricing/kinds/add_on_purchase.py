"""加价购 / 换购, add-on lane: once the covered goods reach `threshold`, one unit of each of `items` in the cart
costs its add-on price. The add-on items never count towards their own threshold, and the promotion covers them
as well as its goods scope (the threshold goods)."""

from dataclasses import dataclass
from decimal import Decimal

from marketplace.amounts import ZERO, quantize
from promotions.pricing.award import Award, owed
from promotions.pricing.lanes import Lane
from promotions.pricing.ledger import LineState
from promotions.pricing.rule import PromotionRule
from promotions.pricing.types import CartLine, GoodsScope, Promotion


@dataclass(frozen=True)
class AddOnItem:
    sku: int
    price: Decimal


@dataclass(frozen=True)
class AddOnPurchaseRule(PromotionRule):
    kind = "add_on_purchase"
    lane = Lane.ADD_ON

    threshold: Decimal
    items: tuple[AddOnItem, ...]

    def covers(self, line: CartLine, scope: GoodsScope) -> bool:
        return any(item.sku == line.sku for item in self.items) or scope.covers(line)

    def named_skus(self) -> frozenset[int]:
        return frozenset(item.sku for item in self.items)

    def evaluate(self, promotion: Promotion, lines: list[LineState]) -> Award | None:
        add_on_price = {item.sku: item.price for item in self.items}
        add_ons = [line for line in lines if line.line.sku in add_on_price]
        qualifying = [line for line in lines if line.line.sku not in add_on_price]
        if not add_ons or owed(qualifying) < self.threshold:
            return None
        cuts = tuple(max(quantize(line.unit_payable) - add_on_price[line.line.sku], ZERO) for line in add_ons)
        discount = sum(cuts, ZERO)
        if discount <= 0:
            return None
        weights = (ZERO,) * len(qualifying) + cuts
        return Award(promotion, discount, (*qualifying, *add_ons), weights, score=discount)


RULE = AddOnPurchaseRule
