"""套装, order lane: one set of `items` costs `price` (A 50 + B 80 as a set for 100). As many whole sets as the
quantities allow cost the set price each; the rest of a line pays as it is. A bundle covers exactly its items,
whatever its goods scope."""

from dataclasses import dataclass
from decimal import Decimal

from marketplace.amounts import ZERO, quantize
from promotions.pricing.award import Award
from promotions.pricing.lanes import Lane
from promotions.pricing.ledger import LineState
from promotions.pricing.rule import PromotionRule
from promotions.pricing.types import CartLine, GoodsScope, Promotion, SkuQuantity, check_amount


@dataclass(frozen=True)
class BundleRule(PromotionRule):
    kind = "bundle"
    lane = Lane.ORDER

    items: tuple[SkuQuantity, ...]
    price: Decimal

    def __post_init__(self) -> None:
        if not self.items:
            raise ValueError("a bundle needs items")
        if len({item.sku for item in self.items}) != len(self.items):
            raise ValueError("a bundle names each SKU once, with its quantity")
        check_amount(self.price, "a bundle price")

    def covers(self, line: CartLine, scope: GoodsScope) -> bool:
        return any(item.sku == line.sku for item in self.items)

    def named_skus(self) -> frozenset[int]:
        return frozenset(item.sku for item in self.items)

    def evaluate(self, promotion: Promotion, lines: list[LineState]) -> Award | None:
        by_sku = {line.line.sku: line for line in lines}
        if any(item.sku not in by_sku for item in self.items):
            return None
        sets = min(by_sku[item.sku].line.quantity // item.quantity for item in self.items)
        set_lines = tuple(by_sku[item.sku] for item in self.items)
        weights = tuple(
            line.unit_payable * item.quantity * sets for line, item in zip(set_lines, self.items, strict=True)
        )
        discount = quantize(sum(weights, ZERO)) - self.price * sets
        if sets == 0 or discount <= 0:
            return None
        return Award(promotion, discount, set_lines, weights, score=discount)


RULE = BundleRule
