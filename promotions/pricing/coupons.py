"""Step 4: coupons. Store coupons first, one per store, then one platform coupon per order; thresholds are tested
on what the covered goods owe after promotions (DESIGN.md "Coupons").

Best-coupon choice (seed 002, 2.3 优惠券的核销): of the usable coupons take the largest deduction; on a tie the
narrower goods scope (so a wide coupon stays for another order), then the one that expires first, then the
older coupon. A cash coupon worth more than the goods owe is still usable but brings a warning (弹出提醒框).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from marketplace.amounts import ZERO, quantize
from promotions.pricing.breakdown import PricingWarning, Source
from promotions.pricing.ledger import DiscountSource, Ledger, LineState
from promotions.pricing.types import HUNDRED, CartInput, Coupon, CouponKind, GoodsScope


@dataclass(frozen=True)
class CouponFit:
    """How one coupon fits the cart now: the lines it covers and its deduction, or why it cannot be used."""

    coupon: Coupon
    lines: tuple[LineState, ...] = ()
    base: Decimal = ZERO
    deduction: Decimal = ZERO
    reason: str = ""

    @property
    def usable(self) -> bool:
        return not self.reason

    @property
    def exceeds_payable(self) -> bool:
        return self.coupon.kind is not CouponKind.PERCENT and self.coupon.value > self.base


def deduction(coupon: Coupon, base: Decimal) -> Decimal:
    if coupon.kind is CouponKind.PERCENT:
        cut = quantize(base * (HUNDRED - coupon.value) / HUNDRED)
        return cut if coupon.max_discount is None else min(cut, coupon.max_discount)
    return min(coupon.value, base)


def _time_or_channel_reason(coupon: Coupon, cart: CartInput) -> str:
    if cart.now < coupon.valid_from:
        return "not_started"
    if cart.now >= coupon.valid_to:
        return "expired"
    if coupon.channels and cart.channel not in coupon.channels:
        return "wrong_channel"
    return ""


class Coverage:
    """The lines each goods scope covers in one round, and what they owe together. Computed once per scope: a
    member's 200 coupons share a handful of scopes, and nothing is paid between the fits of one round."""

    def __init__(self, lines: Sequence[LineState]) -> None:
        self.lines = lines
        self._by_scope: dict[GoodsScope, tuple[tuple[LineState, ...], Decimal]] = {}

    def of(self, goods: GoodsScope) -> tuple[tuple[LineState, ...], Decimal]:
        if goods not in self._by_scope:
            covered = tuple(line for line in self.lines if goods.covers(line.line))
            self._by_scope[goods] = (covered, sum((line.payable for line in covered), ZERO))
        return self._by_scope[goods]


def fit(coupon: Coupon, cart: CartInput, coverage: Coverage) -> CouponFit:
    """`coverage` holds the valid, non-gift lines the coupon's store (or the platform) could cover."""
    reason = _time_or_channel_reason(coupon, cart)
    if reason:
        return CouponFit(coupon, reason=reason)
    if not coverage.lines:
        return CouponFit(coupon, reason="store_not_in_cart" if coupon.store is not None else "no_eligible_goods")
    covered, base = coverage.of(coupon.goods)
    if not covered:
        return CouponFit(coupon, reason="no_eligible_goods")
    if base < coupon.threshold:
        return CouponFit(coupon, covered, base, reason="below_threshold")
    cut = deduction(coupon, base)
    if cut <= 0:
        return CouponFit(coupon, covered, base, reason="nothing_payable")
    return CouponFit(coupon, covered, base, cut)


def best(fits: Iterable[CouponFit]) -> CouponFit | None:
    usable = [candidate for candidate in fits if candidate.usable]
    return min(
        usable,
        key=lambda c: (-c.deduction, c.coupon.goods.breadth, c.coupon.valid_to, c.coupon.id),
        default=None,
    )


@dataclass
class CouponDesk:
    """Applies the coupons of one pricing call and keeps the picker's lists and the warnings."""

    cart: CartInput
    ledger: Ledger
    applied: list[int]
    usable: list[int]
    unusable: list[tuple[int, str]]
    warnings: list[PricingWarning]

    def settle_round(self, coupons: Sequence[Coupon], lines: Sequence[LineState], limit_code: str) -> None:
        """One round: a store's coupons over its lines, or the platform coupons over every store."""
        coverage = Coverage(lines)
        fits = [fit(coupon, self.cart, coverage) for coupon in coupons]
        chosen = self._choose(fits)
        for candidate in fits:
            if candidate.usable:
                self.usable.append(candidate.coupon.id)
            else:
                self.unusable.append((candidate.coupon.id, candidate.reason))
        if chosen is not None:
            self._apply(chosen)
        self._warn_unstacked(fits, chosen, limit_code)

    def _choose(self, fits: list[CouponFit]) -> CouponFit | None:
        if self.cart.chosen_coupons is None:
            return best(fits)
        by_id = {candidate.coupon.id: candidate for candidate in fits}
        for coupon_id in self.cart.chosen_coupons:
            candidate = by_id.get(coupon_id)
            if candidate is not None and candidate.usable:
                return candidate
        return None

    def _apply(self, chosen: CouponFit) -> None:
        coupon = chosen.coupon
        source = DiscountSource(Source.COUPON, coupon.id, coupon.kind.value, coupon.funding, coupon.name)
        self.ledger.give(source, chosen.deduction, chosen.lines)
        self.applied.append(coupon.id)
        if chosen.exceeds_payable:
            self.warnings.append(
                PricingWarning(
                    "coupon_exceeds_payable",
                    f"coupon {coupon.id} is worth {coupon.value} but the goods it covers owe {chosen.base}",
                    coupon.id,
                )
            )

    def _warn_unstacked(self, fits: list[CouponFit], chosen: CouponFit | None, limit_code: str) -> None:
        """A chosen coupon that fits but loses to another of the same round is named, not silently dropped."""
        if self.cart.chosen_coupons is None:
            return
        for candidate in fits:
            named = candidate.coupon.id in self.cart.chosen_coupons
            if named and candidate.usable and candidate is not chosen:
                self.warnings.append(
                    PricingWarning(limit_code, f"coupon {candidate.coupon.id} does not stack", candidate.coupon.id)
                )
