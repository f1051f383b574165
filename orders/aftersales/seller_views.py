"""Seller backend pages of after-sales: the queue, and approving, rejecting (with the reason the shopper
reads, and photos that show it) or receiving returned goods, through the after-sales services; a request's own
page with both sides' reasons and photos, the platform's ruling and the history. Another store's refund is a 404."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError

from marketplace.exceptions import DomainError
from marketplace.query import next_url
from orders.aftersales import selectors
from orders.aftersales import services as aftersales
from orders.aftersales.serializers import ReasonInput
from orders.models import RefundStatus
from stores.seller_pages import errors_by_field, list_links, paginate, seller_page

# After-sales requests waiting for the store: a decision, or the returned goods.
TO_HANDLE = (RefundStatus.REQUESTED, RefundStatus.RETURNING)

REFUND_ACTIONS = ("approve", "reject", "receive")

REFUND_TABS = [("open", gettext_lazy("To handle")), *RefundStatus.choices, ("", gettext_lazy("All"))]
FORM_FIELDS = ("reason", "evidence")


@seller_page
def refund_list(request, *, errors: dict | None = None, status_code: int = 200):
    """The after-sales queue: requests waiting for a decision or for returned goods first (the default tab)."""
    status = request.GET.get("status", "open")
    refunds = selectors.store_refunds(store_id=request.store.pk).select_related("order__user")
    counts = dict(refunds.order_by().values_list("status").annotate(count=Count("id")))
    if status == "open":
        refunds = refunds.filter(status__in=TO_HANDLE).order_by("created_at", "pk")
    elif status in RefundStatus.values:
        refunds = refunds.filter(status=status)
    else:
        status = ""
    tabs = [
        (
            value,
            label,
            sum(counts.get(s, 0) for s in TO_HANDLE)
            if value == "open"
            else counts.get(value, 0)
            if value
            else sum(counts.values()),
        )
        for value, label in REFUND_TABS
    ]
    context = {
        "page": paginate(request, refunds),
        "tabs": tabs,
        "status": status,
        "errors": errors or {},
        "posted": request.POST if errors else {},
        **list_links(request, reverse("seller:refunds"), shown_again=bool(errors)),
        "section": "refunds",
    }
    return render(request, "seller/orders/refunds.html", context, status=status_code)


@seller_page
def refund_detail(request, refund_id: int):
    """One request: the goods, the shopper's reason and photos, the store's answer and photos, the shopper's appeal,
    the platform's ruling, the history. Decisions are taken in the queue, where the request waits."""
    refund = selectors.store_refund(store_id=request.store.pk, refund_id=refund_id)
    context = {
        "refund": refund,
        "history": selectors.refund_history(refund=refund),
        "queue_url": reverse("seller:refunds")
        + ("?status=open" if refund.status in TO_HANDLE else f"?status={refund.status}"),
        "section": "refunds",
    }
    return render(request, "seller/orders/refund.html", context)


@require_POST
@seller_page
def refund_decide(request, refund_id: int, action: str):
    """Approve, reject (with the reason the shopper will read) or confirm the returned goods arrived."""
    if action not in REFUND_ACTIONS:
        raise Http404
    refund = selectors.store_refund(store_id=request.store.pk, refund_id=refund_id)
    data = ReasonInput(data={"reason": request.POST.get("reason", "").strip()})
    try:
        data.is_valid(raise_exception=True)
        if action == "approve":
            aftersales.refund_approve(refund=refund, by=request.user)
            done = _("Approved: %(refund)s.")
        elif action == "receive":
            aftersales.refund_receive_return(refund=refund, by=request.user)
            done = _("The returned goods are received and the money is on its way back: %(refund)s.")
        else:
            aftersales.refund_reject(
                refund=refund,
                by=request.user,
                reason=data.validated_data["reason"],
                evidence=request.FILES.getlist("evidence"),
            )
            done = _("Rejected: %(refund)s.")
    except (ValidationError, DomainError) as error:
        refund.refresh_from_db(fields=["status"])
        if refund.status not in TO_HANDLE:
            # Decided meanwhile: its row has no form any more, so the refusal is said at the top.
            messages.error(request, error.detail if isinstance(error, DomainError) else _("Already decided."))
            return redirect(next_url(request, reverse("seller:refunds")))
        return refund_list.__wrapped__(
            request, errors={refund.pk: errors_by_field(error, FORM_FIELDS)}, status_code=400
        )
    messages.success(request, done % {"refund": refund.refund_no})
    return redirect(next_url(request, reverse("seller:refunds")))
