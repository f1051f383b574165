"""What the pricing engine returns: every line with its discounts as components, stores, and the cart totals.

Totals are sums of lines, never computed apart, so they cannot disagree: a line's payable is its amount less its
components, a store's payable its lines' payables plus freight, the cart's the stores'. Stored value paid is kept
beside the components (a payment, not a discount): `cash_payable` is the payable less it. The API's shape of it
is written by promotions.serializers: the engine knows nothing of HTTP.
"""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from marketplace.amounts import ZERO, quantize
from promotions.pricing.types import HUNDRED, Funder, Funding


class Source(StrEnum):
    PROMOTION = "promotion"
    COUPON = "coupon"
    POINTS = "points"
    PLAY = "play"  # a marketing play's price (flash sale): a lane of its own, reported with the promotions
    SPECIAL = "special"  # an assisted order's special discount (decision 0042), reported with the promotions


@dataclass(frozen=True)
class Component:
    """One discount's share of one line: which source (a promotion, a coupon, points), who funds it, how much."""

    source: Source
    source_id: int | None
    kind: str
    funding: Funding
    amount: Decimal

    @property
    def platform_amount(self) -> Decimal:
        """The platform's part; a shared discount is split on this line by the funding ratio."""
        if self.funding.funder is Funder.PLATFORM:
            return self.amount
        if self.funding.funder is Funder.STORE:
            return ZERO
        return quantize(self.amount * self.funding.platform_percent / HUNDRED)

    @property
    def store_amount(self) -> Decimal:
        return self.amount - self.platform_amount


@dataclass(frozen=True)
class LineBreakdown:
    """A priced line. Gift lines cost nothing; invalid lines (off shelf, out of stock, undeliverable) carry a
    reason and count in no total. `promotions` are those that fit the line (the cart lets the shopper switch
    among them), `chosen_promotion` the one the shopper picked, if any."""

    line_id: int | None
    sku: int
    store: int
    quantity: int
    unit_price: Decimal
    components: tuple[Component, ...] = ()
    gift: bool = False
    valid: bool = True
    reason: str = ""
    promotions: tuple[int, ...] = ()
    chosen_promotion: int | None = None
    stored_value: Decimal = ZERO
    min_quantity: int = 1  # a business buyer's minimum order quantity (reason "below_minimum" under it)

    @property
    def amount(self) -> Decimal:
        return self.unit_price * self.quantity

    def discount_from(self, source: Source) -> Decimal:
        return sum((part.amount for part in self.components if part.source is source), ZERO)

    @property
    def promotion_discount(self) -> Decimal:
        """Promotions, plays and a special discount: what the seller took off (API.md keeps three discounts per
        line)."""
        return (
            self.discount_from(Source.PROMOTION) + self.discount_from(Source.PLAY) + self.discount_from(Source.SPECIAL)
        )

    @property
    def play_discount(self) -> Decimal:
        return self.discount_from(Source.PLAY)

    @property
    def coupon_discount(self) -> Decimal:
        return self.discount_from(Source.COUPON)

    @property
    def points_discount(self) -> Decimal:
        return self.discount_from(Source.POINTS)

    @property
    def discount(self) -> Decimal:
        return sum((part.amount for part in self.components), ZERO)

    @property
    def payable(self) -> Decimal:
        return self.amount - self.discount


def promotions_of(lines) -> dict[int, Decimal]:
    """The promotions these lines got something from, with the discount each gave them (a gift's is 0.00), in
    the order they were first applied."""
    given: dict[int, Decimal] = {}
    for line in lines:
        if not line.valid:
            continue
        for part in line.components:
            if part.source is Source.PROMOTION:
                given[part.source_id] = given.get(part.source_id, ZERO) + part.amount
        if line.gift and line.promotions:
            given.setdefault(line.promotions[0], ZERO)
    return given


@dataclass(frozen=True)
class AppliedDiscount:
    """One discount as awarded before it was apportioned: the components of its source sum to `amount`."""

    source: Source
    source_id: int | None
    name: str
    amount: Decimal
    gifts: tuple[tuple[int, int], ...] = ()  # (sku, quantity) a gift promotion gives


@dataclass(frozen=True)
class StoreBreakdown:
    store: int
    lines: tuple[LineBreakdown, ...]
    freight: Decimal
    promotion_names: dict[int, str]

    @property
    def valid_lines(self) -> tuple[LineBreakdown, ...]:
        return tuple(line for line in self.lines if line.valid)

    @property
    def subtotal(self) -> Decimal:
        return sum((line.amount for line in self.valid_lines), ZERO)

    @property
    def discount(self) -> Decimal:
        return sum((line.discount for line in self.valid_lines), ZERO)

    @property
    def payable(self) -> Decimal:
        return sum((line.payable for line in self.valid_lines), ZERO) + self.freight

    @property
    def stored_value(self) -> Decimal:
        return sum((line.stored_value for line in self.valid_lines), ZERO)

    @property
    def cash_payable(self) -> Decimal:
        """What is left to pay by the payment gateway: the payable less what the balance pays."""
        return self.payable - self.stored_value

    def discount_by(self, source: Source) -> dict[int | None, Decimal]:
        """This store's share of each discount of `source`, in the order they were first applied."""
        shares: dict[int | None, Decimal] = {}
        for line in self.valid_lines:
            for part in line.components:
                if part.source is source:
                    shares[part.source_id] = shares.get(part.source_id, ZERO) + part.amount
        return shares


@dataclass(frozen=True)
class CouponReport:
    """The checkout coupon picker: `usable` holds every coupon that fits this cart (the applied ones too),
    `unusable` the others with a stable reason code."""

    applied: tuple[int, ...] = ()
    usable: tuple[int, ...] = ()
    unusable: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class PointsUse:
    """The points spent and what they pay; `drawn`: (store that earned them or None for HQ's, points) in the order
    the lots are taken."""

    used: int = 0
    discount: Decimal = ZERO
    drawn: tuple[tuple[int | None, int], ...] = ()


@dataclass(frozen=True)
class StoredValueUse:
    """The member's stored-value balance before this order, and what it pays of the order."""

    balance: Decimal = ZERO
    used: Decimal = ZERO


@dataclass(frozen=True)
class PricingWarning:
    code: str
    detail: str
    coupon: int | None = None


@dataclass(frozen=True)
class CartBreakdown:
    stores: tuple[StoreBreakdown, ...]
    discounts: tuple[AppliedDiscount, ...]
    coupons: CouponReport
    points: PointsUse
    warnings: tuple[PricingWarning, ...] = ()
    stored_value: StoredValueUse = StoredValueUse()

    @property
    def lines(self) -> tuple[LineBreakdown, ...]:
        return tuple(line for store in self.stores for line in store.lines)

    @property
    def subtotal(self) -> Decimal:
        return sum((store.subtotal for store in self.stores), ZERO)

    @property
    def discount(self) -> Decimal:
        return sum((store.discount for store in self.stores), ZERO)

    @property
    def freight(self) -> Decimal:
        return sum((store.freight for store in self.stores), ZERO)

    @property
    def payable(self) -> Decimal:
        return sum((store.payable for store in self.stores), ZERO)

    @property
    def cash_payable(self) -> Decimal:
        return sum((store.cash_payable for store in self.stores), ZERO)
