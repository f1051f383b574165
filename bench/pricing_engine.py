"""The pricing engine alone: a 50-line, 5-store cart with 10 live promotions and a member holding 200 coupons
(best-coupon search included), points, stored value and freight. Prints the median time per `price_cart` call.

    .venv/bin/python -m bench.pricing_engine
"""

import statistics
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from logistics.freight import FreeShipping, FreightBasis, FreightRate, FreightTemplate
from promotions.pricing import (
    BundleRule,
    CartInput,
    CartLine,
    Coupon,
    CouponKind,
    EveryFullReductionRule,
    FullGiftRule,
    FullReductionRule,
    GiftTier,
    GoodsScope,
    ItemDiscountRule,
    Member,
    MultiBuyPercentRule,
    PointsRule,
    Promotion,
    PromotionKind,
    ReductionTier,
    SkuQuantity,
    price_cart,
)

RUNS = 300
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
STARTED, ENDS = NOW - timedelta(days=7), NOW + timedelta(days=7)
STORES = (1, 2, 3, 4, 5)


def cart_lines() -> tuple[CartLine, ...]:
    """Ten lines per store, prices from 9.90 to 499.90, in three categories and two brands per store."""
    return tuple(
        CartLine(
            line_id=sku,
            sku=sku,
            store=STORES[sku % 5],
            quantity=1 + sku % 3,
            price=Decimal(9 + (sku * 37) % 491) + Decimal("0.90"),
            categories=frozenset({sku % 3, 10 + sku % 3}),
            brand=sku % 2,
            freight_template=STORES[sku % 5],
            weight=Decimal("0.4"),
        )
        for sku in range(1, 51)
    )


def promotions() -> tuple[Promotion, ...]:
    seed_tiers = FullReductionRule(
        tuple(ReductionTier(Decimal(t), Decimal(d)) for t, d in (("100", "10"), ("300", "50"), ("500", "80")))
    )
    every_200 = EveryFullReductionRule(Decimal(200), Decimal(20))
    platform_1000 = FullReductionRule((ReductionTier(Decimal(1000), Decimal(60)),))
    gifts = FullGiftRule((GiftTier(Decimal(300), (SkuQuantity(901),)), GiftTier(Decimal(500), (SkuQuantity(902),))))
    offers = [
        (PromotionKind.FULL_REDUCTION, seed_tiers, 1, GoodsScope(all=True)),
        (PromotionKind.FULL_REDUCTION, seed_tiers, 2, GoodsScope(all=True)),
        (PromotionKind.EVERY_FULL_REDUCTION, every_200, 3, GoodsScope(all=True)),
        (PromotionKind.ITEM_DISCOUNT, ItemDiscountRule(percent=Decimal(80)), 4, GoodsScope(categories=frozenset({1}))),
        (PromotionKind.ITEM_DISCOUNT, ItemDiscountRule(percent=Decimal(90)), None, GoodsScope(brands=frozenset({1}))),
        (PromotionKind.MULTI_BUY_PERCENT, MultiBuyPercentRule(3, Decimal(85)), 5, GoodsScope(all=True)),
        (PromotionKind.BUNDLE, BundleRule((SkuQuantity(5), SkuQuantity(10)), Decimal(300)), 1, GoodsScope()),
        (PromotionKind.FULL_GIFT, gifts, 2, GoodsScope(all=True)),
        (PromotionKind.FULL_REDUCTION, platform_1000, None, GoodsScope(all=True)),
        (PromotionKind.FULL_GIFT, gifts, None, GoodsScope(categories=frozenset({2}))),
    ]
    return tuple(
        Promotion(pid, f"promotion {pid}", kind, rule, STARTED, ENDS, store=store, scope=scope)
        for pid, (kind, rule, store, scope) in enumerate(offers, start=1)
    )


def coupons() -> tuple[Coupon, ...]:
    """200 coupons: per store and platform, cash, threshold and percent, over all goods, a category, a brand or a
    few SKUs; every tenth one has expired."""
    scopes = (
        GoodsScope(all=True),
        GoodsScope(categories=frozenset({2})),
        GoodsScope(brands=frozenset({0})),
        GoodsScope(skus=frozenset({3, 8, 13})),
    )
    result = []
    for cid in range(1, 201):
        kind = (CouponKind.CASH, CouponKind.THRESHOLD, CouponKind.PERCENT)[cid % 3]
        value = Decimal(90 + cid % 9) if kind is CouponKind.PERCENT else Decimal(5 + cid % 40)
        threshold = value * 5 if kind is CouponKind.THRESHOLD else Decimal("0.00")
        valid_to = NOW - timedelta(days=1) if cid % 10 == 0 else ENDS
        store = None if cid % 6 == 0 else STORES[cid % 5]
        result.append(
            Coupon(cid, kind, value, STARTED, valid_to, threshold=threshold, store=store, goods=scopes[cid % 4])
        )
    return tuple(result)


def freight_templates() -> tuple[FreightTemplate, ...]:
    return tuple(
        FreightTemplate(
            id=store,
            basis=FreightBasis.WEIGHT,
            default_rate=FreightRate(Decimal(1), Decimal("12.00"), Decimal(1), Decimal("6.00")),
            region_rates=(FreightRate(Decimal(1), Decimal("8.00"), Decimal(1), Decimal("4.00"), frozenset({"44"})),),
            free_shipping=(FreeShipping(min_amount=Decimal("299.00")),),
            undeliverable=frozenset({"54"}),
        )
        for store in STORES
    )


def bench_cart() -> CartInput:
    return CartInput(
        lines=cart_lines(),
        now=NOW,
        member=Member(
            id=1, level=2, level_percent=Decimal(98), points_balance=50_000, stored_value_balance=Decimal("500.00")
        ),
        region="440305",
        promotions=promotions(),
        coupons=coupons(),
        points=5000,
        points_rule=PointsRule(100, Decimal(10)),
        stored_value=Decimal("200.00"),
        freight_templates=freight_templates(),
    )


def main() -> None:
    cart = bench_cart()
    breakdown = price_cart(cart)
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        price_cart(cart)
        timings.append(time.perf_counter() - started)
    print(
        f"price_cart, 50 lines / 5 stores / 10 promotions / 200 coupons: "
        f"median {statistics.median(timings) * 1000:.2f} ms per call over {RUNS} runs "
        f"(p95 {sorted(timings)[int(RUNS * 0.95)] * 1000:.2f} ms); "
        f"payable {breakdown.payable} (cash {breakdown.cash_payable}), {len(breakdown.discounts)} discounts applied, "
        f"coupons applied {list(breakdown.coupons.applied)}"
    )


if __name__ == "__main__":
    main()
