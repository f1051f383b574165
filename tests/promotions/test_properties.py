"""Property tests over many generated carts: whatever the promotions, coupons, points and freight, the parts sum
exactly to the wholes and no line pays less than nothing (issue 4, acceptance 2)."""

from dataclasses import replace
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.money import ZERO, apportion
from promotions.pricing import (
    AddOnItem,
    AddOnPurchaseRule,
    BundleRule,
    CartBreakdown,
    CartInput,
    CartLine,
    Coupon,
    CouponKind,
    EveryFullReductionRule,
    FullGiftRule,
    FullReductionRule,
    Funder,
    Funding,
    GiftRule,
    GiftTier,
    GoodsScope,
    ItemDiscountRule,
    Member,
    MultiBuyPercentRule,
    MultiBuyPriceRule,
    PointsLot,
    PointsRule,
    Promotion,
    PromotionKind,
    ReductionTier,
    SkuQuantity,
    Source,
    WholesaleTier,
    price_cart,
)
from promotions.serializers import CartBreakdownSerializer, breakdown_data
from tests.promotions.builders import ENDS, FREIGHT_TEMPLATES, NOW, STARTED, api_shape

SKUS = range(1, 13)
STORES = (1, 2, 3)

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999.99"), places=2)
percents = st.integers(min_value=0, max_value=100).map(Decimal)
money_or_zero = st.just(ZERO) | st.decimals(min_value=ZERO, max_value=Decimal("20000.00"), places=2)
skus = st.sampled_from(SKUS)
scopes = st.one_of(
    st.just(GoodsScope(all=True)),
    st.builds(GoodsScope, categories=st.frozensets(st.sampled_from((1, 2, 3)), min_size=1)),
    st.builds(GoodsScope, skus=st.frozensets(skus, min_size=1), excluded_skus=st.frozensets(skus, max_size=2)),
)


@st.composite
def reduction_tiers(draw) -> tuple[ReductionTier, ...]:
    thresholds = draw(st.lists(amounts, min_size=1, max_size=3, unique=True))
    return tuple(ReductionTier(threshold, draw(st.decimals(ZERO, threshold, places=2))) for threshold in thresholds)


bundle_items = st.lists(
    st.builds(SkuQuantity, skus, st.integers(1, 2)), min_size=1, max_size=3, unique_by=lambda item: item.sku
).map(tuple)


def gifts():
    return st.lists(st.builds(SkuQuantity, skus, st.integers(1, 3)), min_size=1, max_size=2).map(tuple)


RULES = {
    PromotionKind.ITEM_DISCOUNT: st.one_of(
        st.builds(ItemDiscountRule, percent=percents), st.builds(ItemDiscountRule, price=amounts)
    ),
    PromotionKind.FULL_REDUCTION: reduction_tiers().map(FullReductionRule),
    PromotionKind.EVERY_FULL_REDUCTION: reduction_tiers().map(
        lambda tiers: EveryFullReductionRule(tiers[0].threshold, tiers[0].discount)
    ),
    PromotionKind.BUNDLE: st.builds(
        BundleRule,
        bundle_items,
        amounts,
    ),
    PromotionKind.GIFT: st.builds(GiftRule, gifts()),
    PromotionKind.FULL_GIFT: st.builds(
        FullGiftRule, st.lists(st.builds(GiftTier, amounts, gifts()), min_size=1, max_size=3).map(tuple)
    ),
    PromotionKind.MULTI_BUY_PRICE: st.builds(MultiBuyPriceRule, st.integers(1, 4), amounts),
    PromotionKind.MULTI_BUY_PERCENT: st.builds(MultiBuyPercentRule, st.integers(1, 4), percents),
    PromotionKind.ADD_ON_PURCHASE: st.builds(
        AddOnPurchaseRule, amounts, st.lists(st.builds(AddOnItem, skus, amounts), min_size=1, max_size=2).map(tuple)
    ),
}

fundings = st.one_of(st.none(), st.builds(Funding, st.just(Funder.SHARED), percents), st.just(Funding(Funder.STORE)))


@st.composite
def promotions(draw, pid: int) -> Promotion:
    kind = draw(st.sampled_from(PromotionKind))
    return Promotion(
        id=pid,
        name=f"promotion {pid}",
        kind=kind,
        rule=draw(RULES[kind]),
        starts_at=STARTED,
        ends_at=ENDS,
        store=draw(st.sampled_from((None, *STORES))),
        scope=draw(scopes),
        funding=draw(fundings),
        retail_only=draw(st.booleans()),
    )


# A business buyer's terms (批发): quantity breaks, a company's negotiated price, a minimum order quantity.
wholesale_tiers = st.lists(st.builds(WholesaleTier, st.integers(2, 15), amounts), max_size=3).map(tuple)


@st.composite
def coupons(draw, cid: int) -> Coupon:
    kind = draw(st.sampled_from(CouponKind))
    value = draw(percents if kind is CouponKind.PERCENT else amounts)
    threshold = draw(st.decimals(value, Decimal("1999.99"), places=2)) if kind is CouponKind.THRESHOLD else ZERO
    return Coupon(
        id=cid,
        kind=kind,
        value=value,
        threshold=threshold,
        max_discount=draw(st.none() | amounts),
        store=draw(st.sampled_from((None, *STORES))),
        goods=draw(scopes),
        valid_from=STARTED,
        valid_to=ENDS,
    )


@st.composite
def cart_lines(draw) -> tuple[CartLine, ...]:
    chosen_skus = draw(st.lists(skus, min_size=1, max_size=8, unique=True))
    return tuple(
        CartLine(
            line_id=number,
            sku=number,
            store=draw(st.sampled_from(STORES)),
            quantity=draw(st.integers(1, 20)),
            price=draw(amounts),
            categories=draw(st.frozensets(st.sampled_from((1, 2, 3)), max_size=2)),
            brand=draw(st.sampled_from((None, 1, 2))),
            freight_template=draw(st.sampled_from((None, 1, 2, 3))),
            weight=Decimal("0.25"),
            volume=Decimal("0.003"),
            on_shelf=draw(st.booleans().map(lambda off: not off) | st.just(True)),
            special_price=draw(st.none() | st.none() | amounts),
            wholesale_tiers=draw(wholesale_tiers),
            negotiated_price=draw(st.none() | amounts),
            min_quantity=draw(st.integers(1, 5)),
            chosen_promotion=draw(st.none() | st.integers(1, 8)),
        )
        for number in chosen_skus
    )


@st.composite
def carts(draw) -> CartInput:
    promotion_count = draw(st.integers(0, 8))
    coupon_count = draw(st.integers(0, 8))
    coupon_list = tuple(draw(coupons(cid)) for cid in range(1, coupon_count + 1))
    return CartInput(
        lines=draw(cart_lines()),
        now=NOW,
        member=Member(
            points_balance=draw(st.integers(0, 100_000)),
            stored_value_balance=draw(money_or_zero),
            company=draw(st.none() | st.just(7)),
        ),
        region=draw(st.sampled_from((None, "440305", "310104", "650102", "540102"))),
        promotions=tuple(draw(promotions(pid)) for pid in range(1, promotion_count + 1)),
        coupons=coupon_list,
        chosen_coupons=draw(st.none() | st.lists(st.integers(1, 9), max_size=3).map(tuple)),
        points=draw(st.integers(0, 50_000)),
        points_rule=draw(st.none() | st.builds(PointsRule, st.sampled_from((1, 10, 100, 1000)), percents)),
        points_lots=draw(
            st.lists(st.builds(PointsLot, st.none() | st.integers(1, 3), st.integers(0, 30_000)), max_size=4).map(tuple)
        ),
        stored_value=draw(money_or_zero),
        freight_templates=FREIGHT_TEMPLATES,
    )


PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def component_sum(breakdown: CartBreakdown, source: Source, source_id: int | None) -> Decimal:
    return sum(
        (
            part.amount
            for line in breakdown.lines
            for part in line.components
            if part.source is source and part.source_id == source_id
        ),
        ZERO,
    )


@PROPERTY_SETTINGS
@given(carts())
def test_a_stores_own_points_part_is_what_its_own_lots_paid_up_to_its_points_discount_and_hq_bears_the_rest(cart):
    """Decision 0041: the money the points paid, apportioned over the stores that earned them by their points; a
    store funds the part its own points paid on its lines, never more than their points discount; HQ the rest."""
    breakdown = price_cart(cart)
    drawn = dict(breakdown.points.drawn)
    assert sum(drawn.values()) == breakdown.points.used
    origins = list(drawn)
    paid_by = dict(zip(origins, apportion(breakdown.points.discount, [drawn[o] for o in origins]), strict=True))
    for store in breakdown.stores:
        parts = [part for line in store.valid_lines for part in line.components if part.source is Source.POINTS]
        own = sum((part.store_amount for part in parts), ZERO)
        total = sum((part.amount for part in parts), ZERO)
        assert own == min(paid_by.get(store.store, ZERO), total)
        assert all(part.funding.funder in (Funder.STORE, Funder.PLATFORM) for part in parts)


@PROPERTY_SETTINGS
@given(carts())
def test_components_sum_exactly_to_each_discount_awarded(cart):
    breakdown = price_cart(cart)
    for discount in breakdown.discounts:
        assert component_sum(breakdown, discount.source, discount.source_id) == discount.amount
    assert component_sum(breakdown, Source.POINTS, None) == breakdown.points.discount


@PROPERTY_SETTINGS
@given(carts())
def test_no_line_pays_below_zero_and_each_pays_its_amount_less_its_discounts(cart):
    for line in price_cart(cart).lines:
        assert line.payable >= 0
        assert line.payable == line.amount - line.promotion_discount - line.coupon_discount - line.points_discount
        for part in line.components:
            assert part.amount > 0 and part.amount == part.amount.quantize(Decimal("0.01"))
            assert part.platform_amount + part.store_amount == part.amount
        if not line.valid or line.gift:
            assert line.components == ()
        if line.gift:
            assert line.unit_price == ZERO


@PROPERTY_SETTINGS
@given(carts())
def test_lines_sum_to_store_totals_and_stores_to_the_cart_in_the_api_shape(cart):
    api = api_shape(price_cart(cart))
    for store in api["stores"]:
        valid = [line for line in store["lines"] if line["valid"]]
        for line in valid:
            discounts = sum(Decimal(line[key]) for key in ("promotion_discount", "coupon_discount", "points_discount"))
            assert Decimal(line["payable"]) == Decimal(line["amount"]) - discounts
        assert Decimal(store["subtotal"]) == sum((Decimal(line["amount"]) for line in valid), ZERO)
        assert Decimal(store["payable"]) == sum((Decimal(line["payable"]) for line in valid), ZERO) + Decimal(
            store["freight"]
        )
        assert Decimal(store["discount"]) == Decimal(store["subtotal"]) + Decimal(store["freight"]) - Decimal(
            store["payable"]
        )
        shares = [Decimal(entry["discount"]) for entry in store["promotions"] + store["coupons"]]
        assert sum(shares, ZERO) + sum((Decimal(line["points_discount"]) for line in valid), ZERO) == Decimal(
            store["discount"]
        )
    for key in ("subtotal", "discount", "freight", "payable"):
        assert Decimal(api[key]) == sum((Decimal(store[key]) for store in api["stores"]), ZERO)


@PROPERTY_SETTINGS
@given(carts())
def test_every_coupon_is_reported_once_and_applied_ones_are_usable(cart):
    report = price_cart(cart).coupons
    reported = list(report.usable) + [cid for cid, _ in report.unusable if cid in {c.id for c in cart.coupons}]
    assert sorted(reported) == sorted(coupon.id for coupon in cart.coupons)
    assert set(report.applied) <= set(report.usable)


@settings(max_examples=100, deadline=None)
@given(carts())
def test_pricing_is_deterministic(cart):
    assert api_shape(price_cart(cart)) == api_shape(price_cart(cart))


@PROPERTY_SETTINGS
@given(carts())
def test_stored_value_is_capped_and_its_parts_sum_exactly_from_lines_to_stores_to_the_cart(cart):
    breakdown = price_cart(cart)
    goods_payable = sum((line.payable for line in breakdown.lines if line.valid), ZERO)
    used = breakdown.stored_value.used
    assert breakdown.stored_value.balance == cart.member.stored_value_balance
    assert used == min(cart.stored_value, cart.member.stored_value_balance, goods_payable)
    for store in breakdown.stores:
        for line in store.lines:
            assert ZERO <= line.stored_value <= line.payable
            if not line.valid or line.gift:
                assert line.stored_value == ZERO
        assert store.stored_value == sum((line.stored_value for line in store.valid_lines), ZERO)
        assert store.cash_payable == store.payable - store.stored_value >= store.freight
    assert sum((store.stored_value for store in breakdown.stores), ZERO) == used
    assert breakdown.cash_payable == breakdown.payable - used


@PROPERTY_SETTINGS
@given(carts())
def test_stored_value_in_the_api_shape_sums_and_leaves_payable_as_api_md_defines_it(cart):
    api = api_shape(price_cart(cart))
    for store in api["stores"]:
        valid = [line for line in store["lines"] if line["valid"]]
        assert Decimal(store["stored_value"]) == sum((Decimal(line["stored_value"]) for line in valid), ZERO)
        assert Decimal(store["cash_payable"]) == Decimal(store["payable"]) - Decimal(store["stored_value"])
    assert Decimal(api["stored_value"]["used"]) == sum((Decimal(s["stored_value"]) for s in api["stores"]), ZERO)
    assert Decimal(api["cash_payable"]) == sum((Decimal(s["cash_payable"]) for s in api["stores"]), ZERO)
    assert Decimal(api["cash_payable"]) == Decimal(api["payable"]) - Decimal(api["stored_value"]["used"])
    # Stored value pays; it discounts nothing: the discounts and payables are those of the same cart without it.
    without = api_shape(price_cart(replace(cart, stored_value=ZERO)))
    for key in ("subtotal", "discount", "freight", "payable"):
        assert api[key] == without[key]


@given(carts())
def test_the_breakdown_drawn_directly_is_what_the_schemas_serializer_writes(cart):
    breakdown = price_cart(cart)
    assert breakdown_data(breakdown) == CartBreakdownSerializer(breakdown).data
