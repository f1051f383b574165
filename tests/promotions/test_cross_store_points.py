"""Cross-store points (decision 0041): the part of a line's points discount paid by points its own store earned is
the store's; points earned in another store, or HQ's own, are HQ's. Split exactly to the cent."""

from decimal import Decimal

from promotions.pricing import Funder, Member, PointsLot, PointsRule
from promotions.pricing.breakdown import Source
from tests.promotions.builders import d, item, priced

RULE = PointsRule(points_per_yuan=100, max_share_percent=d(50))  # 100 points = 1 yuan, at most half
RICH = Member(points_balance=100_000)


def points_parts(breakdown, store: int) -> tuple[Decimal, Decimal]:
    """(the store's part, HQ's part) of the store's lines' points discount."""
    parts = [
        part
        for line in breakdown.lines
        if line.store == store
        for part in line.components
        if part.source is Source.POINTS
    ]
    return (
        sum((part.amount for part in parts if part.funding.funder is Funder.STORE), Decimal(0)),
        sum((part.amount for part in parts if part.funding.funder is Funder.PLATFORM), Decimal(0)),
    )


def test_points_earned_in_another_store_are_hqs_and_its_own_are_the_stores():
    lots = (PointsLot(store=1, points=2000), PointsLot(store=2, points=5000))
    breakdown = priced(item(1, "100.00", store=2), member=RICH, points=3000, points_rule=RULE, points_lots=lots)

    assert breakdown.points.used == 3000 and breakdown.points.discount == d("30.00")
    assert breakdown.points.drawn == ((1, 2000), (2, 1000))  # the lots in their order
    assert points_parts(breakdown, 2) == (d("10.00"), d("20.00"))  # store 2's own 1000 points; store 1's 2000: HQ


def test_without_lots_every_point_is_hqs_as_before():
    breakdown = priced(item(1, "100.00", store=2), member=RICH, points=3000, points_rule=RULE)

    assert points_parts(breakdown, 2) == (d("0.00"), d("30.00"))
    assert breakdown.points.drawn == ((None, 3000),)


def test_mixed_lots_over_odd_lines_split_to_the_cent_and_each_line_keeps_its_points_discount():
    lots = (PointsLot(store=1, points=1234), PointsLot(store=None, points=500), PointsLot(store=3, points=9000))
    lines = (item(1, "10.00", store=1), item(2, "20.00", store=1), item(3, "33.33", store=1))
    breakdown = priced(*lines, member=RICH, points=3001, points_rule=RULE, points_lots=lots)

    # 30.01 paid: 1234 of store 1's points, 500 HQ's, 1267 of store 3's, the money apportioned by points
    assert breakdown.points.discount == d("30.01")
    assert breakdown.points.drawn == ((1, 1234), (None, 500), (3, 1267))
    own, hq = points_parts(breakdown, 1)
    assert (own, hq) == (d("12.34"), d("17.67"))
    for line in breakdown.lines:
        parts = [part for part in line.components if part.source is Source.POINTS]
        assert sum((part.amount for part in parts), Decimal(0)) == line.points_discount
        assert all(part.amount > 0 for part in parts)
        assert {part.kind for part in parts} <= {"points", "points_own_store"}


def test_two_stores_of_one_trade_each_fund_their_own_points_up_to_their_lines_points_discount():
    lots = (PointsLot(store=1, points=4000), PointsLot(store=2, points=500))
    lines = (item(1, "50.00", store=1), item(2, "50.00", store=2))
    breakdown = priced(*lines, member=RICH, points=4500, points_rule=RULE, points_lots=lots)

    # 45.00 paid, 22.50 on each store's line: store 1's own points paid 40.00, but its line took only 22.50
    assert points_parts(breakdown, 1) == (d("22.50"), d("0.00"))
    assert points_parts(breakdown, 2) == (d("5.00"), d("17.50"))
