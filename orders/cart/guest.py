"""A visitor's cart, before they log in: kept in their session, merged into their member cart when they do.

The session holds SKU ids and quantities only, nothing priced: the page shows each SKU's price as it is now, and
the pricing engine works out the offers once the visitor is a member (their level, coupons and address count).
The same rules as the member cart hold: only goods for sale go in, a line holds at most MAX_QUANTITY, the cart at
most MAX_CART_LINES. The storefront's page cache renders the pages of a visitor whose session holds a cart (their
header shows its count) instead of serving the shared copy."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from catalog.models import Sku
from catalog.selectors import skus_for_sale
from catalog.storefront_cache import GUEST_CART_KEY
from marketplace.exceptions import InvalidInput
from members.models import User
from orders.cart.services import cart_add
from orders.models import MAX_CART_LINES, MAX_QUANTITY

SESSION_KEY = GUEST_CART_KEY  # {"<sku id>": quantity}, in the order added


@dataclass(frozen=True)
class GuestLine:
    sku: Sku  # with `available`, its product and store (skus_for_sale)
    quantity: int

    @property
    def amount(self):
        return self.sku.price * self.quantity


def guest_add(session, *, sku_id: int, quantity: int) -> int:
    """Add `quantity` of a SKU for sale to the visitor's cart, merging with its line (capped). Returns the cart's
    unit count."""
    if not skus_for_sale(sku_ids=[sku_id]).exists():
        raise InvalidInput(_("This item is not for sale."), fields={"sku": [_("Not for sale.")]})
    cart = dict(session.get(SESSION_KEY, {}))
    key = str(sku_id)
    if key not in cart and len(cart) >= MAX_CART_LINES:
        message = _("The cart holds at most %(count)d lines.") % {"count": MAX_CART_LINES}
        raise InvalidInput(message, fields={"sku": [message]})
    cart[key] = min(cart.get(key, 0) + quantity, MAX_QUANTITY)
    session[SESSION_KEY] = cart
    return guest_count(session)


def guest_remove(session, *, sku_id: int) -> int:
    cart = dict(session.get(SESSION_KEY, {}))
    cart.pop(str(sku_id), None)
    if cart:
        session[SESSION_KEY] = cart
    else:  # an empty cart is no cart: the visitor's pages may come from the shared cache again
        session.pop(SESSION_KEY, None)
    return guest_count(session)


def guest_count(session) -> int:
    return sum(session.get(SESSION_KEY, {}).values())


def guest_lines(session) -> list[GuestLine]:
    """The visitor's lines whose goods are still for sale, in the order added (one query)."""
    cart = session.get(SESSION_KEY, {})
    skus = skus_for_sale(sku_ids=[int(key) for key in cart]).in_bulk()
    return [GuestLine(skus[int(key)], quantity) for key, quantity in cart.items() if int(key) in skus]


def guest_merge(session, *, user: User) -> int:
    """On login: every line of the visitor's cart goes into the member's, merged with what is there (an item no
    longer for sale, or beyond the cart's size, is left out). Returns how many lines went in."""
    merged = 0
    for key, quantity in session.pop(SESSION_KEY, {}).items():
        try:
            cart_add(user=user, sku_id=int(key), quantity=quantity)
        except InvalidInput:
            continue
        merged += 1
    return merged


def merge_on_login(sender, request, user, **kwargs) -> None:
    """user_logged_in's receiver (orders.apps): the visitor's cart joins the member's. Django keeps the session's
    data through the login (it only changes the key)."""
    session = getattr(request, "session", None)
    if session is not None and session.get(SESSION_KEY):
        guest_merge(session, user=user)
