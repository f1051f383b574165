"""What the pricing engine is given: a cart as plain frozen dataclasses, built by the cart, preview, submit and
refund code from their rows. Money is Decimal yuan to the cent; a `percent` is the share PAID (API.md: "60" is
6折, 100.00 pays 60.00)."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from logistics.freight import FreightTemplate
from marketplace.money import ZERO

MAX_QUANTITY = 9999
HUNDRED = Decimal(100)


def _check_percent(percent: Decimal) -> None:
    if not ZERO <= percent <= HUNDRED:
        raise ValueError(f"a percent is a share paid from 0 to 100, not {percent}")


def _check_amount(amount: Decimal, what: str) -> None:
    if amount < 0:
        raise ValueError(f"{what} must not be negative, got {amount}")


class Channel(StrEnum):
    APP = "app"
    H5 = "h5"
    WEB = "web"


class Funder(StrEnum):
    PLATFORM = "platform"  # HQ pays; the store is reimbursed in settlement
    STORE = "store"
    SHARED = "shared"  # split by `platform_percent`


@dataclass(frozen=True)
class Funding:
    """Who pays for a discount. `platform_percent` is the platform's share of a shared discount."""

    funder: Funder
    platform_percent: Decimal = ZERO

    def __post_init__(self) -> None:
        _check_percent(self.platform_percent)


PLATFORM_FUNDED = Funding(Funder.PLATFORM, HUNDRED)
STORE_FUNDED = Funding(Funder.STORE, ZERO)


@dataclass(frozen=True)
class WholesaleTier:
    """B2B tier price (seed 001, 批发): from `min_quantity` units on, each unit costs `unit_price`."""

    min_quantity: int
    unit_price: Decimal


@dataclass(frozen=True)
class CartLine:
    """One cart line: a SKU of one store, with what the catalog knows about it now.

    `categories` holds the SKU's backend leaf category and all its ancestors, so a scope naming a category at
    any level matches. `special_price` is a flash-sale or group-buy price the shopper is entitled to.
    `chosen_promotion` is the promotion the shopper switched to in the cart (None: the engine picks the best).
    """

    line_id: int
    sku: int
    store: int
    quantity: int
    price: Decimal
    categories: frozenset[int] = frozenset()
    brand: int | None = None
    freight_template: int | None = None
    weight: Decimal = ZERO  # kg per unit
    volume: Decimal = ZERO  # m³ per unit
    on_shelf: bool = True
    available: int | None = None  # stock the shopper can still buy; None when not tracked
    wholesale_tiers: tuple[WholesaleTier, ...] = ()
    special_price: Decimal | None = None
    chosen_promotion: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.quantity <= MAX_QUANTITY:
            raise ValueError(f"quantity must be 1 to {MAX_QUANTITY}, got {self.quantity}")
        _check_amount(self.price, "a price")


class MemberScopeKind(StrEnum):
    ALL = "all"
    NEW_MEMBERS = "new_members"
    LEVELS = "levels"


@dataclass(frozen=True)
class MemberScope:
    """Which members a promotion is for (seed 002: 全员, 新注册用户, 某等级会员)."""

    kind: MemberScopeKind = MemberScopeKind.ALL
    levels: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Member:
    """The shopper. `level_percent` is the member-level price as a share paid ("95": 95 % of the SKU price)."""

    id: int | None = None
    level: int | None = None
    level_percent: Decimal = HUNDRED
    is_new: bool = False
    points_balance: int = 0
    stored_value_balance: Decimal = ZERO  # 储值: what the member may pay from their gift-card balance

    def __post_init__(self) -> None:
        _check_percent(self.level_percent)
        _check_amount(self.stored_value_balance, "a stored-value balance")


@dataclass(frozen=True)
class GoodsScope:
    """Which goods a promotion or coupon covers (seed 002: 单品, 品类, 品牌 ... 除个别特殊商品)."""

    all: bool = False
    skus: frozenset[int] = frozenset()
    categories: frozenset[int] = frozenset()
    brands: frozenset[int] = frozenset()
    excluded_skus: frozenset[int] = frozenset()

    def covers(self, line: CartLine) -> bool:
        if line.sku in self.excluded_skus:
            return False
        return (
            self.all
            or line.sku in self.skus
            or (line.brand is not None and line.brand in self.brands)
            or not self.categories.isdisjoint(line.categories)
        )

    def covers_product(self, product) -> bool:
        """Whether the scope covers one of the product's SKUs, as `covers` would judge a cart line of it: what a
        product page or a list badge shows. `product` has `brand_id`, and `sku_ids` and `categories` (its backend
        category and ancestors), which are read only when the scope needs them (they may cost a query)."""
        if self.skus or self.excluded_skus:
            skus = product.sku_ids - self.excluded_skus
            if not skus:
                return False
            if not skus.isdisjoint(self.skus):
                return True
        return (
            self.all
            or (product.brand_id is not None and product.brand_id in self.brands)
            or (bool(self.categories) and not self.categories.isdisjoint(product.categories))
        )

    @property
    def breadth(self) -> int:
        """How wide the scope is, for the coupon tie-break (narrower wins): SKUs 0, brands 1, categories 2, all 3."""
        if self.all:
            return 3
        if self.categories:
            return 2
        return 1 if self.brands else 0


EVERYTHING = GoodsScope(all=True)


class PromotionKind(StrEnum):
    ITEM_DISCOUNT = "item_discount"
    FULL_REDUCTION = "full_reduction"
    EVERY_FULL_REDUCTION = "every_full_reduction"
    BUNDLE = "bundle"
    GIFT = "gift"
    FULL_GIFT = "full_gift"
    MULTI_BUY_PRICE = "multi_buy_price"
    MULTI_BUY_PERCENT = "multi_buy_percent"
    ADD_ON_PURCHASE = "add_on_purchase"


@dataclass(frozen=True)
class ItemDiscountRule:
    """单品促销: the unit pays `percent` of its price, or costs `price` (whichever the promotion names)."""

    percent: Decimal | None = None
    price: Decimal | None = None

    def __post_init__(self) -> None:
        if (self.percent is None) == (self.price is None):
            raise ValueError("an item discount names exactly one of percent or price")
        if self.percent is not None:
            _check_percent(self.percent)
        if self.price is not None:
            _check_amount(self.price, "an item discount price")


@dataclass(frozen=True)
class ReductionTier:
    threshold: Decimal
    discount: Decimal

    def __post_init__(self) -> None:
        _check_amount(self.discount, "a discount")
        if self.discount > self.threshold:
            raise ValueError(f"a discount of {self.discount} is above its threshold {self.threshold}")


@dataclass(frozen=True)
class FullReductionRule:
    """阶梯满减: the highest tier reached applies (100 off 10, 300 off 50, 500 off 80)."""

    tiers: tuple[ReductionTier, ...]


@dataclass(frozen=True)
class EveryFullReductionRule:
    """每满减: each full `step` takes `discount` off, up to `cap` (each 200 off 20: 230 pays 210, 430 pays 390)."""

    step: Decimal
    discount: Decimal
    cap: Decimal | None = None

    def __post_init__(self) -> None:
        if self.step <= 0:
            raise ValueError("an every-step reduction needs a positive step")
        ReductionTier(self.step, self.discount)


@dataclass(frozen=True)
class SkuQuantity:
    sku: int
    quantity: int = 1


@dataclass(frozen=True)
class BundleRule:
    """套装: one set of `items` costs `price` (A 50 + B 80 as a set for 100)."""

    items: tuple[SkuQuantity, ...]
    price: Decimal

    def __post_init__(self) -> None:
        if not self.items:
            raise ValueError("a bundle needs items")
        if len({item.sku for item in self.items}) != len(self.items):
            raise ValueError("a bundle names each SKU once, with its quantity")
        _check_amount(self.price, "a bundle price")


@dataclass(frozen=True)
class GiftRule:
    """赠品: buying a covered item brings all of `gifts` (seed 002 recommends 赠品全送: every gift is given)."""

    gifts: tuple[SkuQuantity, ...]


@dataclass(frozen=True)
class GiftTier:
    threshold: Decimal
    gifts: tuple[SkuQuantity, ...]


@dataclass(frozen=True)
class FullGiftRule:
    """满赠, tiered: the highest tier reached gives its gifts (300: selfie stick, 500: power bank, 1000: headphones)."""

    tiers: tuple[GiftTier, ...]


@dataclass(frozen=True)
class MultiBuyPriceRule:
    """多买优惠, M元任选N件: any `count` covered units for `price`."""

    count: int
    price: Decimal

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError("a multi-buy needs a count of at least 1")
        _check_amount(self.price, "a multi-buy price")


@dataclass(frozen=True)
class MultiBuyPercentRule:
    """多买优惠, M件N折: from `count` covered units on, they all pay `percent`."""

    count: int
    percent: Decimal

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError("a multi-buy needs a count of at least 1")
        _check_percent(self.percent)


@dataclass(frozen=True)
class AddOnItem:
    sku: int
    price: Decimal


@dataclass(frozen=True)
class AddOnPurchaseRule:
    """加价购 / 换购: once the covered goods reach `threshold`, one unit of each of `items` costs its `price`."""

    threshold: Decimal
    items: tuple[AddOnItem, ...]


PromotionRule = (
    ItemDiscountRule
    | FullReductionRule
    | EveryFullReductionRule
    | BundleRule
    | GiftRule
    | FullGiftRule
    | MultiBuyPriceRule
    | MultiBuyPercentRule
    | AddOnPurchaseRule
)

RULE_OF_KIND: dict[PromotionKind, type] = {
    PromotionKind.ITEM_DISCOUNT: ItemDiscountRule,
    PromotionKind.FULL_REDUCTION: FullReductionRule,
    PromotionKind.EVERY_FULL_REDUCTION: EveryFullReductionRule,
    PromotionKind.BUNDLE: BundleRule,
    PromotionKind.GIFT: GiftRule,
    PromotionKind.FULL_GIFT: FullGiftRule,
    PromotionKind.MULTI_BUY_PRICE: MultiBuyPriceRule,
    PromotionKind.MULTI_BUY_PERCENT: MultiBuyPercentRule,
    PromotionKind.ADD_ON_PURCHASE: AddOnPurchaseRule,
}


@dataclass(frozen=True)
class Promotion:
    """A live promotion. `store` None is a platform promotion (every store's goods, platform funded by default).

    `member_uses_left` is what the member may still use of a per-member limit (None: no limit); at 0 the
    promotion no longer applies to them. An empty `channels` means every channel.
    """

    id: int
    name: str
    kind: PromotionKind
    rule: PromotionRule
    starts_at: datetime
    ends_at: datetime
    store: int | None = None
    scope: GoodsScope = EVERYTHING
    channels: frozenset[Channel] = frozenset()
    member_scope: MemberScope = MemberScope()
    funding: Funding | None = None
    member_uses_left: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.rule, RULE_OF_KIND[self.kind]):
            raise ValueError(f"a {self.kind} promotion needs a {RULE_OF_KIND[self.kind].__name__}")

    @property
    def funded_by(self) -> Funding:
        if self.funding is not None:
            return self.funding
        return PLATFORM_FUNDED if self.store is None else STORE_FUNDED


class CouponKind(StrEnum):
    CASH = "cash"  # 现金券: no threshold
    THRESHOLD = "threshold"  # 满减券: spend `threshold`, get `value` off
    PERCENT = "percent"  # 折扣券: pay `value` percent, at most `max_discount` off


@dataclass(frozen=True)
class Coupon:
    """One of the member's unused coupons (a user coupon), as the coupons center hands it over.

    `store` None is a platform coupon (HQ pays, seed 002); otherwise a store coupon paid by that store.
    `valid_to` is already resolved from "N days from claiming". An empty `channels` means every channel.
    """

    id: int
    kind: CouponKind
    value: Decimal
    valid_from: datetime
    valid_to: datetime
    threshold: Decimal = ZERO
    max_discount: Decimal | None = None
    store: int | None = None
    goods: GoodsScope = EVERYTHING
    channels: frozenset[Channel] = frozenset()
    template_id: int | None = None
    name: str = ""

    def __post_init__(self) -> None:
        _check_amount(self.value, "a coupon value")
        if self.kind is CouponKind.PERCENT:
            _check_percent(self.value)
        if self.kind is CouponKind.THRESHOLD and self.value > self.threshold:
            raise ValueError(f"a coupon value of {self.value} is above its threshold {self.threshold}")

    @property
    def funding(self) -> Funding:
        return PLATFORM_FUNDED if self.store is None else STORE_FUNDED


@dataclass(frozen=True)
class PointsRule:
    """积分抵现: `points_per_yuan` points pay one yuan (100 = 1 yuan); at most `max_share_percent` of the goods
    payable after coupons may be paid with points."""

    points_per_yuan: int
    max_share_percent: Decimal

    def __post_init__(self) -> None:
        if self.points_per_yuan < 1:
            raise ValueError("points_per_yuan must be at least 1")
        _check_percent(self.max_share_percent)


@dataclass(frozen=True)
class CartInput:
    """Everything one pricing needs. `chosen_coupons` None is "auto" (the engine picks the best coupons);
    a tuple applies those coupon ids and reports the others. `region` is the address's official region code
    (None: no address yet, so no freight). `stored_value` is what the shopper asks to pay from their balance
    (the engine caps it). `now` is passed in: the engine never reads the clock."""

    lines: tuple[CartLine, ...]
    now: datetime
    member: Member = Member()
    channel: Channel = Channel.WEB
    region: str | None = None
    promotions: tuple[Promotion, ...] = ()
    coupons: tuple[Coupon, ...] = ()
    chosen_coupons: tuple[int, ...] | None = None
    points: int = 0
    points_rule: PointsRule | None = None
    stored_value: Decimal = ZERO
    freight_templates: tuple[FreightTemplate, ...] = ()

    def __post_init__(self) -> None:
        skus = [line.sku for line in self.lines]
        if len(set(skus)) != len(skus):
            raise ValueError("the cart merges a SKU into one line; a SKU appears twice")
        known = {template.id for template in self.freight_templates}
        if any(line.freight_template not in known for line in self.lines if line.freight_template is not None):
            raise ValueError("every line's freight template must be among freight_templates")
        if self.points < 0:
            raise ValueError("points must not be negative")
        _check_amount(self.stored_value, "stored value asked for")
