"""What the pricing engine is given: a cart as plain frozen dataclasses, built by the cart, preview, submit and
refund code from their rows. Money is Decimal yuan to the cent; a `percent` is the share PAID (API.md: "60" is
6折, 100.00 pays 60.00)."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from logistics.freight import FreightTemplate
from marketplace.amounts import ZERO
from promotions.pricing.rule import PromotionRule

MAX_QUANTITY = 9999
HUNDRED = Decimal(100)


def check_percent(percent: Decimal) -> None:
    if not ZERO <= percent <= HUNDRED:
        raise ValueError(f"a percent is a share paid from 0 to 100, not {percent}")


def check_amount(amount: Decimal, what: str) -> None:
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
        check_percent(self.platform_percent)


PLATFORM_FUNDED = Funding(Funder.PLATFORM, HUNDRED)
STORE_FUNDED = Funding(Funder.STORE, ZERO)


@dataclass(frozen=True)
class WholesaleTier:
    """B2B tier price (seed 001, 批发): from `min_quantity` units on, each unit costs `unit_price`."""

    min_quantity: int
    unit_price: Decimal


@dataclass(frozen=True)
class PlayPrice:
    """A marketing play's price for a line (seed 001: 秒杀 ...), in a lane of its own: the line starts from the SKU's
    price and the play takes off the difference as a component with its funder, apportioned like any promotion.
    `source_id` is the play's row (a flash-sale session); `exclusive`: no promotion applies to the line (the
    default); otherwise order-level promotions still may (item promotions never: the play's price is the deal)."""

    kind: str
    source_id: int
    unit_price: Decimal
    funding: Funding
    name: str = ""
    exclusive: bool = True

    def __post_init__(self) -> None:
        check_amount(self.unit_price, "a play's price")


@dataclass(frozen=True)
class CartLine:
    """One cart line: a SKU of one store, with what the catalog knows about it now.

    `categories` holds the SKU's backend leaf category and all its ancestors, so a scope naming a category at
    any level matches. `special_price` is a price the shopper is entitled to for this order alone, exactly (an
    assisted order's agreed price, decision 0042); `play` a marketing play's price in its own lane (a flash sale).
    `chosen_promotion` is the promotion the shopper switched to in the cart (None: the engine picks the best).
    `wholesale_tiers`, `negotiated_price` and `min_quantity` are a business buyer's terms (seed 001, 批发), filled
    only for a member of an approved company.
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
    negotiated_price: Decimal | None = None  # 协议价: the buyer's company's price list, when it names the SKU
    min_quantity: int = 1  # 起订量: fewer units make the line invalid ("below_minimum")
    special_price: Decimal | None = None
    chosen_promotion: int | None = None
    play: PlayPrice | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.quantity <= MAX_QUANTITY:
            raise ValueError(f"quantity must be 1 to {MAX_QUANTITY}, got {self.quantity}")
        check_amount(self.price, "a price")
        if self.negotiated_price is not None:
            check_amount(self.negotiated_price, "a negotiated price")
        if self.min_quantity < 1:
            raise ValueError(f"a minimum quantity is at least 1, got {self.min_quantity}")


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
    """The shopper. `level_percent` is the member-level price as a share paid ("95": 95 % of the SKU price).
    `company`: the approved company the member buys for (a business buyer, 企业采购); retail-only promotions do not
    apply to them."""

    id: int | None = None
    level: int | None = None
    level_percent: Decimal = HUNDRED
    is_new: bool = False
    points_balance: int = 0
    stored_value_balance: Decimal = ZERO  # 储值: what the member may pay from their gift-card balance
    company: int | None = None

    @property
    def is_business(self) -> bool:
        return self.company is not None

    def __post_init__(self) -> None:
        check_percent(self.level_percent)
        check_amount(self.stored_value_balance, "a stored-value balance")


@dataclass(frozen=True)
class GoodsScope:
    """Which goods a promotion or coupon covers (seed 002: 单品, 品类, 品牌 ... 除个别特殊商品)."""

    all: bool = False
    skus: frozenset[int] = frozenset()
    categories: frozenset[int] = frozenset()
    brands: frozenset[int] = frozenset()
    excluded_skus: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        for name in ("skus", "categories", "brands", "excluded_skus"):  # any iterable of ids is taken
            object.__setattr__(self, name, frozenset(getattr(self, name)))

    @property
    def names_goods(self) -> bool:
        """Whether it names any goods: all of them, or some SKUs, categories or brands (exclusions alone do not)."""
        return bool(self.all or self.skus or self.categories or self.brands)

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


@dataclass(frozen=True)
class SkuQuantity:
    """A SKU and how many of it: a bundle's items, a gift."""

    sku: int
    quantity: int = 1


@dataclass(frozen=True)
class Promotion:
    """A live promotion. `store` None is a platform promotion (every store's goods, platform funded by default).

    `member_uses_left` is what the member may still use of a per-member limit (None: no limit); at 0 the
    promotion no longer applies to them. An empty `channels` means every channel. `retail_only`: not for business
    buyers, whose orders start from wholesale or negotiated prices.
    """

    id: int
    name: str
    kind: str  # a PromotionKind (promotions.pricing.kinds)
    rule: PromotionRule
    starts_at: datetime
    ends_at: datetime
    store: int | None = None
    scope: GoodsScope = EVERYTHING
    channels: frozenset[Channel] = frozenset()
    member_scope: MemberScope = MemberScope()
    funding: Funding | None = None
    member_uses_left: int | None = None
    retail_only: bool = False

    def __post_init__(self) -> None:
        from promotions.pricing.kinds import rule_type  # the registry's kinds import this module

        if not isinstance(self.rule, rule_type(self.kind)):
            raise ValueError(f"a {self.kind} promotion needs a {rule_type(self.kind).__name__}")

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
        check_amount(self.value, "a coupon value")
        if self.kind is CouponKind.PERCENT:
            check_percent(self.value)
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
        check_percent(self.max_share_percent)


@dataclass(frozen=True)
class PointsLot:
    """A lot of the member's points: the store whose sale earned it (None: HQ's own points) and what is left of it.
    The cart lists them in the order spending takes them (earliest expiry first)."""

    store: int | None
    points: int

    def __post_init__(self) -> None:
        if self.points < 0:
            raise ValueError("a lot's points must not be negative")


@dataclass(frozen=True)
class Agreement:
    """An assisted order agreed by hand between a store and a business buyer (人工介入, 改价; decision 0042): its
    lines come priced at the agreed `CartLine.special_price`, no promotion applies to them (the agreement is the
    deal), and `discount` is the store's special discount (特殊优惠) over the store's lines, apportioned like any
    discount and funded by the store. `source_id` is the agreement's own row."""

    source_id: int
    store: int
    discount: Decimal = ZERO
    name: str = ""

    def __post_init__(self) -> None:
        check_amount(self.discount, "a special discount")


@dataclass(frozen=True)
class CartInput:
    """Everything one pricing needs. `chosen_coupons` None is "auto" (the engine picks the best coupons);
    a tuple applies those coupon ids and reports the others. `region` is the address's official region code
    (None: no address yet, so no freight). `stored_value` is what the shopper asks to pay from their balance
    (the engine caps it). `now` is passed in: the engine never reads the clock. `agreement`: the cart is an
    assisted order's (its lines all of the agreement's store)."""

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
    points_lots: tuple[PointsLot, ...] = ()  # none given: every point is HQ's, so HQ funds all points
    stored_value: Decimal = ZERO
    freight_templates: tuple[FreightTemplate, ...] = ()
    agreement: Agreement | None = None

    def __post_init__(self) -> None:
        skus = [line.sku for line in self.lines]
        if len(set(skus)) != len(skus):
            raise ValueError("the cart merges a SKU into one line; a SKU appears twice")
        known = {template.id for template in self.freight_templates}
        if any(line.freight_template not in known for line in self.lines if line.freight_template is not None):
            raise ValueError("every line's freight template must be among freight_templates")
        if self.points < 0:
            raise ValueError("points must not be negative")
        check_amount(self.stored_value, "stored value asked for")
