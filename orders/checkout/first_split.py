"""The first split (拆单), before payment: one store order per store and, for a cross-border store, as many
orders as it takes to keep each within the single-purchase cap (seed 002). Pure: priced lines in, parts out.

A cross-border order is packed first-fit by unit payable, largest first, so a few orders carry many units; a
line whose units land in two orders is split by quantity, each of its discounts apportioned over the parts by
the largest-remainder method so that the parts still sum exactly to the line. Freight rides with the first
order and counts toward its cap."""

from dataclasses import dataclass, replace
from decimal import Decimal

from django.utils.translation import gettext as _

from marketplace.exceptions import InvalidInput
from marketplace.money import ZERO, apportion
from promotions.pricing import LineBreakdown, StoreBreakdown

CROSS_BORDER_CAP = Decimal("2000.00")  # 跨境电商单次交易限值 (the cap this marketplace applies)


@dataclass(frozen=True)
class OrderPart:
    """The lines and freight of one store order to be."""

    store: int
    lines: tuple[LineBreakdown, ...]
    freight: Decimal

    @property
    def payable(self) -> Decimal:
        return sum((line.payable for line in self.lines), ZERO) + self.freight


def split_store(store: StoreBreakdown, *, cross_border: bool, cap: Decimal = CROSS_BORDER_CAP) -> list[OrderPart]:
    """The orders one store's lines become: one, or for a cross-border store, as many as the cap requires."""
    lines = store.valid_lines
    whole = OrderPart(store=store.store, lines=lines, freight=store.freight)
    if not cross_border or whole.payable <= cap:
        return [whole]
    bins: list[dict[int, int]] = []  # per order: line index -> units
    loads: list[Decimal] = []
    for index, unit_payable in _units_largest_first(lines):
        if unit_payable + (store.freight if not bins else ZERO) > cap:
            raise InvalidInput(
                _("One item costs more than the cross-border single-purchase cap of %(cap)s yuan.") % {"cap": cap},
                fields={"sku": [lines[index].sku]},
            )
        target = next((b for b, load in enumerate(loads) if load + unit_payable <= cap), None)
        if target is None:
            bins.append({})
            loads.append(store.freight if not loads else ZERO)
            target = len(bins) - 1
        bins[target][index] = bins[target].get(index, 0) + 1
        loads[target] += unit_payable
    return _parts(store, lines, bins)


def _units_largest_first(lines) -> list[tuple[int, Decimal]]:
    """Every unit as (line index, its share of the line's payable, rounded up to the cent so the cap holds)."""
    units = []
    for index, line in enumerate(lines):
        per_unit = max(apportion(line.payable, [1] * line.quantity)) if line.quantity else ZERO
        units.extend((index, per_unit) for _ in range(line.quantity))
    return sorted(units, key=lambda unit: (-unit[1], unit[0]))


def _parts(store: StoreBreakdown, lines, bins: list[dict[int, int]]) -> list[OrderPart]:
    """Turn unit counts per order into lines, splitting a line's discounts over its parts by quantity."""
    shares: dict[int, list[LineBreakdown]] = {}
    for index, line in enumerate(lines):
        quantities = [b[index] for b in bins if index in b]
        shares[index] = _split_line(line, quantities)
    taken = dict.fromkeys(shares, 0)
    parts = []
    for number, units in enumerate(bins):
        part_lines = []
        for index in sorted(units):
            part_lines.append(shares[index][taken[index]])
            taken[index] += 1
        freight = store.freight if number == 0 else ZERO
        parts.append(OrderPart(store=store.store, lines=tuple(part_lines), freight=freight))
    return parts


def _split_line(line: LineBreakdown, quantities: list[int]) -> list[LineBreakdown]:
    if len(quantities) == 1:
        return [line]
    per_component = [apportion(component.amount, quantities) for component in line.components]
    stored_value = apportion(line.stored_value, quantities)
    return [
        replace(
            line,
            quantity=quantity,
            stored_value=stored_value[n],
            components=tuple(
                replace(component, amount=amounts[n])
                for component, amounts in zip(line.components, per_component, strict=True)
            ),
        )
        for n, quantity in enumerate(quantities)
    ]
