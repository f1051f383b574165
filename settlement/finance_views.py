"""The finance console (/finance/, issue 12 items 5 and 6): bill runs, bills with their lines, disputes, adjustments
awaiting approval, payouts, each store's settlement terms and the reconciliation of the gateways' statements, for
the finance role and superusers.

The pages are the finance API's twins: they read through settlement.selectors and write through
settlement.services, so the console and the API refuse the same things. A service's refusal (a DomainError) comes
back as a message on the page, and nothing is changed. Every list runs a fixed number of queries."""

from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.exceptions import DomainError, InvalidInput, NotFound
from marketplace.query import next_url
from settlement import selectors, services
from settlement.forms import (
    AdjustmentForm,
    BillFilterForm,
    BillRunForm,
    PayoutForm,
    ResolveForm,
    StatementDayForm,
    StatementImportForm,
    StatementItemFilterForm,
    TermsForm,
)
from settlement.models import OPEN_BILL_STATUSES, BillRunStatus, BillStatus, MatchResult, PayoutMethod
from stores.models import Store
from stores.seller_pages import field_errors, forbidden, paginate

LINES_PER_PAGE = 50
ITEMS_PER_PAGE = 50


def finance_page(view):
    """The door of every console page: the login page for a visitor, a 403 page for anyone not in the finance role
    (superusers are), a 404 page for what a selector does not find."""

    @wraps(view)
    def page(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_finance:
            return forbidden(request, _("The finance console is for finance staff. Log in with a finance account."))
        try:
            return view(request, *args, **kwargs)
        except NotFound as error:
            raise Http404 from error

    return page


def refused(request, form, error: DomainError) -> int:
    """A service said no: its message above the page, and beside the field it names if the form has it; the
    page's status is the API's for that refusal (400, 403, 409)."""
    if isinstance(error, InvalidInput):  # its fields are messages; a transition's are the state it found
        for path, found in field_errors(error).items():
            name = path.split(".")[0]
            for message in found if name in form.fields else ():
                form.add_error(name, message)
    messages.error(request, error.detail)
    return error.status


# --- Bill runs ------------------------------------------------------------------------------------------------------


@finance_page
def home(request):
    """The bill runs, the latest first, and the form that starts one as of a date."""
    form = BillRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        stores = [store.pk for store in form.cleaned_data["stores"]]
        run = services.bill_run_start(until=form.cleaned_data["until"], store_ids=stores, by=request.user)
        messages.success(request, _("Bill run %(run)s started as of %(until)s.") % {"run": run.pk, "until": run.until})
        return redirect("finance:home")
    if not form.is_bound:
        form = BillRunForm(initial={"until": timezone.localdate()})
    context = {"form": form, "page": paginate(request, selectors.bill_runs_recent()), "section": "runs"}
    return render(request, "finance/home.html", context, status=400 if form.errors else 200)


@finance_page
def run_progress(request, run_id: int):
    """One run's row, which static/js/finance.js fetches every few seconds while the run is running."""
    run = selectors.bill_run_of(run_id=run_id)
    return render(request, "finance/partials/run_row.html", {"run": run, "running": BillRunStatus.RUNNING})


# --- Bills ----------------------------------------------------------------------------------------------------------


@finance_page
def bill_list(request):
    form = BillFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    store = filters.get("store")
    bills = selectors.bills_filtered(
        store_id=store.pk if store else None,
        status=filters.get("status", ""),
        period_from=filters.get("period_from"),
        period_to=filters.get("period_to"),
    )
    context = {"form": form, "page": paginate(request, bills), "section": "bills"}
    return render(request, "finance/bills.html", context)


@finance_page
def disputes(request):
    """Bills the store disputed, waiting for finance's adjustments and confirmation."""
    context = {"page": paginate(request, selectors.bills_disputed()), "section": "disputes"}
    return render(request, "finance/disputes.html", context)


def _bill(bill_id: int):
    return selectors.bill_of(bills=selectors.bills_of(), bill_id=bill_id)


@finance_page
def bill_detail(request, bill_id: int):
    return _bill_page(request, _bill(bill_id))


def _bill_page(request, bill, *, adjustment_form=None, payout_form=None, status: int = 200):
    """The bill's figures, lines, events, adjustments and payouts, and the actions its state allows."""
    adjustments = list(selectors.bill_adjustments(bill=bill))
    pending = [adjustment for adjustment in adjustments if adjustment.approved_by_id is None]
    is_open = bill.status in OPEN_BILL_STATUSES
    may_pay = bill.status == BillStatus.CONFIRMED and request.user.has_perm("settlement.pay_bill")
    context = {
        "bill": bill,
        "lines": paginate(request, selectors.bill_lines(bill=bill), per_page=LINES_PER_PAGE),
        # Shown again after a refused adjustment or payout, the page's address is the form's POST-only URL: the
        # pager of its lines names the bill's own page.
        "bill_url": reverse("finance:bill", args=[bill.pk]),
        "events": selectors.bill_events(bill=bill),
        "adjustments": adjustments,
        "payouts": selectors.bill_payouts(bill=bill),
        "credits": selectors.bill_credits(bill=bill),  # read only by a bill that has credits
        "adjustment_form": (adjustment_form or AdjustmentForm()) if is_open else None,
        "may_approve": is_open,
        "may_confirm": bill.can_become(BillStatus.CONFIRMED) and not pending,
        "waits_for_approval": bill.can_become(BillStatus.CONFIRMED) and bool(pending),
        "payout_form": (payout_form or PayoutForm()) if may_pay else None,
        "section": "disputes" if bill.status == BillStatus.DISPUTED else "bills",
    }
    return render(request, "finance/bill.html", context, status=status)


@require_POST
@finance_page
def bill_adjust(request, bill_id: int):
    """Propose an adjustment (amount, reason); another finance user approves it."""
    bill = _bill(bill_id)
    form, status = AdjustmentForm(request.POST), 400
    if form.is_valid():
        try:
            services.adjustment_propose(bill=bill, by=request.user, **form.cleaned_data)
        except DomainError as error:
            status = refused(request, form, error)
        else:
            messages.success(request, _("The adjustment is proposed: another finance user approves it."))
            return redirect("finance:bill", bill_id=bill.pk)
    return _bill_page(request, bill, adjustment_form=form, status=status)


@require_POST
@finance_page
def adjustment_approve(request, adjustment_id: int):
    adjustment = selectors.adjustment_of(adjustment_id=adjustment_id)
    default = reverse("finance:bill", kwargs={"bill_id": adjustment.bill_id})
    try:
        services.adjustment_approve(adjustment=adjustment, by=request.user)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("The adjustment of %(amount)s is approved.") % {"amount": adjustment.amount})
    return redirect(next_url(request, default))


@require_POST
@finance_page
def bill_confirm(request, bill_id: int):
    bill = _bill(bill_id)
    try:
        bill = services.bill_confirm(bill=bill, by=request.user)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(
            request, _("Bill %(bill)s is %(status)s.") % {"bill": bill, "status": bill.get_status_display()}
        )
    return redirect(next_url(request, reverse("finance:bill", kwargs={"bill_id": bill.pk})))


@require_POST
@finance_page
def bill_pay(request, bill_id: int):
    """Pay a confirmed bill by hand (the bank's reference) or through the payout provider (the pay permission)."""
    bill = _bill(bill_id)
    form, status = PayoutForm(request.POST), 400
    if form.is_valid():
        try:
            if form.cleaned_data["method"] == PayoutMethod.MANUAL:
                payout = services.payout_manual(bill=bill, by=request.user, reference=form.cleaned_data["reference"])
            else:
                payout = services.payout_start(bill=bill, by=request.user)
        except DomainError as error:
            status = refused(request, form, error)
        else:
            messages.success(
                request, _("Payout %(payout)s: %(status)s.") % {"payout": payout, "status": payout.get_status_display()}
            )
            return redirect("finance:bill", bill_id=bill.pk)
    bill.refresh_from_db()
    return _bill_page(request, bill, payout_form=form, status=status)


# --- Adjustments and payouts ----------------------------------------------------------------------------------------


@finance_page
def adjustments(request):
    """Adjustments awaiting approval; the proposer sees theirs without the approve button."""
    context = {"page": paginate(request, selectors.adjustments_pending()), "section": "adjustments"}
    return render(request, "finance/adjustments.html", context)


@finance_page
def payouts(request):
    context = {"page": paginate(request, selectors.payouts_latest()), "section": "payouts"}
    return render(request, "finance/payouts.html", context)


# --- Stores and their terms -----------------------------------------------------------------------------------------


@finance_page
def store_list(request):
    page = paginate(request, selectors.stores_with_terms(on=timezone.localdate()))
    rows = [(store, selectors.prefetched_terms(store)) for store in page]
    return render(request, "finance/stores.html", {"page": page, "rows": rows, "section": "stores"})


@finance_page
def store_terms(request, store_id: int):
    """The terms in force, every version, and the form that adds a version through terms_set."""
    store = get_object_or_404(Store, pk=store_id)
    form, status = TermsForm(request.POST or None), 400
    if request.method == "POST" and form.is_valid():
        try:
            services.terms_set(store=store, by=request.user, terms=form.terms_input())
        except DomainError as error:
            status = refused(request, form, error)
        else:
            messages.success(request, _("The terms of %(store)s are saved.") % {"store": store.name})
            return redirect("finance:store-terms", store_id=store.pk)
    if not form.is_bound:
        form = TermsForm(initial={"effective_from": timezone.localdate()})
    context = {
        "store": store,
        "form": form,
        "in_force": selectors.terms_in_force(store=store, on=timezone.localdate()),
        "versions": selectors.terms_versions(store=store).select_related("created_by"),
        "section": "stores",
    }
    return render(request, "finance/terms.html", context, status=status if form.errors else 200)


# --- Reconciliation (对账) -------------------------------------------------------------------------------------------


@finance_page
def reconciliation(request):
    """The statements imported, the latest day first, and the form that imports one; the simulated gateway's
    statement of a day is downloaded from here."""
    if request.method != "POST":
        return _reconciliation_page(request)
    form, status = StatementImportForm(request.POST, request.FILES), 400
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            statement = services.statement_import(
                gateway=form.cleaned_data["gateway"],
                day=form.cleaned_data["day"],
                content=upload.read(),
                file_name=upload.name,
                by=request.user,
            )
        except DomainError as error:
            status = refused(request, form, error)
        else:
            statement = selectors.statement_of(statement_id=statement.pk)
            messages.success(
                request,
                _("The statement of %(day)s is imported: %(matched)s matched, %(differences)s differences.")
                % {"day": statement.day, "matched": statement.matched, "differences": statement.differences},
            )
            return redirect("finance:statement", statement_id=statement.pk)
    return _reconciliation_page(request, import_form=form, status=status)


def _reconciliation_page(request, *, import_form=None, day_form=None, status: int = 200):
    yesterday = timezone.localdate() - timedelta(days=1)
    context = {
        "form": import_form or StatementImportForm(initial={"day": yesterday}),
        "day_form": day_form or StatementDayForm(initial={"day": yesterday}),
        "page": paginate(request, selectors.statements()),
        "section": "reconciliation",
    }
    return render(request, "finance/reconciliation.html", context, status=status)


@finance_page
def simulated_statement(request):
    """The simulated gateway's statement of a day as a CSV file (the API's twin), to import here."""
    form = StatementDayForm(request.GET)
    if not form.is_valid():
        return _reconciliation_page(request, day_form=form, status=400)
    day = form.cleaned_data["day"]
    response = HttpResponse(services.simulated_statement_csv(day=day), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="simulated-{day:%Y%m%d}.csv"'
    return response


@finance_page
def statement_detail(request, statement_id: int):
    return _statement_page(request, selectors.statement_of(statement_id=statement_id))


def _statement_page(request, statement, *, resolve_form=None, resolving: int | None = None, status: int = 200):
    """The statement's counts and its items, filtered by result (or open differences only), each difference
    with the form that resolves it. The filter and the page are in the query, which a resolve form keeps."""
    form = StatementItemFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    items = selectors.statement_items(
        statement=statement, result=filters.get("result", ""), open_only=filters.get("open", False)
    )
    context = {
        "statement": statement,
        "form": form,
        "items": paginate(request, items, per_page=ITEMS_PER_PAGE),
        "matched": MatchResult.MATCHED,
        "resolve_form": resolve_form,
        "resolving": resolving,
        "section": "reconciliation",
    }
    return render(request, "finance/statement.html", context, status=status)


@require_POST
@finance_page
def statement_item_resolve(request, item_id: int):
    """Resolve a difference with a note; back to the statement as it was filtered."""
    item = selectors.statement_item_of(item_id=item_id)
    form = ResolveForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""  # the service judges the note
    try:
        services.statement_item_resolve(item=item, by=request.user, note=note)
    except DomainError as error:
        status = refused(request, form, error)
        statement = selectors.statement_of(statement_id=item.statement_id)
        return _statement_page(request, statement, resolve_form=form, resolving=item.pk, status=status)
    messages.success(request, _("The difference of %(reference)s is resolved.") % {"reference": item.reference})
    back = reverse("finance:statement", kwargs={"statement_id": item.statement_id})
    return redirect(f"{back}?{request.GET.urlencode()}" if request.GET else back)
