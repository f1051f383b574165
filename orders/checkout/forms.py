"""The checkout page's choice (address, coupons, points) and its submit form."""

from dataclasses import dataclass, replace
from decimal import Decimal

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from marketplace.query import query_id, query_number
from orders.cart.forms import FirstErrorMixin
from orders.checkout.preview import AUTO, CheckoutRequest
from orders.exceptions import InvalidInput
from orders.models import MAX_QUANTITY
from orders.plays import PlayChoice
from orders.pricing import LineRequest

MAX_POINTS = 10**9  # more than anyone holds; keeps a typed number inside the database's integers

NO_COUPONS = "none"


@dataclass(frozen=True)
class CheckoutChoice:
    """What the shopper chose on the checkout page: it travels in the page's address (GET) and in the submit form,
    so a reload or a shared link shows the same order."""

    address: int | None = None
    coupons: str | tuple[int, ...] = AUTO
    points: int = 0
    buy: tuple[int, int] | None = None  # "buy now": (SKU, quantity) checked out alone, the cart left as it is
    play: PlayChoice | None = None  # the SKU bought now through a marketing play (orders/plays.py)
    pickup: int | None = None  # collected at this store's counter (自提) instead of shipped
    seller: int | None = None  # the store selling the SKU bought now through its listing (decision 0037)
    deal: int | None = None  # an accepted deal of the buyer's company, ordered at its prices (decision 0042)

    def with_pickup(self, store_id: int | None) -> "CheckoutChoice":
        return replace(self, pickup=store_id)

    def with_address(self, address: int | None) -> "CheckoutChoice":
        return replace(self, address=address)

    def with_coupons(self, coupons: str | tuple[int, ...]) -> "CheckoutChoice":
        return replace(self, coupons=coupons)

    @property
    def coupons_value(self) -> str:
        if self.coupons == AUTO:
            return AUTO
        return ",".join(str(c) for c in self.coupons) or NO_COUPONS

    @property
    def lines(self) -> tuple[LineRequest, ...]:
        """What is checked out: the one SKU bought now, or (empty) the cart's selected lines."""
        return (LineRequest(*self.buy, seller_id=self.seller),) if self.buy else ()

    def request(self) -> CheckoutRequest:
        """What the checkout prices and places for this choice."""
        return CheckoutRequest(
            lines=self.lines,
            address_id=self.address,
            coupons=self.coupons,
            points=self.points,
            play=self.play,
            pickup_store=self.pickup,
            deal=self.deal,
        )

    def as_query(self) -> dict:
        query = {"coupons": self.coupons_value}
        if self.address:
            query["address"] = self.address
        if self.points:
            query["points"] = self.points
        if self.pickup:
            query["pickup"] = self.pickup
        if self.buy:
            query.update(buy="1", sku=self.buy[0], quantity=self.buy[1])
        if self.buy and self.seller:
            query["seller"] = self.seller
        if self.buy and self.play:
            query["play"] = self.play.as_text()
        if self.deal:
            query["deal"] = self.deal
        return query


def read_choice(query: QueryDict) -> CheckoutChoice:
    """The checkout choice in a query string or form. Like the listing pages, it forgives: what cannot be read
    is left at its default (the default address, the recommended coupons, no points)."""
    raw = query.get("coupons", AUTO)
    if query.get("coupons") == "chosen":  # the coupon picker's checkboxes
        coupons: str | tuple[int, ...] = tuple(dict.fromkeys(i for i in map(query_id, query.getlist("coupon")) if i))
    elif raw == NO_COUPONS:
        coupons = ()
    elif raw != AUTO and all(query_id(part) for part in raw.split(",")):
        coupons = tuple(dict.fromkeys(query_id(part) for part in raw.split(",")))
    else:
        coupons = AUTO
    points = query.get("points", "")
    buy = _bought_now(query)
    return CheckoutChoice(
        address=query_id(query.get("address")),
        coupons=coupons,
        points=query_number(points, MAX_POINTS),
        buy=buy,
        play=read_play(query) if buy else None,
        pickup=query_id(query.get("pickup")),
        seller=query_id(query.get("seller")) if buy else None,
        deal=query_id(query.get("deal")),
    )


def _bought_now(query: QueryDict) -> tuple[int, int] | None:
    """The product page's "buy now" (buy=1 with its SKU and quantity); a quantity that cannot be read is one."""
    sku = query_id(query.get("sku"))
    if query.get("buy") != "1" or sku is None:
        return None
    return sku, max(query_number(query.get("quantity"), MAX_QUANTITY), 1)


def read_play(query: QueryDict) -> PlayChoice | None:
    """The marketing play the SKU bought now goes through (play=group_buy:12); one that cannot be read is none,
    and the SKU is priced as it is."""
    if not query.get("play"):
        return None
    try:
        return PlayChoice.from_text(query["play"])
    except InvalidInput:
        return None


class CheckoutSubmitForm(FirstErrorMixin, forms.Form):
    address = forms.IntegerField(min_value=1, required=False)  # none for pickup
    coupons = forms.CharField(max_length=2000, required=False)
    points = forms.IntegerField(min_value=0, max_value=MAX_POINTS, required=False)
    expected_payable = forms.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.00"))
    idempotency_key = forms.CharField(min_length=16, max_length=100)
    note = forms.CharField(label=_("Note to the store"), max_length=200, required=False)

    def clean(self):
        cleaned = super().clean()
        cleaned["choice"] = read_choice(self.data)
        if not cleaned.get("address") and not cleaned["choice"].pickup and "address" not in self.errors:
            self.add_error("address", _("Choose an address to ship to."))
        return cleaned
