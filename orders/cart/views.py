"""The shopper's cart page and its buttons; each button posts to a view that calls one service. A visitor who is
not logged in has a cart too (orders.cart.guest), shown with today's prices and merged into theirs at login."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.selectors import sku_pictures
from companies.deals import selectors as deal_selectors
from marketplace.exceptions import DomainError, NotFound
from marketplace.query import next_url
from orders.cart import guest, selectors
from orders.cart import services as cart_services
from orders.cart.forms import CartAddForm, CartLineForm
from orders.cart.serializers import CartSerializer
from orders.cart.view_model import cart_view
from orders.models import MAX_QUANTITY
from stores.choice import session_store_id


def cart(request):
    if not request.user.is_authenticated:
        return _guest_cart(request)
    items = list(selectors.cart_items(user=request.user))
    view = cart_view(user=request.user, items=items, now=timezone.now())
    body = CartSerializer(view).data
    skus = {**view.unselected.skus, **view.selected.skus}
    pictures = sku_pictures(skus=skus.values())
    for store in body["stores"]:
        for line in store["lines"]:
            line["picture"] = pictures.get(line["sku"])
            # The promotion switch only when there is a choice to make (API.md: applicable ones and the chosen).
            line["switchable"] = len(line["promotions"]) > 1
    context = {
        "cart": body,
        "all_selected": all(item.selected for item in items),
        "max_quantity": MAX_QUANTITY,
        "cart_count": view.count,  # the header's, known here (no query of the context processor)
        "may_ask_quote": deal_selectors.may_ask_quote(request.user),
    }
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


@login_required
@require_POST
def cart_quote(request, store_id: int):
    """A business buyer's "ask for a quote" for the cart's lines of one store (cart_services.cart_quote)."""
    try:
        deal = cart_services.cart_quote(user=request.user, store_id=store_id)
    except DomainError as error:
        messages.error(request, error.detail)
        return redirect("shop-cart")
    messages.success(request, _("Your quote request was sent to the store."))
    return redirect("shop-me-quote", deal_id=deal.pk)


def _guest_cart(request):
    lines = guest.guest_lines(request.session)
    pictures = sku_pictures(skus=[line.sku for line in lines])
    context = {
        "lines": [{"line": line, "picture": pictures.get(line.sku.pk)} for line in lines],
        "total": sum((line.amount for line in lines), 0),
        "count": sum(line.quantity for line in lines),
        "cart_count": guest.guest_count(request.session),  # the header counts what the session holds
    }
    return render(request, "orders/guest_cart.html", context)


@require_POST
def cart_add(request):
    """The product page's "add to cart" without its script, and every visitor's: into the member's cart, or the
    visitor's own. Back to the page it came from, saying what happened."""
    form = CartAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.first_error())
        return redirect(next_url(request, reverse("shop-cart")))
    sku, quantity = form.cleaned_data["sku"], form.cleaned_data["quantity"]
    store_id = form.cleaned_data["store"] or session_store_id(request)
    try:
        if request.user.is_authenticated:
            cart_services.cart_add(user=request.user, sku_id=sku, quantity=quantity, store_id=store_id)
        else:
            guest.guest_add(request.session, sku_id=sku, quantity=quantity)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("Added to your cart."))
    return redirect(next_url(request, reverse("shop-cart")))


@require_POST
def guest_cart_remove(request, sku_id: int):
    guest.guest_remove(request.session, sku_id=sku_id)
    return redirect("shop-cart")
