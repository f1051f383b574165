"""Short builders for the pricing engine's dataclasses, and a small catalogue the scenarios share.

Stores: 1 (clothes), 2 (electronics), 3 (tea). Freight templates: 1 by piece (store 1), 2 by weight (store 2),
3 by volume (store 3), 4 a flat fee by piece (store 1). Regions: Shenzhen Nanshan 440305, Shanghai Xuhui
310104, Urumqi 650102, Lhasa 540102.
"""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from logistics.freight import FreeShipping, FreightBasis, FreightRate, FreightTemplate
from promotions.pricing import (
    CartBreakdown,
    CartInput,
    CartLine,
    Coupon,
    CouponKind,
    FullReductionRule,
    GoodsScope,
    LineBreakdown,
    Promotion,
    PromotionKind,
    ReductionTier,
    price_cart,
)
from promotions.pricing.breakdown import StoreBreakdown
from promotions.pricing.types import PromotionRule
from promotions.serializers import CartBreakdownSerializer, LineBreakdownSerializer, StoreBreakdownSerializer

PRESENTERS = {
    CartBreakdown: CartBreakdownSerializer,
    StoreBreakdown: StoreBreakdownSerializer,
    LineBreakdown: LineBreakdownSerializer,
}

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
STARTED = NOW - timedelta(days=10)
ENDS = NOW + timedelta(days=10)

SHENZHEN = "440305"
SHANGHAI = "310104"
URUMQI = "650102"
LHASA = "540102"


def d(amount: str | int) -> Decimal:
    return Decimal(amount)


def sku(number: int, quantity: int = 1, **changes) -> CartLine:
    """A line of one of the catalogue's SKUs; `changes` override any field."""
    return replace(CATALOGUE[number], quantity=quantity, **changes)


def item(number: int, price: str, quantity: int = 1, store: int = 1, **fields) -> CartLine:
    """A line of an ad-hoc SKU outside the catalogue."""
    return CartLine(line_id=number, sku=number, store=store, quantity=quantity, price=d(price), **fields)


CATALOGUE: dict[int, CartLine] = {
    line.sku: line
    for line in (
        # store 1, clothes: categories 1 (apparel) > 10 (tops) and 11 (socks); brands 1 and 2
        item(101, "100.00", categories=frozenset({1, 10}), brand=1, freight_template=1),
        item(102, "130.00", categories=frozenset({1, 10}), brand=2, freight_template=1),
        item(103, "15.00", categories=frozenset({1, 11}), brand=2, freight_template=1),
        item(104, "20.00", categories=frozenset({1, 11}), freight_template=4),
        item(106, "50.00", categories=frozenset({1, 10}), freight_template=1),
        item(107, "80.00", categories=frozenset({1, 10}), freight_template=1),
        # store 2, electronics: categories 2 > 20 (audio) and 21 (cables); brand 5
        item(201, "299.00", store=2, categories=frozenset({2, 20}), brand=5, freight_template=2, weight=d("0.35")),
        item(202, "39.90", store=2, categories=frozenset({2, 21}), brand=5, freight_template=2, weight=d("0.1")),
        # store 3, tea by volume
        item(301, "68.00", store=3, categories=frozenset({3}), freight_template=3, volume=d("0.004")),
    )
}

FREIGHT_TEMPLATES = (
    FreightTemplate(
        id=1,
        basis=FreightBasis.PIECE,
        default_rate=FreightRate(d(1), d("10.00"), d(1), d("5.00")),
        region_rates=(FreightRate(d(1), d("20.00"), d(1), d("10.00"), regions=frozenset({"650000"})),),
        free_shipping=(FreeShipping(min_amount=d("199.00"), regions=frozenset({"44", "31"})),),
        undeliverable=frozenset({"540000"}),
    ),
    FreightTemplate(
        id=2,
        basis=FreightBasis.WEIGHT,
        default_rate=FreightRate(d(1), d("12.00"), d(1), d("6.00")),
        free_shipping=(FreeShipping(min_amount=d("500.00"), regions=frozenset({"440000"})),),
    ),
    FreightTemplate(
        id=3,
        basis=FreightBasis.VOLUME,
        default_rate=FreightRate(d("0.01"), d("8.00"), d("0.01"), d("4.00")),
    ),
    FreightTemplate(id=4, basis=FreightBasis.PIECE, default_rate=FreightRate(d(1), d("6.00"), d(1), d("0.00"))),
)


def promotion(pid: int, kind: PromotionKind, rule: PromotionRule, store: int | None = 1, **fields) -> Promotion:
    return Promotion(
        id=pid, name=f"promotion {pid}", kind=kind, rule=rule, starts_at=STARTED, ends_at=ENDS, store=store, **fields
    )


def tiers(*pairs: tuple[str, str]) -> FullReductionRule:
    return FullReductionRule(tuple(ReductionTier(d(threshold), d(discount)) for threshold, discount in pairs))


SEED_TIERS = tiers(("100", "10"), ("300", "50"), ("500", "80"))  # seed 002: 满100减10、满300减50、满500减80


def coupon(cid: int, kind: CouponKind, value: str, store: int | None = None, threshold: str = "0", **fields) -> Coupon:
    return Coupon(
        id=cid,
        kind=kind,
        value=d(value),
        threshold=d(threshold),
        store=store,
        valid_from=STARTED,
        valid_to=ENDS,
        **fields,
    )


def scope(**fields) -> GoodsScope:
    return GoodsScope(**{name: frozenset(values) for name, values in fields.items()})


def priced(*lines: CartLine, **fields) -> CartBreakdown:
    fields.setdefault("freight_templates", FREIGHT_TEMPLATES)
    return price_cart(CartInput(lines=lines, now=NOW, **fields))


def line_of(breakdown: CartBreakdown, sku_id: int, gift: bool = False) -> LineBreakdown:
    return next(line for line in breakdown.lines if line.sku == sku_id and line.gift == gift)


def money_of(line: LineBreakdown) -> tuple[str, str, str, str]:
    """(promotion_discount, coupon_discount, points_discount, payable) as the API writes them."""
    api = api_shape(line)
    return api["promotion_discount"], api["coupon_discount"], api["points_discount"], api["payable"]


def totals(breakdown: CartBreakdown) -> tuple[str, str, str, str]:
    """(subtotal, discount, freight, payable) of the whole cart as the API writes them."""
    api = api_shape(breakdown)
    return api["subtotal"], api["discount"], api["freight"], api["payable"]


def store_totals(breakdown: CartBreakdown, store: int) -> tuple[str, str, str, str]:
    api = next(entry for entry in api_shape(breakdown)["stores"] if entry["store"] == store)
    return api["subtotal"], api["discount"], api["freight"], api["payable"]


def api_shape(priced: CartBreakdown | StoreBreakdown | LineBreakdown) -> dict:
    """A breakdown, a store's or a line's, as the checkout preview writes it (promotions.serializers)."""
    return PRESENTERS[type(priced)](priced).data
