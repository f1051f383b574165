"""The shopper's after-sales pages: ask for a refund or a return of an order's lines, follow a request on its own
page (both sides' reasons and photos, the platform's ruling, the history), take a rejection to the platform,
withdraw a request."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.amounts import money_text
from marketplace.exceptions import DomainError, NotFound
from orders.aftersales import selectors
from orders.aftersales.forms import EscalateForm, RefundForm
from orders.aftersales.services import REFUNDABLE, RefundLineRequest, refund_cancel, refund_escalate, refund_request
from orders.lifecycle.views import member_order_or_404
from stores.seller_pages import add_errors


def member_refund_or_404(request, refund_id: int):
    """The member's own after-sales request; anyone else's is a 404."""
    try:
        return selectors.member_refund(user=request.user, refund_id=refund_id)
    except NotFound:
        raise Http404 from None


@login_required
def order_refund(request, order_no: str):
    """Ask for after-sales: which lines, how many of each, refund only or return, why, and photos."""
    store_order = member_order_or_404(request, order_no)
    lines = [line for line in store_order.lines.all() if line.quantity > line.refunded_quantity]
    kinds = [kind for kind, statuses in REFUNDABLE.items() if store_order.status in statuses]
    form = RefundForm(request.POST or None, request.FILES or None, lines=lines, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            refund = refund_request(
                order=store_order,
                user=request.user,
                kind=data["kind"],
                lines=[RefundLineRequest(line_id, quantity) for line_id, quantity in data["lines"]],
                reason_code=data["reason_code"],
                reason=data["reason"],
                evidence=data["evidence"],
            )
        except DomainError as error:
            add_errors(form, error)
        else:
            amount = money_text(refund.amount)
            messages.success(request, _("After-sales requested: ¥%(amount)s to come back.") % {"amount": amount})
            return redirect("shop-refund", refund.pk)
    return render(request, "orders/refund.html", {"order": store_order, "form": form})


@login_required
def refund_detail(request, refund_id: int, *, escalate_form: EscalateForm | None = None, status: int = 200):
    """One request as the shopper follows it: the goods, their reason and photos, the store's answer and photos,
    their appeal, the platform's ruling, the history; the appeal's form while the store's rejection stands."""
    refund = member_refund_or_404(request, refund_id)
    context = {
        "refund": refund,
        "history": selectors.refund_history(refund=refund),
        "escalate_form": escalate_form or (EscalateForm() if refund.can_escalate else None),
    }
    return render(request, "orders/refund_detail.html", context, status=status)


@login_required
@require_POST
def refund_escalate_page(request, refund_id: int):
    """申请平台介入: take the store's rejection to the platform, with a statement and more photos."""
    refund = member_refund_or_404(request, refund_id)
    if not refund.can_escalate:  # its page shows no such form: only a rejection is taken to the platform
        messages.error(request, _("Only a request the store rejected can be taken to the platform."))
        return redirect("shop-refund", refund.pk)
    form = EscalateForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            refund_escalate(refund=refund, user=request.user, reason=data["reason"], evidence=data["evidence"])
        except DomainError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The platform will look at both sides and rule; you will be told."))
            return redirect("shop-refund", refund.pk)
    return refund_detail.__wrapped__(request, refund_id, escalate_form=form, status=400)


@login_required
@require_POST
def refund_withdraw(request, refund_id: int):
    refund = member_refund_or_404(request, refund_id)
    try:
        refund_cancel(refund=refund, user=request.user)
        messages.success(request, _("The after-sales request was withdrawn."))
    except DomainError as error:
        messages.error(request, error.detail)
    return redirect("shop-order", refund.order.order_no)
