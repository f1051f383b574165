"""The store's side of settlement in the seller backend (owners and managers; a clerk sees no money): its bills,
each with its lines, history and payouts, and the store's answer to an issued bill: confirm it, or dispute it
saying why. Reads go through the store-scoped selectors the seller API uses (another store's bill is a 404),
writes through the same services."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.exceptions import DomainError
from settlement import selectors, services
from settlement.models import BillStatus
from stores.seller_pages import MANAGERS, paginate, seller_page

LINES_PER_PAGE = 50


@seller_page(roles=MANAGERS)
def bill_list(request):
    """The store's bills, the latest period first."""
    bills = paginate(request, selectors.bills_of(store=request.store))
    return render(request, "seller/bills/list.html", {"section": "bills", "page": bills})


@seller_page(roles=MANAGERS)
def bill_detail(request, bill_id: int, *, reason_error: str = "", status_code: int = 200):
    """A bill's figures, its lines (each order line, a refund after billing a negative one), its history and
    payouts; while it is issued, the store's confirm and dispute forms."""
    bill = selectors.bill_of(bills=selectors.bills_of(store=request.store), bill_id=bill_id)
    context = {
        "section": "bills",
        "bill": bill,
        "page": paginate(request, selectors.bill_lines(bill=bill), LINES_PER_PAGE),
        "events": selectors.bill_events(bill=bill),
        "payouts": selectors.bill_payouts(bill=bill),
        "credits": selectors.bill_credits(bill=bill),  # read only by a bill that has credits
        "answerable": bill.status == BillStatus.ISSUED,
        "reason_error": reason_error,
    }
    return render(request, "seller/bills/detail.html", context, status=status_code)


@seller_page(roles=MANAGERS)
@require_POST
def bill_answer(request, bill_id: int, action: str):
    """POST: confirm the bill, or dispute it with a reason finance will read."""
    bill = selectors.bill_of(bills=selectors.bills_of(store=request.store), bill_id=bill_id)
    reason = request.POST.get("reason", "")
    try:
        if action == "confirm":
            services.bill_store_confirm(bill=bill, by=request.user)
            messages.success(request, _("Bill %(bill)s confirmed: finance pays it.") % {"bill": bill.bill_no})
        else:
            services.bill_dispute(bill=bill, by=request.user, reason=reason)
            messages.success(request, _("Bill %(bill)s disputed: finance answers.") % {"bill": bill.bill_no})
    except DomainError as error:
        bill.refresh_from_db(fields=["status"])
        if bill.status == BillStatus.ISSUED and action == "dispute":
            return bill_detail.__wrapped__(request, bill_id, reason_error=str(error.detail), status_code=400)
        messages.error(request, error.detail)
    return redirect(reverse("seller:bill-detail", args=[bill.pk]))
