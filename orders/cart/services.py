"""The member's cart: add (merging), change, remove. Prices are never stored here: the pricing engine works
them out each time the cart is shown, so a cart never shows a stale price."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Sku
from catalog.selectors import seller_subquery, skus_for_sale
from companies.deals.services import WantedLine, deal_request
from companies.exceptions import below_minimum
from companies.models import Deal
from companies.selectors import minimum_quantity
from marketplace.compiled import CompiledRead, prepared_cursor
from marketplace.exceptions import DomainError, InvalidInput
from members.models import User
from orders.models import MAX_CART_LINES, MAX_QUANTITY, CartItem, StoreOrder
from promotions.models import Promotion


@dataclass(frozen=True)
class Added:
    """What an add left: the line (its id and quantity now) and the units of the whole cart (the header's count)."""

    item_id: int
    sku_id: int
    quantity: int
    cart_units: int


def cart_add(*, user: User, sku_id: int, quantity: int, store_id: int | None = None) -> Added:
    """Add `quantity` of a SKU, merging with the line already there (capped at the line maximum). Only goods
    for sale can be added; lines whose goods later go off shelf stay, shown as invalid with the reason.

    One statement checks that the SKU is for sale and that the cart has room (or the line already), inserts or
    merges (two adds of the same SKU at once end as one line with both quantities), and counts the cart's units:
    the other lines' as they were, plus this line's now. A refusal is explained by a second look.

    `store_id`: the store the shopper chose (else the member's remembered one, read in the same statement). When it
    lists the SKU's product, the line is that store's to sell (its stock, its price, its order: decision 0037);
    otherwise the SKU's own store sells it. Adding the SKU again through another store moves the line there.

    A business buyer adds at least the SKU's minimum order quantity with the line already there
    (`below_minimum_quantity`; checkout refuses it too)."""
    _check_minimum(user=user, sku_id=sku_id, quantity=quantity)
    for_sale, for_sale_params = _FOR_SALE.statement(sku=sku_id)
    if store_id is None:
        seller, seller_params = _SELLER_CHOSEN.statement(sku=sku_id, member=user.pk)
    else:
        seller, seller_params = _SELLER_NAMED.statement(sku=sku_id, store=store_id)
    table = CartItem._meta.db_table
    with prepared_cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (user_id, sku_id, quantity, seller_id, selected, added_at, updated_at)
            SELECT %s, %s, %s, ({seller}), true, now(), now()
            WHERE EXISTS ({for_sale})
              AND ((SELECT count(*) FROM {table} WHERE user_id = %s) < %s
                   OR EXISTS (SELECT 1 FROM {table} WHERE user_id = %s AND sku_id = %s))
            ON CONFLICT (user_id, sku_id) DO UPDATE
            SET quantity = LEAST({table}.quantity + EXCLUDED.quantity, %s), seller_id = EXCLUDED.seller_id,
                updated_at = now()
            RETURNING id, quantity, (SELECT coalesce(sum(quantity), 0) FROM {table} WHERE user_id = %s AND sku_id <> %s)
            """,
            [
                *(user.pk, sku_id, quantity),  # the line
                *seller_params,
                *for_sale_params,
                *(user.pk, MAX_CART_LINES, user.pk, sku_id),  # room in the cart, or the line there already
                MAX_QUANTITY,
                *(user.pk, sku_id),  # the other lines' units
            ],
        )
        row = cursor.fetchone()
    if row is None:
        _refuse(sku_id)
    item_id, line_quantity, others = row
    return Added(item_id=item_id, sku_id=sku_id, quantity=line_quantity, cart_units=others + line_quantity)


# The add's parts, compiled once (marketplace.compiled): the whole statement's text is then the same every time.
_FOR_SALE = CompiledRead(lambda sku: skus_for_sale(sku_ids=[sku]).values("pk"), sku=-7_301_947)
_SELLER_CHOSEN = CompiledRead(
    lambda sku, member: seller_subquery(sku_id=sku, store_id=None, member_id=member), sku=-7_301_947, member=-7_301_948
)
_SELLER_NAMED = CompiledRead(
    lambda sku, store: seller_subquery(sku_id=sku, store_id=store, member_id=None), sku=-7_301_947, store=-7_301_949
)


def _check_minimum(*, user: User, sku_id: int, quantity: int) -> None:
    """Whether the member buys for a company (one query, kept for the request); for a business buyer the SKU's
    minimum (one more) and, under it, what the cart line holds already (one more)."""
    minimum = minimum_quantity(user=user, sku_id=sku_id)
    if minimum > quantity:
        held = CartItem.objects.filter(user=user, sku_id=sku_id).values_list("quantity", flat=True).first() or 0
        if held + quantity < minimum:
            raise below_minimum(sku_id=sku_id, minimum=minimum)


def _refuse(sku_id: int) -> None:
    if not skus_for_sale(sku_ids=[sku_id]).exists():
        raise InvalidInput(_("This item is not for sale."), fields={"sku": [_("Not for sale.")]})
    message = _("The cart holds at most %(count)d lines.") % {"count": MAX_CART_LINES}
    raise InvalidInput(message, fields={"sku": [message]})


@transaction.atomic
def cart_change(
    *,
    item: CartItem,
    quantity: int | None = None,
    selected: bool | None = None,
    promotion_id: int | None = None,
    clear_promotion: bool = False,
) -> CartItem:
    """Change a line's quantity, selection, or the promotion the shopper switched to (which must be a
    promotion of the store selling the line or the platform)."""
    if quantity is not None:
        item.quantity = quantity
    if selected is not None:
        item.selected = selected
    if promotion_id is not None:
        seller = item.seller_id or Sku.objects.values_list("store_id", flat=True).get(pk=item.sku_id)
        promotion = Promotion.objects.filter(pk=promotion_id).first()
        if promotion is None or promotion.store_id not in (None, seller):
            raise InvalidInput(_("That promotion does not apply here."), fields={"promotion": [_("Not applicable.")]})
        item.promotion = promotion
    if clear_promotion:
        item.promotion = None
    item.save()
    return item


def cart_remove(*, item: CartItem) -> None:
    item.delete()


@transaction.atomic
def cart_select_all(*, user: User, selected: bool) -> int:
    """Select (or deselect) every line of the member's cart at once; returns how many lines changed."""
    lines = CartItem.objects.filter(user=user).exclude(selected=selected)
    return lines.update(selected=selected, updated_at=timezone.now())


@dataclass(frozen=True)
class BuyAgain:
    """What "buy again" did: how many lines went into the cart, and the titles of those no longer for sale."""

    added: int
    missing: tuple[str, ...]


@transaction.atomic
def cart_buy_again(*, user: User, order: StoreOrder) -> BuyAgain:
    """Put an order's goods in the member's cart again, each line as `cart_add` would. A gift is left out (it
    comes with its promotion, not on its own); a line that can no longer be added is named, and the rest go in.
    One transaction: the cart ends with all of what could be added, or (on an error) with none of it."""
    added, missing = 0, []
    for line in order.lines.all():
        if line.gift:
            continue
        try:
            with transaction.atomic():  # a savepoint: a refused line leaves the others in
                cart_add(user=user, sku_id=line.sku_id, quantity=line.quantity)
        except DomainError:
            missing.append(line.title)
        else:
            added += 1
    return BuyAgain(added=added, missing=tuple(missing))


def cart_quote(*, user: User, store_id: int) -> Deal:
    """A business buyer's "ask for a quote" from the cart: its lines of the store's own goods, as they are (SKU and
    quantity), become a quote request to that store (decision 0042); the lines stay in the cart. Lines a store sells
    of another's goods (a franchise's listing of HQ's) are left out: a deal is with the store that owns the SKU."""
    items = CartItem.objects.filter(user=user, sku__store_id=store_id, seller__isnull=True).order_by("pk")
    lines = [WantedLine(item.sku_id, item.quantity) for item in items]
    if not lines:
        raise InvalidInput(_("Nothing of this store's own goods is in your cart."))
    return deal_request(user=user, lines=lines, source="cart")
