"""An assisted order's agreement in the engine (decision 0042): the agreed price is the line's base price exactly,
no promotion applies, and the store's special discount is apportioned over its lines to the cent, store funded."""

from promotions.pricing import Agreement, PromotionKind, Source
from tests.promotions.builders import SEED_TIERS, d, item, line_of, priced, promotion


def test_the_special_discount_is_apportioned_to_the_cent_over_the_agreed_prices_and_the_store_funds_it():
    lines = (
        item(1, "5999.00", quantity=3, special_price=d("5555.55")),
        item(2, "6999.00", quantity=2, special_price=d("6666.67")),
    )
    spend = promotion(9, PromotionKind.FULL_REDUCTION, SEED_TIERS)
    breakdown = priced(*lines, promotions=(spend,), agreement=Agreement(42, store=1, discount=d("100.01")))

    first, second = line_of(breakdown, 1), line_of(breakdown, 2)
    assert (first.unit_price, second.unit_price) == (d("5555.55"), d("6666.67"))
    parts = [*first.components, *second.components]
    assert {(part.source, part.source_id) for part in parts} == {(Source.SPECIAL, 42)}
    assert sum(part.amount for part in parts) == d("100.01")
    assert all(part.platform_amount == d("0.00") for part in parts)
    assert (first.amount, second.amount) == (d("16666.65"), d("13333.34"))
    assert first.payable + second.payable == d("29899.98")
    assert first.promotion_discount + second.promotion_discount == d("100.01")  # reported with the promotions


def test_the_special_discount_never_takes_a_line_below_nothing():
    breakdown = priced(item(1, "10.00", special_price=d("3.00")), agreement=Agreement(1, store=1, discount=d("5.00")))
    assert line_of(breakdown, 1).payable == d("0.00")
