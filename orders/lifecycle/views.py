"""The shopper's order pages: the list by tab, an order's page, and its buttons (pay, cancel, confirm
receipt, buy again), each calling one service; a refusal is the service's message on the page."""

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

from marketplace.exceptions import DomainError, NotFound
from orders.aftersales.selectors import member_refunds
from orders.aftersales.services import REFUNDABLE
from orders.cart import services as cart_services
from orders.lifecycle import selectors
from orders.lifecycle.cancellation import order_cancel
from orders.lifecycle.page_extras import line_links
from orders.lifecycle.receipt import order_confirm_receipt
from orders.models import OrderStatus, RefundStatus
from orders.payment.methods import paid_with
from orders.payment.selectors import order_payment
from orders.payment.views import to_cashier
from stores.invitations import qr_svg

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


def member_order_or_404(request, order_no: str):
    """The member's own order for a page (the after-sales pages use it too); anyone else's is a 404."""
    try:
        return selectors.member_order(user=request.user, order_no=order_no)
    except NotFound:
        raise Http404 from None  # another member's order is as unknown as a missing one


@login_required
def orders(request):
    tab = request.GET.get("tab") if request.GET.get("tab") in ORDER_TABS else "all"
    if tab == "aftersales":
        rows = member_refunds(user=request.user).order_by("-created_at", "-id")
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
def company_orders(request):
    """企业订单: the orders of the caller's company (all of them for its admin, approvers and finance; a buyer's
    own), newest first; without a company, nothing to see (404)."""
    try:
        rows = selectors.company_orders(user=request.user)
    except NotFound:
        raise Http404 from None
    page = Paginator(rows.select_related("user"), ORDERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "orders/company_orders.html", {"page": page, "me_tab": "company"})


@login_required
def order(request, order_no: str):
    store_order = member_order_or_404(request, order_no)
    lines = list(store_order.lines.all())
    refunds = list(member_refunds(user=request.user).filter(order=store_order).order_by("-created_at"))
    parcels = getattr(store_order, "parcels", None)  # the shipments work adds parcels; until then there are none
    titles = {line.pk: line.title for line in lines}
    links = line_links(store_order, lines)
    for line in lines:
        line.links = links.get(line.pk, [])
    context = {
        "order": store_order,
        "paid_with": paid_with(order_payment(order=store_order), stored_value=store_order.stored_value),
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
        # the pickup code as a QR the clerk scans (the digits are shown beside it for typing)
        "pickup_qr": qr_svg(store_order.pickup_code) if store_order.pickup_code else "",
    }
    return render(request, "orders/order.html", context)


@login_required
@require_POST
def order_action(request, order_no: str, action: str):
    """The order page's buttons: pay, cancel, confirm receipt, buy again."""
    store_order = member_order_or_404(request, order_no)
    if action == "pay":
        return to_cashier(store_order.trade)
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
