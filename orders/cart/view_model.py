"""The cart as the shopper sees it: lines grouped by store, each priced by the engine, invalid ones explained.

Selected lines are priced together (their order-level promotions and totals are the ones checkout will
charge); the unselected ones are priced apart, so that their own prices and promotions still show."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from marketplace.amounts import money_text as money
from members.models import User
from orders.models import CartItem
from orders.pricing import LineRequest, PricedCart, price_lines
from promotions import pricing

REASONS = {
    "off_shelf": _("No longer on sale."),
    "out_of_stock": _("Not enough stock."),
    "undeliverable": _("Not delivered to your address."),
}


@dataclass(frozen=True)
class CartView:
    items: list[CartItem]
    selected: PricedCart
    unselected: PricedCart

    def line_of(self, item: CartItem) -> pricing.LineBreakdown | None:
        priced = self.selected if item.selected else self.unselected
        return next((line for line in priced.breakdown.lines if line.line_id == item.pk), None)


def cart_view(*, user: User, items: list[CartItem], now: datetime) -> CartView:
    def priced(chosen: list[CartItem]) -> PricedCart:
        requests = [LineRequest(item.sku_id, item.quantity, item.pk, item.promotion_id) for item in chosen]
        return price_lines(user=user, lines=requests, now=now)

    return CartView(
        items=items,
        selected=priced([item for item in items if item.selected]),
        unselected=priced([item for item in items if not item.selected]),
    )


def cart_json(view: CartView) -> dict:
    """GET /api/v1/cart/: {"stores": [{"store", "lines", "subtotal", "discount", "payable"}], totals}."""
    skus = {**view.unselected.skus, **view.selected.skus}
    promotion_names = _promotion_names(view)
    stores: dict[int, dict] = {}
    for item in view.items:
        sku = skus.get(item.sku_id)
        line = view.line_of(item)
        if sku is None or line is None:
            continue  # a SKU deleted since it was added: nothing to show
        store = stores.setdefault(sku.store_id, {"store": {"id": sku.store_id, "name": sku.store.name}, "lines": []})
        store["lines"].append(_line_json(item, sku, line, promotion_names))
    totals = {store.store: store for store in view.selected.breakdown.stores}
    result = []
    for store_id, store in stores.items():
        total = totals.get(store_id)
        store.update(
            subtotal=money(total.subtotal if total else 0),
            discount=money(total.discount if total else 0),
            payable=money(total.payable if total else 0),
        )
        result.append(store)
    breakdown = view.selected.breakdown
    return {
        "stores": result,
        "count": sum(item.quantity for item in view.items),
        "selected_count": sum(line.quantity for line in breakdown.lines if line.valid and not line.gift),
        "subtotal": money(breakdown.subtotal),
        "discount": money(breakdown.discount),
        "payable": money(breakdown.payable),
    }


def _line_json(item: CartItem, sku, line: pricing.LineBreakdown, names: dict[int, str]) -> dict:
    return {
        "id": item.pk,
        "sku": sku.pk,
        "product": sku.spu_id,
        "title": sku.spu.title,
        "specs": sku.specs,
        "quantity": item.quantity,
        "selected": item.selected,
        "unit_price": money(line.unit_price),
        "amount": money(line.amount),
        "discount": money(line.discount),
        "payable": money(line.payable),
        "available": sku.available,
        "valid": line.valid,
        "reason": line.reason,
        "reason_text": str(REASONS.get(line.reason, "")),
        "promotions": [{"id": pid, "name": names.get(pid, "")} for pid in line.promotions],
        "promotion": line.chosen_promotion,
    }


def _promotion_names(view: CartView) -> dict[int, str]:
    return {**view.unselected.promotion_names, **view.selected.promotion_names}
