"""The shopper's after-sales pages: ask for a refund or a return of an order's lines, withdraw a request."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.amounts import money_text
from marketplace.exceptions import DomainError, NotFound
from orders.aftersales import selectors
from orders.aftersales.forms import RefundForm
from orders.aftersales.services import REFUNDABLE, RefundLineRequest, refund_cancel, refund_request
from orders.lifecycle.views import member_order_or_404


@login_required
def order_refund(request, order_no: str):
    """Ask for after-sales: which lines, how many of each, refund only or return, and why."""
    store_order = member_order_or_404(request, order_no)
    lines = [line for line in store_order.lines.all() if line.quantity > line.refunded_quantity]
    kinds = [kind for kind, statuses in REFUNDABLE.items() if store_order.status in statuses]
    form = RefundForm(request.POST or None, lines=lines, kinds=kinds)
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
