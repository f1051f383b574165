"""Step 5: points (积分抵现). HQ bears what points pay, whichever store sold the goods (DESIGN.md "O2O and
multi-store": points are spent across stores with HQ bearing the cost in settlement)."""

from decimal import Decimal

from marketplace.amounts import CENT, ZERO, quantize
from promotions.pricing.breakdown import PointsUse, Source
from promotions.pricing.ledger import DiscountSource, Ledger, LineState
from promotions.pricing.types import HUNDRED, PLATFORM_FUNDED, CartInput

POINTS_SOURCE = DiscountSource(Source.POINTS, None, "points", PLATFORM_FUNDED, "points")


def points_value(points: int, points_per_yuan: int) -> Decimal:
    """What `points` pay, in whole cents (a fraction of a cent buys nothing)."""
    return Decimal(points * 100 // points_per_yuan) * CENT


def points_for(discount: Decimal, points_per_yuan: int) -> int:
    """The fewest points that pay `discount`: cents times points per cent, rounded up to a whole point."""
    cents = int(discount / CENT)
    return -(-cents * points_per_yuan // 100)


def spend_points(cart: CartInput, ledger: Ledger, lines: list[LineState]) -> PointsUse:
    """Pay with the points asked for, within the balance and the rule's maximum share of the goods payable."""
    rule = cart.points_rule
    if rule is None or cart.points == 0:
        return PointsUse()
    goods_payable = sum((line.payable for line in lines), ZERO)
    most = min(
        points_value(min(cart.points, cart.member.points_balance), rule.points_per_yuan),
        quantize(goods_payable * rule.max_share_percent / HUNDRED),
    )
    given = ledger.give(POINTS_SOURCE, most, lines)
    return PointsUse(points_for(given, rule.points_per_yuan), given)
