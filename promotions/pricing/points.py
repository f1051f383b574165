"""Step 5: points (积分抵现). Points are earned in a store and spendable in any store (seed 004 §3). Who bears what
they pay depends on where they were earned (decision 0041): the points a lot earned in the line's own store pay are
that store's (it rewards its own customer, as a shop's loyalty card does); the rest, points earned in another store
or HQ's own points, HQ bears (跨店积分由总部承担), a platform-funded part that settlement credits the store."""

from collections import defaultdict
from dataclasses import replace
from decimal import Decimal

from marketplace.amounts import CENT, ZERO, apportion, quantize
from promotions.pricing.breakdown import Component, PointsUse, Source
from promotions.pricing.ledger import DiscountSource, Ledger, LineState
from promotions.pricing.types import HUNDRED, PLATFORM_FUNDED, STORE_FUNDED, CartInput, PointsLot

POINTS_SOURCE = DiscountSource(Source.POINTS, None, "points", PLATFORM_FUNDED, "points")
# The part of a line's points discount paid by points its own store earned: the store funds it.
OWN_STORE_POINTS = DiscountSource(Source.POINTS, None, "points_own_store", STORE_FUNDED, "points")


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
    used = points_for(given, rule.points_per_yuan)
    drawn = draw_lots(cart.points_lots, used)
    if given:
        _fund_own_store_points(lines, given, drawn)
    return PointsUse(used, given, tuple(drawn.items()))


def draw_lots(lots: tuple[PointsLot, ...], points: int) -> dict[int | None, int]:
    """The points taken per store that earned them, taking the lots in their order (as the members ledger does);
    what no lot holds is HQ's (None)."""
    drawn: dict[int | None, int] = {}
    for lot in lots:
        if points == 0:
            break
        taken = min(lot.points, points)
        if taken:
            drawn[lot.store] = drawn.get(lot.store, 0) + taken
            points -= taken
    if points:
        drawn[None] = drawn.get(None, 0) + points
    return drawn


def _fund_own_store_points(lines: list[LineState], given: Decimal, drawn: dict[int | None, int]) -> None:
    """Split each line's points component by funder, exactly to the cent.

    The money the points paid is apportioned over the stores that earned them by their points. A store's lines take
    first the money of the points it earned itself, up to their points discount: that part is the store's; the rest
    of their points discount is HQ's. Within a store the store's part is apportioned over its lines by their points
    discount. So a trade of one store spending its own points only is all the store's, and points from another
    store or HQ are HQ's however the lines are cut."""
    origins = list(drawn)
    money = dict(zip(origins, apportion(given, [drawn[origin] for origin in origins]), strict=True))
    by_store: dict[int, list[tuple[LineState, int]]] = defaultdict(list)
    for line in lines:
        for index, part in enumerate(line.components):
            if part.source is Source.POINTS:
                by_store[line.line.store].append((line, index))
    for store, parts in by_store.items():
        discounts = [line.components[index].amount for line, index in parts]
        own = min(money.get(store, ZERO), sum(discounts, ZERO))
        if own <= 0:
            continue
        for (line, index), discount, own_part in zip(parts, discounts, apportion(own, discounts), strict=True):
            if not own_part:
                continue
            if own_part == discount:
                part = line.components[index]
                line.components[index] = replace(part, kind=OWN_STORE_POINTS.kind, funding=OWN_STORE_POINTS.funding)
            else:
                line.components[index] = replace(line.components[index], amount=discount - own_part)
                line.components.append(
                    Component(Source.POINTS, None, OWN_STORE_POINTS.kind, OWN_STORE_POINTS.funding, own_part)
                )
