"""The settlement rules (seed 004 sections 6 and 7; docs/SETTLEMENT.md), pure: plain values in, figures out, no
database and no clock, so that they are tested to the cent with hypothesis and the bill run, the reports and
refunds cannot disagree.

Per order line, after refunds, with the discount parts the pricing engine apportioned:

    gross               unit price x quantity kept
    store_discounts     the parts the store funds
    platform_discounts  the parts HQ funds (platform promotions and coupons, points HQ bears)
    payable             gross - store_discounts - platform_discounts   (what the shopper paid)
    net_sales           gross - store_discounts    (HQ pays the store the platform's discounts)
    hq_take             by the store's mode, from the terms in force when the line was paid
    store_due           net_sales - hq_take        (+ the freight the shopper paid the store, per order)

so that, for every line and every bill, payable + freight == store_due + (hq_take - platform_discounts).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from marketplace.amounts import ZERO, quantize

HUNDRED = Decimal(100)


class Mode(StrEnum):
    SALES_SHARE = "sales_share"  # 销售提成: HQ takes a commission on net sales
    PRICE_DIFFERENCE = "price_difference"  # 价格差: HQ sells the goods to the store at a supply price
    PROFIT_SHARE = "profit_share"  # 利润分成: the store keeps a share of the profit, by margin band
    NONE = "none"  # HQ's own stores: nothing is taken


@dataclass(frozen=True)
class SalesTier:
    """From `from_amount` of the period's net sales on, the commission is `rate` percent."""

    from_amount: Decimal
    rate: Decimal


@dataclass(frozen=True)
class MarginBand:
    """From a period margin of `from_margin` percent on, the store keeps `store_share` percent of the profit."""

    from_margin: Decimal
    store_share: Decimal


@dataclass(frozen=True)
class Terms:
    """A store's settlement terms, the version in force when a line was paid. Rates and shares are percents."""

    mode: Mode
    rate: Decimal = ZERO
    category_rates: Mapping[int, Decimal] = field(default_factory=dict)  # backend category id -> rate
    sales_tiers: tuple[SalesTier, ...] = ()
    margin_bands: tuple[MarginBand, ...] = ()


@dataclass(frozen=True)
class Parts:
    """A line's money, or a part of it (a refund's reversal): the three the orders center recorded, and HQ's take
    once the line is settled."""

    gross: Decimal
    store_discounts: Decimal
    platform_discounts: Decimal
    hq_take: Decimal = ZERO

    @property
    def payable(self) -> Decimal:
        return self.gross - self.store_discounts - self.platform_discounts

    @property
    def net_sales(self) -> Decimal:
        return self.gross - self.store_discounts

    @property
    def store_due(self) -> Decimal:
        return self.net_sales - self.hq_take

    def __add__(self, other: Parts) -> Parts:
        return Parts(
            self.gross + other.gross,
            self.store_discounts + other.store_discounts,
            self.platform_discounts + other.platform_discounts,
            self.hq_take + other.hq_take,
        )

    def __sub__(self, other: Parts) -> Parts:
        return Parts(
            self.gross - other.gross,
            self.store_discounts - other.store_discounts,
            self.platform_discounts - other.platform_discounts,
            self.hq_take - other.hq_take,
        )


@dataclass(frozen=True)
class Line:
    """One order line to settle: its parts (before HQ's take), and what the modes read."""

    parts: Parts
    quantity: int
    categories: tuple[int, ...] = ()  # its backend category and then its ancestors, nearest first
    unit_cost: Decimal | None = None  # the SKU's cost price (profit share)
    supply_price: Decimal | None = None  # HQ's unit price to the store (price difference)


def settle(lines: Sequence[Line], terms: Terms) -> list[Parts]:
    """Each line's parts with HQ's take, for one store and period. Tiers and bands are chosen by the whole
    period's figures (net sales; margin), then applied line by line, each rounded half up: a bill is the exact
    sum of its lines."""
    net_sales = sum((line.parts.net_sales for line in lines), ZERO)
    if terms.mode is Mode.NONE:
        return [line.parts for line in lines]
    if terms.mode is Mode.SALES_SHARE:
        return [
            _with_take(line, quantize(line.parts.net_sales * line_rate(line, terms, net_sales) / HUNDRED))
            for line in lines
        ]
    if terms.mode is Mode.PRICE_DIFFERENCE:
        return [_with_take(line, quantize((line.supply_price or ZERO) * line.quantity)) for line in lines]
    share = band_share(terms, net_sales=net_sales, profit=sum((_profit(line) for line in lines), ZERO))
    return [_with_take(line, line.parts.net_sales - quantize(_profit(line) * share / HUNDRED)) for line in lines]


def line_rate(line: Line, terms: Terms, period_net_sales: Decimal) -> Decimal:
    """A sales share's rate for the line: its category's (or its nearest ancestor's with one), else the rate of
    the highest tier the period's net sales reached (`from` inclusive), else the flat rate."""
    for category in line.categories:
        if category in terms.category_rates:
            return terms.category_rates[category]
    rate = terms.rate
    for tier in sorted(terms.sales_tiers, key=lambda tier: tier.from_amount):
        if period_net_sales >= tier.from_amount:
            rate = tier.rate
    return rate


def band_share(terms: Terms, *, net_sales: Decimal, profit: Decimal) -> Decimal:
    """A profit share's store share by the period's margin (profit / net sales, in percent): the band with the
    highest `from_margin` the margin reached; the lowest band below all of them."""
    bands = sorted(terms.margin_bands, key=lambda band: band.from_margin)
    if not bands:
        return ZERO
    margin = profit * HUNDRED / net_sales if net_sales else ZERO
    share = bands[0].store_share
    for band in bands:
        if margin >= band.from_margin:
            share = band.store_share
    return share


def _with_take(line: Line, take: Decimal) -> Parts:
    parts = line.parts
    return Parts(parts.gross, parts.store_discounts, parts.platform_discounts, take)


def _profit(line: Line) -> Decimal:
    """Net sales less the goods' cost; a SKU without a cost price makes all of its net sales profit."""
    return line.parts.net_sales - (line.unit_cost or ZERO) * line.quantity


def reversal(remaining: Parts, *, amount: Decimal, quantity: int, quantity_left: int) -> Parts:
    """The parts a refund of `amount` (and `quantity` units) takes back from what is `remaining` of a line:
    every part in the proportion of the refund to what is left to refund, to the cent, with the reversal's
    payable exactly `amount`. Taking from what remains (not from the original line) makes the last refund take
    exactly all that is left, so a line's parts never go below zero however its refunds were cut. A line that
    cost nothing (payable 0) is reversed by quantity."""
    if quantity >= quantity_left or (remaining.payable and amount >= remaining.payable):
        return remaining
    share = amount / remaining.payable if remaining.payable else Decimal(quantity) / Decimal(quantity_left)
    store_discounts = quantize(remaining.store_discounts * share)
    platform_discounts = quantize(remaining.platform_discounts * share)
    gross = amount + store_discounts + platform_discounts  # not rounded on its own: the payable stays exact
    return Parts(gross, store_discounts, platform_discounts, quantize(remaining.hq_take * share))
