"""Checkout: what an order would cost. The preview is read-only; submission (the orders issue) re-prices the
same way inside its transaction and refuses a total that moved (`price_changed`)."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from companies.deals.selectors import DealCheckout, deal_checkout
from coupons.selectors import checkout_coupons
from marketplace.compiled import CompiledRead
from marketplace.exceptions import InvalidInput
from marketplace.money import ZERO
from members.models import Address, User
from orders.cart.selectors import cart_items
from orders.pickup.services import pickup_store_check
from orders.plays import PlayChoice
from orders.pricing import LineRequest, PricedCart, price_lines
from promotions import pricing

AUTO = "auto"


@dataclass(frozen=True)
class CheckoutRequest:
    """`lines` empty: the cart's selected lines. `coupons` "auto" or the user coupon ids the shopper chose.
    `stored_value`: how much the shopper would pay from their balance (the engine caps it at the balance and at
    what the goods still owe)."""

    lines: tuple[LineRequest, ...] = ()
    address_id: int | None = None
    coupons: str | tuple[int, ...] = AUTO
    points: int = 0
    channel: pricing.Channel = pricing.Channel.WEB
    stored_value: Decimal = ZERO
    play: PlayChoice | None = None  # its one line bought through a marketing play (orders/plays.py)
    pickup_store: int | None = None  # collected at this store's counter (orders/pickup): no freight
    deal: int | None = None  # an accepted deal of the buyer's company: its lines at its prices (decision 0042)


def checkout_price(
    *, user: User, request: CheckoutRequest, now: datetime, address: Address | None = None, coupon_picker: bool = True
) -> PricedCart:
    """`address`: the request's address when the caller has read it already (submission, for its receiver).
    `coupon_picker` False: the caller shows no coupon picker (submission), so a checkout that applies no coupon
    does not read the member's coupons."""
    if request.deal is not None:
        return _deal_price(user=user, request=request, now=now, address=address)
    if request.play is not None and len(request.lines) != 1:
        message = _("A marketing play buys one line: name one SKU.")
        raise InvalidInput(message, fields={"lines": [message]})
    lines = request.lines or _selected_cart_lines(user)
    if not lines:
        raise InvalidInput(_("Nothing to check out: the cart has no selected lines."), fields={"lines": [_("Empty.")]})
    address = address or address_for_checkout(user, request.address_id)
    pickup = request.pickup_store is not None
    priced = price_lines(
        user=user,
        lines=lines,
        now=now,
        channel=request.channel,
        region=address.region_id if address and not pickup else None,
        # A coupon the member's unpaid order holds may move to this one (seed 002).
        coupons=tuple(checkout_coupons(user=user, now=now)) if coupon_picker or request.coupons != () else (),
        chosen_coupons=None if request.coupons == AUTO else tuple(request.coupons),
        points=request.points,
        stored_value=request.stored_value,
        with_plays=bool(request.lines),
        play=request.play,
    )
    if pickup:
        pickup_store_check(store_id=request.pickup_store, breakdown=priced.breakdown)
    return priced


def _deal_price(*, user: User, request: CheckoutRequest, now: datetime, address: Address | None) -> PricedCart:
    """An accepted deal checked out: its own lines (whatever the request names), no coupons, points or plays; the
    engine prices them at the agreed prices and apportions the special discount."""
    deal = deal_checkout(user=user, deal_id=request.deal, day=timezone.localdate(now))
    address = address or address_for_checkout(user, request.address_id)
    pickup = request.pickup_store is not None
    priced = price_lines(
        user=user,
        lines=deal_lines(deal),
        now=now,
        channel=request.channel,
        region=address.region_id if address and not pickup else None,
        stored_value=request.stored_value,
        deal=deal,
    )
    if pickup:
        pickup_store_check(store_id=request.pickup_store, breakdown=priced.breakdown)
    return priced


def deal_lines(deal: DealCheckout) -> tuple[LineRequest, ...]:
    return tuple(LineRequest(sku_id, quantity) for sku_id, quantity, _price in deal.lines)


def _selected_cart_lines(user: User) -> tuple[LineRequest, ...]:
    return tuple(
        LineRequest(item.sku_id, item.quantity, item.pk, item.promotion_id, item.seller_id)
        for item in cart_items(user=user).filter(selected=True)
    )


def _address(user_id: int, address_id: int):
    return Address.objects.filter(user_id=user_id, pk=address_id)[:1]


# Read by every preview and submission with an address: compiled and prepared once (decision 0036).
_ADDRESS = CompiledRead(_address, user_id=-7_301_947, address_id=-7_301_948)


def address_for_checkout(user: User, address_id: int | None) -> Address | None:
    """The member's own address; another member's is refused exactly like one that does not exist."""
    if address_id is None:
        return None
    address = _ADDRESS.instance(user_id=user.pk, address_id=address_id)
    if address is None:
        raise InvalidInput(_("Choose one of your addresses."), fields={"address": [_("Not one of your addresses.")]})
    return address
