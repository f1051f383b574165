"""The company's quote pages under /me/company/quotes/: its deals, a quote asked for, one deal with what changed
(old → new, why) and the step the caller may take now (accept, approve, order, confirm the contract)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from companies import selectors as company_selectors
from companies.deals import selectors, services
from companies.deals.contract import contract_pdf
from companies.deals.forms import QuoteRequestForm
from companies.models import CompanyRole, Deal, DealStatus
from marketplace.exceptions import DomainError, NotFound
from marketplace.query import next_url


def _deal(request, deal_id: int) -> Deal:
    """One of the caller's company's deals; another company's is a 404 page."""
    try:
        return selectors.company_deal(user=request.user, deal_id=deal_id)
    except NotFound as error:
        raise Http404 from error


def _membership(request):
    membership = company_selectors.membership_of(request.user)
    if membership is None:
        raise Http404
    return membership


@login_required
def quote_list(request):
    """GET: the company's deals. POST (a buyer's, from a product page): a quote asked for the SKU and quantity
    chosen; back to the page with the error, or on to the new quote. The cart asks for its lines of a store
    (orders.cart.views.cart_quote)."""
    membership = _membership(request)
    if request.method == "POST":
        return _ask_quote(request)
    context = {
        "me_tab": "company",
        "membership": membership,
        "deals": selectors.company_deals(user=request.user),
        "may_ask": membership.role == CompanyRole.BUYER,
    }
    return render(request, "companies/deals/list.html", context)


def _ask_quote(request):
    form = QuoteRequestForm(request.POST)
    back = next_url(request, reverse("shop-me-quotes"))
    if not form.is_valid():
        messages.error(request, form.first_error())
        return redirect(back)
    try:
        deal = services.deal_request(
            user=request.user, lines=form.lines(), note=form.cleaned_data["note"], source="product"
        )
    except DomainError as error:
        messages.error(request, error.detail)
        return redirect(back)
    messages.success(request, _("Your quote request was sent to the store."))
    return redirect("shop-me-quote", deal_id=deal.pk)


@login_required
def quote_detail(request, deal_id: int):
    membership = _membership(request)
    deal = _deal(request, deal_id)
    context = {
        "me_tab": "company",
        "membership": membership,
        "deal": deal,
        "totals": selectors.deal_totals(deal),
        "events": selectors.deal_events(deal=deal),
        "is_buyer": membership.role == CompanyRole.BUYER,
        "is_approver": membership.role == CompanyRole.APPROVER,
        "checkout_url": _checkout_url(deal) if deal.status == DealStatus.ACCEPTED else "",
    }
    return render(request, "companies/deals/detail.html", context)


def _checkout_url(deal: Deal) -> str:
    return f"{reverse('shop-checkout')}?{urlencode({'deal': deal.pk, 'coupons': 'none'})}"


ACTIONS = {
    "accept": (lambda deal, user: services.deal_accept(deal=deal, by=user), _("You accepted the offer.")),
    "approve": (lambda deal, user: services.deal_company_approve(deal=deal, by=user), _("You approved the order.")),
    "cancel": (lambda deal, user: services.deal_cancel(deal=deal, by=user), _("The deal is cancelled.")),
    "confirm": (
        lambda deal, user: services.deal_contract_confirm(deal=deal, by=user, side="buyer"),
        _("You confirmed the contract."),
    ),
}


@login_required
@require_POST
def quote_action(request, deal_id: int, action: str):
    if action not in ACTIONS:
        raise Http404
    deal = _deal(request, deal_id)
    write, success = ACTIONS[action]
    try:
        deal = write(deal, request.user)
    except DomainError as error:
        messages.error(request, error.detail)
        return redirect("shop-me-quote", deal_id=deal_id)
    messages.success(request, success)
    if action == "accept" and deal.status == DealStatus.ACCEPTED:
        return redirect(_checkout_url(deal))
    return redirect("shop-me-quote", deal_id=deal_id)


@login_required
def quote_contract(request, deal_id: int):
    deal = _deal(request, deal_id)
    return contract_response(deal)


def contract_response(deal: Deal) -> HttpResponse:
    """The contract PDF of an ordered deal; none before (404: there is no such file yet)."""
    if deal.status != DealStatus.ORDERED:
        raise Http404
    response = HttpResponse(contract_pdf(deal), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="contract-{deal.number}.pdf"'
    return response
