"""Freight calculation, pure: freight templates as frozen dataclasses in, a fee per store order out.

A store's freight template (运费模板) charges by piece, weight or volume: a first-unit fee for the first
`first_units`, then `additional_fee` for each started block of `additional_units`. Rules and conditions name
regions by official code; a province rule ("44" or "440000") covers its cities and districts, a city rule
("4403" or "440300") its districts, and the most specific rule for the address wins. Goods of one template in
one store order are charged together (DESIGN.md "Logistics"); different templates add up.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum

from marketplace.amounts import ZERO, quantize


class FreightBasis(StrEnum):
    FREE = "free"  # 包邮
    PIECE = "piece"  # 按件数
    WEIGHT = "weight"  # 按重量, kg
    VOLUME = "volume"  # 按体积, m³


def region_prefix(code: str) -> str:
    """The prefix a region code stands for: "440000" is the province "44", "440300" the city "4403"."""
    prefix = code
    while len(prefix) > 2 and prefix.endswith("00"):
        prefix = prefix[:-2]
    return prefix


def covers_region(codes: Iterable[str], region: str) -> int:
    """How specifically `codes` cover `region`: the longest matching prefix length, 0 when none matches."""
    return max((len(prefix) for prefix in map(region_prefix, codes) if region.startswith(prefix)), default=0)


@dataclass(frozen=True)
class FreightRate:
    """First-unit and additional-unit fees; `regions` empty is the template's default rate."""

    first_units: Decimal
    first_fee: Decimal
    additional_units: Decimal
    additional_fee: Decimal
    regions: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.first_units <= 0 or self.additional_units <= 0:
            raise ValueError("first and additional units must be positive")
        if self.first_fee < 0 or self.additional_fee < 0:
            raise ValueError("freight fees must not be negative")

    def fee(self, units: Decimal) -> Decimal:
        if units <= 0:
            return ZERO
        extra = max(units - self.first_units, ZERO)
        blocks = (extra / self.additional_units).to_integral_value(rounding=ROUND_CEILING)
        return quantize(self.first_fee + blocks * self.additional_fee)


@dataclass(frozen=True)
class FreeShipping:
    """包邮条件: free when the template's goods reach `min_amount` and / or `min_count` pieces, in `regions`
    (empty: everywhere). Every condition given must hold."""

    min_amount: Decimal | None = None
    min_count: int | None = None
    regions: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.min_amount is None and self.min_count is None:
            raise ValueError("a free-shipping condition needs an amount or a count")

    def applies(self, region: str, amount: Decimal, count: int) -> bool:
        if self.regions and not covers_region(self.regions, region):
            return False
        amount_met = self.min_amount is None or amount >= self.min_amount
        return amount_met and (self.min_count is None or count >= self.min_count)


@dataclass(frozen=True)
class FreightTemplate:
    id: int
    basis: FreightBasis
    default_rate: FreightRate | None = None
    region_rates: tuple[FreightRate, ...] = ()
    free_shipping: tuple[FreeShipping, ...] = ()
    undeliverable: frozenset[str] = frozenset()

    def rate_for(self, region: str) -> FreightRate | None:
        """The most specific region rate for the address, else the default rate."""
        best = max(self.region_rates, key=lambda rate: covers_region(rate.regions, region), default=None)
        if best is not None and covers_region(best.regions, region):
            return best
        return self.default_rate

    def delivers_to(self, region: str) -> bool:
        if self.basis is FreightBasis.FREE:
            return not covers_region(self.undeliverable, region)
        return not covers_region(self.undeliverable, region) and self.rate_for(region) is not None


@dataclass(frozen=True)
class FreightItem:
    """One line of a store order as freight sees it: per-unit weight and volume, and the goods amount the
    free-shipping condition is tested on."""

    template: int
    quantity: int
    weight: Decimal = ZERO
    volume: Decimal = ZERO
    amount: Decimal = ZERO


def _units(basis: FreightBasis, items: Sequence[FreightItem]) -> Decimal:
    if basis is FreightBasis.WEIGHT:
        return sum((item.weight * item.quantity for item in items), ZERO)
    if basis is FreightBasis.VOLUME:
        return sum((item.volume * item.quantity for item in items), ZERO)
    return Decimal(sum(item.quantity for item in items))


def template_fee(template: FreightTemplate, items: Sequence[FreightItem], region: str) -> Decimal:
    """The fee for all goods of one template in one store order, charged together."""
    if template.basis is FreightBasis.FREE or not items:
        return ZERO
    amount = sum((item.amount for item in items), ZERO)
    count = sum(item.quantity for item in items)
    if any(condition.applies(region, amount, count) for condition in template.free_shipping):
        return ZERO
    rate = template.rate_for(region)
    if rate is None:
        raise ValueError(f"freight template {template.id} does not deliver to {region}")
    return rate.fee(_units(template.basis, items))


def store_order_freight(templates: dict[int, FreightTemplate], items: Sequence[FreightItem], region: str) -> Decimal:
    """The freight of one store order: each template's goods charged together, the templates added up."""
    by_template: dict[int, list[FreightItem]] = {}
    for item in items:
        by_template.setdefault(item.template, []).append(item)
    fees = (template_fee(templates[template_id], group, region) for template_id, group in by_template.items())
    return sum(fees, ZERO)
