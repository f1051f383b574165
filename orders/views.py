"""The shopper's pages after browsing: the cart, checkout, the order list and an order's page.

Thin, like the API views beside them (apis.py): each page reads through the selectors and the cart / checkout
view models the API uses, and each button posts to a view that calls one service. The prices on these pages are
therefore the engine's, to the cent, exactly as the app sees them. A rule that says no (a price that moved, stock
gone, a coupon taken) comes back as the service's message on the page, never as an error page."""

import secrets
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from catalog.selectors import sku_pictures
from coupons.selectors import member_coupons
from marketplace.amounts import money_text
from marketplace.exceptions import DomainError, NotFound
from members.forms import AddressForm
from members.selectors import member_addresses
from members.services.points import points_rule
from members.views import address_save
from orders import selectors
from orders.cart_view import REASONS, cart_json, cart_view
from orders.checkout import AUTO, CheckoutRequest, checkout_price
from orders.forms import CartLineForm, CheckoutChoice, CheckoutSubmitForm, RefundForm, read_choice
from orders.gateways import gateway
from orders.models import MAX_QUANTITY, OrderStatus, RefundStatus
from orders.services import cart as cart_services
from orders.services.aftersales import REFUNDABLE, RefundLineRequest, refund_cancel, refund_request
from orders.services.cancellation import order_cancel
from orders.services.payment import payment_start
from orders.services.placement import Submission, order_submit
from orders.services.receipt import order_confirm_receipt
from promotions.pricing import Source

PAYMENT_METHOD = "simulated"  # the only gateway there is (DESIGN.md: real ones are out of scope)
ORDERS_PAGE_SIZE = 10

# The order list's tabs as shoppers know them from Taobao and JD, each a set of statuses.
ORDER_TABS = {
    "all": (gettext_lazy("All"), ()),
    "to_pay": (gettext_lazy("To pay"), (OrderStatus.PENDING_PAYMENT,)),
    "to_ship": (gettext_lazy("To ship"), (OrderStatus.PAID, OrderStatus.PARTLY_SHIPPED)),
    "shipped": (gettext_lazy("Shipped"), (OrderStatus.SHIPPED,)),
    "done": (gettext_lazy("Received"), (OrderStatus.DELIVERED, OrderStatus.COMPLETED)),
    "aftersales": (gettext_lazy("After-sales"), ()),
}

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


def _member_order(request, order_no: str):
    try:
        return selectors.member_order(user=request.user, order_no=order_no)
    except NotFound:
        raise Http404 from None  # another member's order is as unknown as a missing one


# --- Cart ----------------------------------------------------------------------------------------------------


@login_required
def cart(request):
    items = list(selectors.cart_items(user=request.user))
    view = cart_view(user=request.user, items=items, now=timezone.now())
    body = cart_json(view)
    skus = {**view.unselected.skus, **view.selected.skus}
    pictures = sku_pictures(skus=skus.values())
    for store in body["stores"]:
        for line in store["lines"]:
            line["picture"] = pictures.get(line["sku"])
            # The promotion switch only when there is a choice to make (API.md: applicable ones and the chosen).
            line["switchable"] = len(line["promotions"]) > 1
    context = {"cart": body, "all_selected": all(item.selected for item in items), "max_quantity": MAX_QUANTITY}
    return render(request, "orders/cart.html", context)


@login_required
@require_POST
def cart_line(request, item_id: int):
    """One button of a cart line: quantity, select / deselect, promotion, or remove."""
    try:
        item = selectors.cart_item_of(user=request.user, item_id=item_id)
    except NotFound:
        messages.error(request, _("That line is no longer in your cart."))
        return redirect("shop-cart")
    form = CartLineForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.first_error())
        return redirect("shop-cart")
    action = form.cleaned_data["action"]
    try:
        if action == "remove":
            cart_services.cart_remove(item=item)
        elif action == "quantity":
            cart_services.cart_change(item=item, quantity=form.cleaned_data["quantity"])
        elif action in ("select", "deselect"):
            cart_services.cart_change(item=item, selected=action == "select")
        else:
            promotion = form.cleaned_data["promotion"]
            cart_services.cart_change(item=item, promotion_id=promotion, clear_promotion=promotion is None)
    except DomainError as error:
        messages.error(request, error.detail)
    return redirect("shop-cart")


@login_required
@require_POST
def cart_select_all(request):
    cart_services.cart_select_all(user=request.user, selected=request.POST.get("selected") == "1")
    return redirect("shop-cart")


# --- Checkout ------------------------------------------------------------------------------------------------


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
        checkout=CheckoutRequest(address_id=choice.address, coupons=choice.coupons, points=choice.points),
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
    return _pay(request, trade)


def _pay(request, trade):
    """Start the merged payment of the trade's unpaid orders and send the shopper to the gateway."""
    try:
        payment = payment_start(trade=trade, method=PAYMENT_METHOD)
    except DomainError as error:  # paid already (a resubmitted form), or the time to pay ran out
        messages.error(request, error.detail)
        return redirect("shop-orders")
    pay_url = gateway(PAYMENT_METHOD).pay_url(payment)
    if pay_url is None:  # a gateway without a page of its own: its notification will mark the orders paid
        messages.info(request, _("Your payment has started; the orders show as paid once the gateway confirms it."))
        return redirect("shop-orders")
    return redirect(pay_url)


def _checkout_page(request, choice: CheckoutChoice, address_form: AddressForm | None = None):
    user = request.user
    addresses = list(member_addresses(user=user))
    address = next((a for a in addresses if a.pk == choice.address), None) or (addresses[0] if addresses else None)
    choice = choice.with_address(address.pk if address else None)
    try:
        request_ = CheckoutRequest(address_id=choice.address, coupons=choice.coupons, points=choice.points)
        priced = checkout_price(user=user, request=request_, now=timezone.now())
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
        stores.append({"store": store, "name": first.store.name if first else "", "lines": lines})
    coupons = {coupon.pk: coupon for coupon in member_coupons(user=user, status="unused")}
    for row in stores:
        row["promotions"] = row["store"].as_api()["promotions"]
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


# --- Orders --------------------------------------------------------------------------------------------------


@login_required
def orders(request):
    tab = request.GET.get("tab") if request.GET.get("tab") in ORDER_TABS else "all"
    if tab == "aftersales":
        rows = selectors.member_refunds(user=request.user).order_by("-created_at", "-id")
    else:
        rows = selectors.member_orders(user=request.user)
        statuses = ORDER_TABS[tab][1]
        if statuses:
            rows = rows.filter(status__in=statuses)
    page = Paginator(rows, ORDERS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "tab": tab,
        "tabs": [(key, label) for key, (label, _statuses) in ORDER_TABS.items()],
        "page": page,
        "now": timezone.now(),
    }
    return render(request, "orders/orders.html", context)


@login_required
def order(request, order_no: str):
    store_order = _member_order(request, order_no)
    lines = list(store_order.lines.all())
    refunds = list(selectors.member_refunds(user=request.user).filter(order=store_order).order_by("-created_at"))
    parcels = getattr(store_order, "parcels", None)  # the shipments work adds parcels; until then there are none
    titles = {line.pk: line.title for line in lines}
    context = {
        "order": store_order,
        "lines": lines,
        # The timeline's wording is each event type's label, its reason the typed words or the code's label.
        "events": [{"event": event, "label": event.get_type_display()} for event in store_order.events.all()],
        "parcels": [
            {
                "parcel": parcel,
                "lines": [(titles.get(part.order_line_id, ""), part.quantity) for part in parcel.lines.all()],
                "events": list(parcel.events.all()),
            }
            for parcel in (parcels.all() if parcels is not None else [])
        ],
        "refunds": refunds,
        "can_refund": store_order.status in REFUNDABLE["refund_only"] | REFUNDABLE["return_refund"],
        "open_refund_statuses": [RefundStatus.REQUESTED, RefundStatus.RETURNING, RefundStatus.REJECTED],
    }
    return render(request, "orders/order.html", context)


@login_required
@require_POST
def order_action(request, order_no: str, action: str):
    """The order page's buttons: pay, cancel, confirm receipt, buy again."""
    store_order = _member_order(request, order_no)
    if action == "pay":
        return _pay(request, store_order.trade)
    try:
        if action == "cancel":
            order_cancel(order=store_order, by=request.user)
            messages.success(request, _("The order was cancelled."))
        elif action == "confirm":
            order_confirm_receipt(order=store_order, by=request.user)
            messages.success(request, _("Thank you: receipt confirmed."))
        else:
            return _buy_again(request, store_order)
    except DomainError as error:
        messages.error(request, error.detail)
    # The list's buttons come back to the list (its tab kept), the order page's to the order.
    if request.POST.get("next") == "list":
        return redirect(reverse("shop-orders") + "?" + urlencode({"tab": request.POST.get("tab", "all")}))
    return redirect("shop-order", store_order.order_no)


def _buy_again(request, store_order):
    again = cart_services.cart_buy_again(user=request.user, order=store_order)
    if again.added:
        messages.success(request, _("The goods are in your cart again."))
    if again.missing:
        messages.error(request, _("No longer on sale: %(titles)s") % {"titles": "、".join(again.missing)})
    return redirect("shop-cart")


@login_required
def order_refund(request, order_no: str):
    """Ask for after-sales: which lines, how many of each, refund only or return, and why."""
    store_order = _member_order(request, order_no)
    lines = [line for line in store_order.lines.all() if line.quantity > line.refunded_quantity]
    form = RefundForm(request.POST or None, lines=lines)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            refund = refund_request(
                order=store_order,
                user=request.user,
                kind=data["kind"],
                lines=[RefundLineRequest(line_id, quantity) for line_id, quantity in data["lines"]],
                reason=data["reason"],
            )
        except DomainError as error:
            form.add_error(None, error.detail)
        else:
            amount = money_text(refund.amount)
            messages.success(request, _("After-sales requested: ¥%(amount)s to come back.") % {"amount": amount})
            return redirect("shop-order", store_order.order_no)
    return render(request, "orders/refund.html", {"order": store_order, "form": form})


@login_required
@require_POST
def refund_withdraw(request, refund_id: int):
    try:
        refund = selectors.member_refund(user=request.user, refund_id=refund_id)
    except NotFound:
        raise Http404 from None
    try:
        refund_cancel(refund=refund, user=request.user)
        messages.success(request, _("The after-sales request was withdrawn."))
    except DomainError as error:
        messages.error(request, error.detail)
    return redirect("shop-order", refund.order.order_no)
