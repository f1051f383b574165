"""The checkout page: the cart's selected lines priced by the engine as the API prices them, the address,
coupon and points choices, and the submit button. A rule that says no (a price that moved, stock gone, a coupon
taken) comes back as the service's message over the page as it is now, never as an error page."""

import secrets
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from catalog.selectors import seller_of, sku_pictures
from coupons.selectors import member_coupons
from marketplace.amounts import money_text
from marketplace.exceptions import DomainError
from marketplace.query import next_url
from members.forms import AddressForm
from members.selectors import member_addresses
from members.services.points import points_rule
from members.views import address_save
from orders.cart.forms import CartAddForm
from orders.cart.view_model import REASONS
from orders.checkout.forms import CheckoutChoice, CheckoutSubmitForm, read_choice, read_play
from orders.checkout.preview import AUTO, checkout_price
from orders.checkout.services import Submission, order_submit
from orders.exceptions import PickupRefused
from orders.payment.views import to_cashier
from promotions.pricing import Source
from promotions.serializers import PromotionGivenSerializer, promotions_given
from stores.choice import chosen_store_id
from stores.models import Store

# What the coupon picker says about a coupon the engine found no use for (promotions.pricing.coupons).
COUPON_REASONS = {
    "not_started": gettext_lazy("Not valid yet."),
    "expired": gettext_lazy("Expired."),
    "wrong_channel": gettext_lazy("Not for use on the website."),
    "store_not_in_cart": gettext_lazy("For another store's goods."),
    "no_eligible_goods": gettext_lazy("None of these goods qualify."),
    "below_threshold": gettext_lazy("The goods it covers do not reach its minimum spend."),
    "nothing_payable": gettext_lazy("Nothing left for it to take off."),
    "one_coupon_per_store": gettext_lazy("One store coupon per store: a better one is in use."),
    "one_platform_coupon_per_order": gettext_lazy("One platform coupon per order: a better one is in use."),
}

WARNINGS = {
    "coupon_exceeds_payable": gettext_lazy("A coupon is worth more than the goods it covers: the rest is lost."),
    "one_coupon_per_store": gettext_lazy("Only one store coupon applies per store."),
    "one_platform_coupon_per_order": gettext_lazy("Only one platform coupon applies per order."),
}


@login_required
def checkout(request):
    if request.method == "POST":
        return _checkout_submit(request)
    return _checkout_page(request, read_choice(request.GET))


def _checkout_submit(request):
    form = CheckoutSubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.first_error())
        return _checkout_page(request, read_choice(request.POST))
    data = form.cleaned_data
    choice: CheckoutChoice = data["choice"]
    submission = Submission(
        checkout=choice.request(),
        expected_payable=data["expected_payable"],
        idempotency_key=data["idempotency_key"],
        note=data["note"],
    )
    try:
        trade = order_submit(user=request.user, submission=submission)
    except DomainError as error:
        # price_changed, insufficient_stock, coupon_unavailable, a bad address: say so over the page as it is now.
        messages.error(request, error.detail)
        return _checkout_page(request, choice)
    return to_cashier(trade)


def _checkout_page(request, choice: CheckoutChoice, address_form: AddressForm | None = None):
    user = request.user
    addresses = list(member_addresses(user=user))
    address = next((a for a in addresses if a.pk == choice.address), None) or (addresses[0] if addresses else None)
    choice = choice.with_address(address.pk if address else None)
    try:
        priced = _price(user, choice)
    except PickupRefused as error:  # the store does not hand these goods out: shipped, as usual
        messages.error(request, error.detail)
        choice = choice.with_pickup(None)
        return redirect(_checkout_url(choice))
    except DomainError as error:  # nothing selected in the cart
        messages.error(request, error.detail)
        return redirect("shop-cart")
    breakdown = priced.breakdown
    pictures = sku_pictures(skus=priced.skus.values())
    stores = []
    for store in breakdown.stores:
        lines = [
            {"line": line, "sku": priced.skus[line.sku], "picture": pictures.get(line.sku)}
            for line in store.lines
            if line.sku in priced.skus
        ]
        first = lines[0]["sku"] if lines else None
        stores.append({"store": store, "name": first.selling_store.name if first else "", "lines": lines})
    coupons = {coupon.pk: coupon for coupon in member_coupons(user=user, status="unused")}
    for row in stores:
        row["promotions"] = PromotionGivenSerializer(promotions_given(row["store"]), many=True).data
        row["coupons"] = [
            {"name": coupons[cid].template.name if cid in coupons else "", "discount": amount}
            for cid, amount in row["store"].discount_by(Source.COUPON).items()
        ]
    discounts = _coupon_discounts(breakdown)
    applied = set(breakdown.coupons.applied)
    rule = points_rule()
    context = {
        "address_rows": [(a, _checkout_url(choice.with_address(a.pk))) for a in addresses],
        "address": address,
        "address_form": address_form or AddressForm(prefix="address"),
        "show_address_form": address_form is not None or not addresses,
        "choice": choice,
        **_pickup_options(breakdown, choice),
        "breakdown": breakdown,
        "stores": stores,
        "invalid": [
            {"title": priced.skus[line.sku].spu.title, "reason": REASONS.get(line.reason, line.reason)}
            for line in breakdown.lines
            if not line.valid and line.sku in priced.skus
        ],
        "expected_payable": money_text(breakdown.payable),
        "usable_coupons": [
            {"coupon": coupons[cid], "applied": cid in applied, "discount": discounts.get(cid)}
            for cid in breakdown.coupons.usable
            if cid in coupons
        ],
        "unusable_coupons": [
            {"coupon": coupons[cid], "reason": COUPON_REASONS.get(reason, reason)}
            for cid, reason in breakdown.coupons.unusable
            if cid in coupons
        ],
        "warnings": list(dict.fromkeys(str(WARNINGS.get(w.code, w.detail)) for w in breakdown.warnings)),
        "points_balance": user.points_balance,
        "points_rule": rule,
        "auto_url": _checkout_url(choice.with_coupons(AUTO)),
        "no_coupons_url": _checkout_url(choice.with_coupons(())),
        # A new key for each page shown: a double click resubmits this key (one trade); a new look makes a new one.
        "idempotency_key": secrets.token_urlsafe(24),
    }
    return render(request, "orders/checkout.html", context)


def _price(user, choice: CheckoutChoice):
    return checkout_price(user=user, request=choice.request(), now=timezone.now())


def _pickup_options(breakdown, choice: CheckoutChoice) -> dict:
    """Pickup is offered when one store sells every line and hands goods out at its counter (decision 0037)."""
    sellers = {store.store for store in breakdown.stores if store.valid_lines}
    store = Store.objects.active().filter(pk__in=sellers, offers_pickup=True).first() if len(sellers) == 1 else None
    if store is None:
        return {"pickup_store": None}
    return {
        "pickup_store": store,
        "pickup_url": _checkout_url(choice.with_pickup(store.pk)),
        "ship_url": _checkout_url(choice.with_pickup(None)),
    }


def _coupon_discounts(breakdown) -> dict[int, Decimal]:
    totals: dict[int, Decimal] = {}
    for store in breakdown.stores:
        for coupon_id, amount in store.discount_by(Source.COUPON).items():
            totals[coupon_id] = totals.get(coupon_id, Decimal("0.00")) + amount
    return totals


def _checkout_url(choice: CheckoutChoice) -> str:
    return f"{reverse('shop-checkout')}?{urlencode(choice.as_query(), doseq=True)}"


@login_required
@require_POST
def checkout_address(request):
    """The checkout's inline "new address": saved through the members service, then chosen."""
    choice = read_choice(request.POST)
    form = AddressForm(request.POST, prefix="address")
    if form.is_valid():
        address = address_save(request, form)
        if address is not None:
            return redirect(_checkout_url(choice.with_address(address.pk)))
    return _checkout_page(request, choice, address_form=form)


@require_POST
def buy_now(request):
    """The product page's "buy now": checkout of that SKU alone, the cart left as it is. A visitor logs in first
    (the checkout page sends them there and back)."""
    form = CartAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.first_error())
        return redirect(next_url(request, reverse("shop-cart")))
    sku = form.cleaned_data["sku"]
    seller = seller_of(sku_id=sku, store_id=form.cleaned_data["store"] or chosen_store_id(request))
    bought = CheckoutChoice(buy=(sku, form.cleaned_data["quantity"]), play=read_play(request.POST), seller=seller)
    return redirect(_checkout_url(bought))
