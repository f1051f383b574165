"""The cart as the shopper sees it: lines grouped by store, each priced by the engine, invalid ones explained.

Selected lines are priced together (their order-level promotions and totals are the ones checkout will
charge); the unselected ones are priced apart, so that their own prices and promotions still show."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cached_property

from django.utils.translation import gettext_lazy as _

from catalog.models import Sku
from marketplace.money import ZERO
from members.models import User
from orders.models import CartItem
from orders.pricing import LineRequest, PricedCart, price_lines
from promotions import pricing

REASONS = {
    "off_shelf": _("No longer on sale."),
    "out_of_stock": _("Not enough stock."),
    "below_minimum": _("Below the minimum order quantity."),
    "undeliverable": _("Not delivered to your address."),
}


@dataclass(frozen=True)
class CartLine:
    """A cart line as shown: the member's item, its SKU and what the engine made of it."""

    item: CartItem
    sku: Sku
    priced: pricing.LineBreakdown
    promotion_names: dict[int, str]

    @property
    def promotions(self) -> list[dict]:
        """The promotions that fit the line, by id and name: the shopper may switch among them."""
        return [{"id": pid, "name": self.promotion_names.get(pid, "")} for pid in self.priced.promotions]

    @property
    def reason_text(self) -> str:
        return str(REASONS.get(self.priced.reason, ""))


@dataclass(frozen=True)
class CartStore:
    """A store's lines in the cart, with the totals of its selected ones (zero when none is selected)."""

    store_id: int
    store_name: str
    lines: list[CartLine]
    total: pricing.StoreBreakdown | None

    @property
    def subtotal(self) -> Decimal:
        return self.total.subtotal if self.total else ZERO

    @property
    def discount(self) -> Decimal:
        return self.total.discount if self.total else ZERO

    @property
    def payable(self) -> Decimal:
        return self.total.payable if self.total else ZERO


@dataclass(frozen=True)
class CartView:
    items: list[CartItem]
    selected: PricedCart
    unselected: PricedCart

    @cached_property
    def stores(self) -> list[CartStore]:
        """The lines grouped by store, in the order their first line was added; a SKU deleted since is left out."""
        skus = {**self.unselected.skus, **self.selected.skus}
        names = {**self.unselected.promotion_names, **self.selected.promotion_names}
        grouped: dict[int, list[CartLine]] = {}
        for item in self.items:
            sku, line = skus.get(item.sku_id), self.line_of(item)
            if sku is not None and line is not None:
                grouped.setdefault(sku.seller_id, []).append(CartLine(item, sku, line, names))
        totals = {store.store: store for store in self.selected.breakdown.stores}
        return [
            CartStore(store_id, lines[0].sku.selling_store.name, lines, totals.get(store_id))
            for store_id, lines in grouped.items()
        ]

    @property
    def count(self) -> int:
        return sum(item.quantity for item in self.items)

    @property
    def selected_count(self) -> int:
        """Units checkout would take: valid selected lines, gifts aside."""
        return sum(line.quantity for line in self.selected.breakdown.lines if line.valid and not line.gift)

    @property
    def breakdown(self) -> pricing.CartBreakdown:
        """The selected lines' breakdown: the cart's totals are theirs."""
        return self.selected.breakdown

    def line_of(self, item: CartItem) -> pricing.LineBreakdown | None:
        priced = self.selected if item.selected else self.unselected
        return next((line for line in priced.breakdown.lines if line.line_id == item.pk), None)


def cart_view(*, user: User, items: list[CartItem], now: datetime) -> CartView:
    def priced(chosen: list[CartItem]) -> PricedCart:
        requests = [
            LineRequest(item.sku_id, item.quantity, item.pk, item.promotion_id, item.seller_id) for item in chosen
        ]
        return price_lines(user=user, lines=requests, now=now)

    return CartView(
        items=items,
        selected=priced([item for item in items if item.selected]),
        unselected=priced([item for item in items if not item.selected]),
    )
