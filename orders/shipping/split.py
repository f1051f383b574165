"""The shipment split (发货拆单), pure: order lines, the warehouses holding their stock and a carrier's limits in,
parcels out. No database, no clock, so it is tested with hypothesis and gives the same parcels on every retry
of the job that calls it.

A chain of splitters, each refining the parcels of the one before (docs/decisions/0007):

1. by warehouse: every unit is sourced from a warehouse holding it, the fewest warehouses and the nearest
   to the address first;
2. by shipping category: fragile lines each travel alone, oversize goods one unit per parcel, normal goods
   together;
3. by carrier limits: a parcel over the carrier's weight or volume is packed first-fit-decreasing into as
   many as needed, a line's quantity split between them; a unit over a limit on its own is shipped alone and
   flagged rather than refused.

Invariant: for every line the quantities across the parcels add up to the line's quantity exactly, and no
parcel exceeds a limit unless it holds a single flagged unit.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import IntEnum, StrEnum
from functools import partial
from typing import NamedTuple


class ShippingCategory(StrEnum):
    NORMAL = "normal"  # 普通: packed together
    FRAGILE = "fragile"  # 易碎: each line packed on its own
    OVERSIZE = "oversize"  # 大件: one unit per parcel


class Proximity(IntEnum):
    """How near a warehouse is to the address, by official region code; lower is nearer."""

    SAME_CITY = 0  # same prefecture-level city: the first four digits agree
    SAME_PROVINCE = 1  # the first two digits agree
    ELSEWHERE = 2


def proximity(warehouse_region: str, destination: str) -> Proximity:
    if warehouse_region[:4] == destination[:4]:
        return Proximity.SAME_CITY
    if warehouse_region[:2] == destination[:2]:
        return Proximity.SAME_PROVINCE
    return Proximity.ELSEWHERE


@dataclass(frozen=True)
class ShipLine:
    """One line of the paid store order, with the per-unit weight and volume of its SKU."""

    order_line_id: int
    sku_id: int
    quantity: int
    unit_weight_g: int
    unit_volume_mm3: int
    shipping_category: ShippingCategory = ShippingCategory.NORMAL

    def __post_init__(self) -> None:
        if self.quantity <= 0:
            raise ValueError(f"line {self.order_line_id}: quantity must be positive")
        if self.unit_weight_g < 0 or self.unit_volume_mm3 < 0:
            raise ValueError(f"line {self.order_line_id}: weight and volume must not be negative")


@dataclass(frozen=True)
class SourceWarehouse:
    """A warehouse of the selling store: its region code and the units it can give per SKU id (on hand less
    what other orders hold)."""

    id: int
    region: str
    available: Mapping[int, int] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class CarrierLimits:
    max_weight_g: int
    max_volume_mm3: int

    def __post_init__(self) -> None:
        if self.max_weight_g <= 0 or self.max_volume_mm3 <= 0:
            raise ValueError("carrier limits must be positive")


class ParcelLine(NamedTuple):
    order_line_id: int
    sku_id: int
    quantity: int


@dataclass(frozen=True)
class Parcel:
    """One package from one warehouse. `over_limit` marks the single unit that alone exceeds a carrier limit:
    it is shipped anyway (the seller arranges freight for it) instead of failing the whole order."""

    warehouse_id: int
    lines: tuple[ParcelLine, ...]
    weight_g: int
    volume_mm3: int
    shipping_category: ShippingCategory = ShippingCategory.NORMAL
    over_limit: bool = False


class UnsourceableShipment(ValueError):
    """The warehouses cannot give what the order holds. Stock was reserved at submission, so this is a bug
    (or stock corrected by hand since) and must stop the job loudly rather than ship part of the order."""

    def __init__(self, shortage: Mapping[int, int]):
        self.shortage = dict(sorted(shortage.items()))
        missing = ", ".join(f"SKU {sku_id}: {units} short" for sku_id, units in self.shortage.items())
        super().__init__(f"the warehouses cannot cover the order ({missing})")


# --- The parcels the splitters pass along: portions of lines, not yet summed up.


@dataclass(frozen=True)
class _Draft:
    warehouse_id: int
    portions: tuple[tuple[ShipLine, int], ...]  # (line, units of it in this parcel)
    category: ShippingCategory = ShippingCategory.NORMAL
    over_limit: bool = False

    @property
    def weight_g(self) -> int:
        return sum(line.unit_weight_g * units for line, units in self.portions)

    @property
    def volume_mm3(self) -> int:
        return sum(line.unit_volume_mm3 * units for line, units in self.portions)


Splitter = Callable[[_Draft], Iterable[_Draft]]


def split_shipment(
    *,
    destination: str,
    lines: Sequence[ShipLine],
    warehouses: Sequence[SourceWarehouse],
    limits: CarrierLimits,
) -> tuple[Parcel, ...]:
    """The parcels of one paid store order shipped to the region `destination` (a 6-digit code).

    Parcels come warehouse by warehouse in the order the warehouses were chosen; within one, normal goods
    first, then fragile and oversize ones in line order, each as packed, flagged units last. Raises
    UnsourceableShipment when the warehouses cannot cover the lines."""
    if len({line.order_line_id for line in lines}) != len(lines):
        raise ValueError("order line ids must be unique")
    if len({warehouse.id for warehouse in warehouses}) != len(warehouses):
        raise ValueError("warehouse ids must be unique")
    chain: tuple[Splitter, ...] = (by_shipping_category, partial(by_carrier_limits, limits=limits))
    drafts = by_warehouse(lines, warehouses, destination=destination)
    for splitter in chain:
        drafts = [piece for draft in drafts for piece in splitter(draft)]
    return tuple(_parcel(draft) for draft in drafts)


def by_warehouse(lines: Sequence[ShipLine], warehouses: Sequence[SourceWarehouse], *, destination: str) -> list[_Draft]:
    """Source every unit, one draft parcel per warehouse used.

    Greedy set cover with quantities: while units remain unsourced, take the best warehouse by
    (can it ship everything still needed?, nearness, how many of the needed units it can ship, id) and let
    it ship all it can. The first key makes one warehouse ship the whole order whenever one can, and the last
    warehouse of a split order the nearest that can finish it; between partial warehouses nearness wins,
    because delivery time is what the shopper sees, and the one shipping more breaks a tie. Exact minimum
    set cover is NP-hard; orders have a handful of lines and stores a handful of warehouses, and greedy is
    within a factor ln(n) of the optimum."""
    needed: dict[int, int] = defaultdict(int)
    for line in lines:
        needed[line.sku_id] += line.quantity
    nearness = {warehouse.id: proximity(warehouse.region, destination) for warehouse in warehouses}
    unused = {warehouse.id: warehouse.available for warehouse in warehouses}
    shipped_by: dict[int, dict[int, int]] = {}  # warehouse id -> SKU id -> units, in the order chosen
    while any(needed.values()):
        offers = {warehouse_id: _offer(available, needed) for warehouse_id, available in unused.items()}
        offers = {warehouse_id: offer for warehouse_id, offer in offers.items() if offer}
        if not offers:
            raise UnsourceableShipment({sku_id: units for sku_id, units in needed.items() if units})
        total_needed = sum(needed.values())
        chosen = min(
            offers,
            key=lambda warehouse_id: (
                sum(offers[warehouse_id].values()) < total_needed,
                nearness[warehouse_id],
                -sum(offers[warehouse_id].values()),
                warehouse_id,
            ),
        )
        shipped_by[chosen] = offers[chosen]
        del unused[chosen]
        for sku_id, units in offers[chosen].items():
            needed[sku_id] -= units
    return _hand_to_lines(shipped_by, lines)


def _offer(available: Mapping[int, int], needed: Mapping[int, int]) -> dict[int, int]:
    """What a warehouse can ship of the units still needed, per SKU."""
    offer = {sku_id: min(units, available.get(sku_id, 0)) for sku_id, units in needed.items()}
    return {sku_id: units for sku_id, units in offer.items() if units > 0}


def _hand_to_lines(shipped_by: Mapping[int, Mapping[int, int]], lines: Sequence[ShipLine]) -> list[_Draft]:
    """Turn each warehouse's units of a SKU into portions of the lines of that SKU, lines in id order (the
    same SKU may be on two lines, say a purchase and a gift), so each line's units are used up in turn."""
    unsourced = {line.order_line_id: line.quantity for line in lines}
    in_line_order = sorted(lines, key=lambda line: line.order_line_id)
    drafts = []
    for warehouse_id, units_by_sku in shipped_by.items():
        left = dict(units_by_sku)
        portions = []
        for line in in_line_order:
            units = min(unsourced[line.order_line_id], left.get(line.sku_id, 0))
            if units:
                portions.append((line, units))
                unsourced[line.order_line_id] -= units
                left[line.sku_id] -= units
        drafts.append(_Draft(warehouse_id, tuple(portions)))
    return drafts


def by_shipping_category(draft: _Draft) -> list[_Draft]:
    """Normal goods together; each fragile line alone (one broken vase should not soak the rest); oversize
    goods one unit per parcel, since a carrier handles each as a piece of freight."""
    normal = tuple((line, units) for line, units in draft.portions if line.shipping_category == ShippingCategory.NORMAL)
    pieces = [replace(draft, portions=normal)] if normal else []
    for line, units in draft.portions:
        if line.shipping_category == ShippingCategory.FRAGILE:
            pieces.append(replace(draft, portions=((line, units),), category=ShippingCategory.FRAGILE))
        elif line.shipping_category == ShippingCategory.OVERSIZE:
            one = replace(draft, portions=((line, 1),), category=ShippingCategory.OVERSIZE)
            pieces.extend([one] * units)
    return pieces


def by_carrier_limits(draft: _Draft, *, limits: CarrierLimits) -> list[_Draft]:
    """A parcel within the limits stays whole. Otherwise its units are packed first-fit-decreasing: lines by
    the larger of their unit's weight and volume as shares of the limits, biggest first, each unit into the
    first parcel it fits, a new parcel when none does. The units of one line are identical, so a line is
    placed a parcel at a time (as many units as fit) rather than unit by unit: the same result, in time
    independent of the quantity. A unit over a limit on its own gets a flagged parcel per unit."""
    if _fits(draft.weight_g, draft.volume_mm3, limits):
        return [draft]

    def size(line: ShipLine) -> tuple[float, int]:
        share = max(line.unit_weight_g / limits.max_weight_g, line.unit_volume_mm3 / limits.max_volume_mm3)
        return (-share, line.order_line_id)

    bins: list[_Bin] = []
    flagged = []
    for line, units in sorted(draft.portions, key=lambda portion: size(portion[0])):
        if not _fits(line.unit_weight_g, line.unit_volume_mm3, limits):
            flagged.extend([replace(draft, portions=((line, 1),), over_limit=True)] * units)
            continue
        for open_bin in bins:
            units -= open_bin.take(line, units, limits)
        while units:
            bins.append(_Bin())
            units -= bins[-1].take(line, units, limits)
    return [replace(draft, portions=open_bin.portions()) for open_bin in bins] + flagged


def _fits(weight_g: int, volume_mm3: int, limits: CarrierLimits) -> bool:
    return weight_g <= limits.max_weight_g and volume_mm3 <= limits.max_volume_mm3


@dataclass
class _Bin:
    """A parcel being packed."""

    weight_g: int = 0
    volume_mm3: int = 0
    units: dict[ShipLine, int] = field(default_factory=dict)

    def take(self, line: ShipLine, units: int, limits: CarrierLimits) -> int:
        """Put as many of `units` of the line in as fit; returns how many went in."""
        room = units
        if line.unit_weight_g:
            room = min(room, (limits.max_weight_g - self.weight_g) // line.unit_weight_g)
        if line.unit_volume_mm3:
            room = min(room, (limits.max_volume_mm3 - self.volume_mm3) // line.unit_volume_mm3)
        if room <= 0:
            return 0
        self.weight_g += room * line.unit_weight_g
        self.volume_mm3 += room * line.unit_volume_mm3
        self.units[line] = self.units.get(line, 0) + room
        return room

    def portions(self) -> tuple[tuple[ShipLine, int], ...]:
        return tuple(sorted(self.units.items(), key=lambda portion: portion[0].order_line_id))


def _parcel(draft: _Draft) -> Parcel:
    units: dict[tuple[int, int], int] = defaultdict(int)
    for line, count in draft.portions:
        units[line.order_line_id, line.sku_id] += count
    return Parcel(
        warehouse_id=draft.warehouse_id,
        lines=tuple(ParcelLine(line_id, sku_id, count) for (line_id, sku_id), count in sorted(units.items())),
        weight_g=draft.weight_g,
        volume_mm3=draft.volume_mm3,
        shipping_category=draft.category,
        over_limit=draft.over_limit,
    )
