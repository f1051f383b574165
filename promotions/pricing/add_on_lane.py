"""Step 3, add-on lane (加价购 / 换购): once the covered goods reach the threshold, one unit of each add-on item
in the cart costs its add-on price. The add-on items never count towards their own threshold."""

from marketplace.money import ZERO, quantize
from promotions.pricing.award import Award, owed
from promotions.pricing.ledger import LineState
from promotions.pricing.types import AddOnPurchaseRule, Promotion


def add_on_purchase(promotion: Promotion, lines: list[LineState]) -> Award | None:
    rule = promotion.rule
    assert isinstance(rule, AddOnPurchaseRule)
    add_on_price = {item.sku: item.price for item in rule.items}
    add_ons = [line for line in lines if line.line.sku in add_on_price]
    qualifying = [line for line in lines if line.line.sku not in add_on_price]
    if not add_ons or owed(qualifying) < rule.threshold:
        return None
    cuts = tuple(max(quantize(line.unit_payable) - add_on_price[line.line.sku], ZERO) for line in add_ons)
    discount = sum(cuts, ZERO)
    if discount <= 0:
        return None
    weights = (ZERO,) * len(qualifying) + cuts
    return Award(promotion, discount, (*qualifying, *add_ons), weights, score=discount)
