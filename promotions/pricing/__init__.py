"""The pure pricing engine: `price_cart(CartInput) -> CartBreakdown`. No database inside: the cart, preview,
submit and refund code turn their rows into these dataclasses (the coupons center its user coupons into
`Coupon`, the promotions center its rows into `Promotion`). The kinds of promotion are in `kinds/`, one module
each (decision 0015)."""

from promotions.pricing.breakdown import (
    AppliedDiscount,
    CartBreakdown,
    Component,
    CouponReport,
    LineBreakdown,
    PointsUse,
    PricingWarning,
    Source,
    StoreBreakdown,
    StoredValueUse,
    promotions_of,
)
from promotions.pricing.engine import price_cart
from promotions.pricing.kinds import PromotionKind, exclusive_group, rule_type
from promotions.pricing.kinds.add_on_purchase import AddOnItem, AddOnPurchaseRule
from promotions.pricing.kinds.bundle import BundleRule
from promotions.pricing.kinds.every_full_reduction import EveryFullReductionRule
from promotions.pricing.kinds.full_gift import FullGiftRule, GiftTier
from promotions.pricing.kinds.full_reduction import FullReductionRule, ReductionTier
from promotions.pricing.kinds.gift import GiftRule
from promotions.pricing.kinds.item_discount import ItemDiscountRule
from promotions.pricing.kinds.multi_buy_percent import MultiBuyPercentRule
from promotions.pricing.kinds.multi_buy_price import MultiBuyPriceRule
from promotions.pricing.lanes import Lane, Level
from promotions.pricing.rule import PromotionRule
from promotions.pricing.types import (
    PLATFORM_FUNDED,
    STORE_FUNDED,
    Agreement,
    CartInput,
    CartLine,
    Channel,
    Coupon,
    CouponKind,
    Funder,
    Funding,
    GoodsScope,
    Member,
    MemberScope,
    MemberScopeKind,
    PlayPrice,
    PointsLot,
    PointsRule,
    Promotion,
    SkuQuantity,
    WholesaleTier,
)

__all__ = [
    "PLATFORM_FUNDED",
    "STORE_FUNDED",
    "AddOnItem",
    "AddOnPurchaseRule",
    "Agreement",
    "AppliedDiscount",
    "BundleRule",
    "CartBreakdown",
    "CartInput",
    "CartLine",
    "Channel",
    "Component",
    "Coupon",
    "CouponKind",
    "CouponReport",
    "EveryFullReductionRule",
    "FullGiftRule",
    "FullReductionRule",
    "Funder",
    "Funding",
    "GiftRule",
    "GiftTier",
    "GoodsScope",
    "ItemDiscountRule",
    "Lane",
    "Level",
    "LineBreakdown",
    "Member",
    "MemberScope",
    "MemberScopeKind",
    "MultiBuyPercentRule",
    "MultiBuyPriceRule",
    "PlayPrice",
    "PointsLot",
    "PointsRule",
    "PointsUse",
    "PricingWarning",
    "Promotion",
    "PromotionKind",
    "PromotionRule",
    "ReductionTier",
    "SkuQuantity",
    "Source",
    "StoreBreakdown",
    "StoredValueUse",
    "WholesaleTier",
    "exclusive_group",
    "price_cart",
    "promotions_of",
    "rule_type",
]
