"""Step 3, order lane: money off a set of lines (满减, 每满减, 套装, 多买). Each evaluator sees the lines still
free in its exclusive group and says what it would give; thresholds are tested on what they still owe."""

from marketplace.money import ZERO, quantize
from promotions.pricing.award import Award, owed, units
from promotions.pricing.ledger import LineState
from promotions.pricing.types import (
    HUNDRED,
    BundleRule,
    EveryFullReductionRule,
    FullReductionRule,
    MultiBuyPercentRule,
    MultiBuyPriceRule,
    Promotion,
)


def full_reduction(promotion: Promotion, lines: list[LineState]) -> Award | None:
    """阶梯满减: only the highest tier reached applies (500 pays 420, not 500 - 80 - 50 - 10)."""
    assert isinstance(promotion.rule, FullReductionRule)
    base = owed(lines)
    reached = [tier for tier in promotion.rule.tiers if base >= tier.threshold]
    if not reached:
        return None
    discount = max(reached, key=lambda tier: tier.threshold).discount
    return Award(promotion, discount, tuple(lines), score=discount)


def every_full_reduction(promotion: Promotion, lines: list[LineState]) -> Award | None:
    """每满减: each full step takes the discount off, up to the cap (each 200 off 20: 430 pays 390)."""
    rule = promotion.rule
    assert isinstance(rule, EveryFullReductionRule)
    discount = (owed(lines) // rule.step) * rule.discount
    if rule.cap is not None:
        discount = min(discount, rule.cap)
    if discount <= 0:
        return None
    return Award(promotion, discount, tuple(lines), score=discount)


def bundle(promotion: Promotion, lines: list[LineState]) -> Award | None:
    """套装: as many whole sets as the quantities allow cost the set price each; the rest of a line pays as is."""
    rule = promotion.rule
    assert isinstance(rule, BundleRule)
    by_sku = {line.line.sku: line for line in lines}
    if any(item.sku not in by_sku for item in rule.items):
        return None
    sets = min(by_sku[item.sku].line.quantity // item.quantity for item in rule.items)
    set_lines = tuple(by_sku[item.sku] for item in rule.items)
    weights = tuple(line.unit_payable * item.quantity * sets for line, item in zip(set_lines, rule.items, strict=True))
    discount = quantize(sum(weights, ZERO)) - rule.price * sets
    if sets == 0 or discount <= 0:
        return None
    return Award(promotion, discount, set_lines, weights, score=discount)


def multi_buy_price(promotion: Promotion, lines: list[LineState]) -> Award | None:
    """M元任选N件: the dearest units form the groups, which is what the shopper would pick."""
    rule = promotion.rule
    assert isinstance(rule, MultiBuyPriceRule)
    groups = units(lines) // rule.count
    left = groups * rule.count
    taken: list[tuple[LineState, int]] = []
    for line in sorted(lines, key=lambda line: (-line.unit_payable, line.line.line_id)):
        if left <= 0:
            break
        count = min(line.line.quantity, left)
        taken.append((line, count))
        left -= count
    weights = tuple(line.unit_payable * count for line, count in taken)
    discount = quantize(sum(weights, ZERO)) - rule.price * groups
    if groups == 0 or discount <= 0:
        return None
    return Award(promotion, discount, tuple(line for line, _ in taken), weights, score=discount)


def multi_buy_percent(promotion: Promotion, lines: list[LineState]) -> Award | None:
    """M件N折: from the count on, every covered unit pays the percent."""
    rule = promotion.rule
    assert isinstance(rule, MultiBuyPercentRule)
    if units(lines) < rule.count:
        return None
    discount = quantize(owed(lines) * (HUNDRED - rule.percent) / HUNDRED)
    if discount <= 0:
        return None
    return Award(promotion, discount, tuple(lines), score=discount)
