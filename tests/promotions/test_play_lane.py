"""A marketing play's price (a flash sale) in the engine: a lane of its own, one component with its funder,
exclusive of promotions by default (issue 14 items 1 and 5)."""

from promotions.pricing import (
    PLATFORM_FUNDED,
    STORE_FUNDED,
    ItemDiscountRule,
    PlayPrice,
    PromotionKind,
    Source,
)
from promotions.serializers import CartBreakdownSerializer, breakdown_data
from tests.promotions.builders import SEED_TIERS, d, item, line_of, money_of, priced, promotion


def flash(unit_price: str, *, store_funded: bool = True, exclusive: bool = True) -> PlayPrice:
    funding = STORE_FUNDED if store_funded else PLATFORM_FUNDED
    return PlayPrice("flash_sale", 7, d(unit_price), funding, "10点场", exclusive)


def test_flash_price_is_a_component_of_its_own_lane_with_its_funder():
    breakdown = priced(item(1, "100.00", quantity=2, play=flash("59.00", store_funded=False)))

    line = line_of(breakdown, 1)
    assert line.unit_price == d("100.00")
    assert money_of(line) == ("82.00", "0.00", "0.00", "118.00")
    [part] = line.components
    assert (part.source, part.source_id, part.kind, part.amount) == (Source.PLAY, 7, "flash_sale", d("82.00"))
    assert (part.platform_amount, part.store_amount) == (d("82.00"), d("0.00"))


def test_store_funded_flash_discount_is_charged_to_the_store():
    [part] = line_of(priced(item(1, "100.00", play=flash("59.00"))), 1).components
    assert (part.platform_amount, part.store_amount) == (d("0.00"), d("41.00"))


def test_exclusive_flash_line_takes_no_promotion():
    spend = promotion(1, PromotionKind.FULL_REDUCTION, SEED_TIERS)
    breakdown = priced(item(1, "200.00", play=flash("150.00")), promotions=(spend,))

    line = line_of(breakdown, 1)
    assert [part.source for part in line.components] == [Source.PLAY]
    assert line.payable == d("150.00")


def test_non_exclusive_flash_line_still_counts_for_an_order_promotion_but_not_an_item_one():
    spend = promotion(1, PromotionKind.FULL_REDUCTION, SEED_TIERS)  # 满100减10
    cut = promotion(2, PromotionKind.ITEM_DISCOUNT, ItemDiscountRule(percent=d("50")))
    breakdown = priced(item(1, "200.00", play=flash("150.00", exclusive=False)), promotions=(spend, cut))

    line = line_of(breakdown, 1)
    assert [(part.source, part.source_id) for part in line.components] == [(Source.PLAY, 7), (Source.PROMOTION, 1)]
    assert line.payable == d("140.00")


def test_flash_line_beside_a_normal_line_leaves_the_normal_line_to_its_promotions():
    cut = promotion(2, PromotionKind.ITEM_DISCOUNT, ItemDiscountRule(percent=d("50")))
    breakdown = priced(item(1, "100.00", play=flash("59.00")), item(2, "100.00"), promotions=(cut,))

    assert line_of(breakdown, 1).payable == d("59.00")
    assert line_of(breakdown, 2).payable == d("50.00")


def test_a_play_price_above_the_skus_price_is_what_the_line_costs_with_no_component():
    """An auction's hammer price may exceed the list price: the line costs it, no negative discount is made."""
    hammer = PlayPrice("auction", 3, d("130.00"), STORE_FUNDED, "拍卖", True)
    spend = promotion(1, PromotionKind.FULL_REDUCTION, SEED_TIERS)
    breakdown = priced(item(1, "100.00", play=hammer), promotions=(spend,))

    line = line_of(breakdown, 1)
    assert (line.unit_price, line.payable, line.components) == (d("130.00"), d("130.00"), ())


def test_a_breakdown_with_plays_is_drawn_as_the_schemas_serializer_writes_it():
    spend = promotion(1, PromotionKind.FULL_REDUCTION, SEED_TIERS)
    breakdown = priced(
        item(1, "200.00", play=flash("150.00", exclusive=False)), item(2, "80.00", store=2), promotions=(spend,)
    )

    drawn = breakdown_data(breakdown)

    assert drawn == CartBreakdownSerializer(breakdown).data
    assert drawn["stores"][0]["plays"] == [{"id": 7, "kind": "flash_sale", "discount": "50.00"}]
