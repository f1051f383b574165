"""Seller backend pages of deals under /seller/deals/: the store's quotes and assisted orders, one deal with its
offer form (any staff prices it), its history, the manager's approval of an offer beyond the store's threshold, the
contract; and the threshold itself (owners and managers)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from companies.deals import selectors, services
from companies.deals.forms import OfferForm, ReasonForm
from companies.deals.views import contract_response
from companies.models import DealStatus
from marketplace.exceptions import DomainError
from stores.seller_pages import MANAGERS, field_errors, is_manager, paginate, seller_page


class SettingsForm(forms.Form):
    approval_percent = forms.DecimalField(
        label=gettext_lazy("Approval needed above (percent off the list total)"),
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
    )


@seller_page
def deal_list(request):
    deals = selectors.store_deals(store=request.store)
    status = request.GET.get("status")
    if status in DealStatus.values:
        deals = deals.filter(status=status)
    context = {
        "section": "deals",
        "page": paginate(request, deals),
        "statuses": DealStatus.choices,
        "status": status,
        "settings_form": SettingsForm(initial={"approval_percent": selectors.approval_percent(request.store.pk)})
        if is_manager(request)
        else None,
    }
    return render(request, "seller/deals/list.html", context)


@seller_page(roles=MANAGERS)
@require_POST
def deal_settings(request):
    form = SettingsForm(request.POST)
    if form.is_valid():
        services.deal_settings_set(store=request.store, approval_percent=form.cleaned_data["approval_percent"])
        messages.success(request, _("The approval threshold is saved."))
    else:
        messages.error(request, _("A percent from 0 to 100."))
    return redirect("seller:deals")


@seller_page
def deal_detail(request, deal_id: int):
    """GET: the deal, its history and (while it may change) the offer form; POST sends the offer."""
    deal = selectors.store_deal(store=request.store, deal_id=deal_id)
    form = OfferForm(request.POST or None, deal=deal, prefix="offer") if deal.can_change() else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("This deal can no longer be changed."))
            return redirect("seller:deal-detail", deal_id=deal.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                deal = services.deal_propose(
                    deal=deal,
                    by=request.user,
                    changes=form.changes(),
                    valid_until=data["valid_until"],
                    special_discount=data["special_discount"],
                    reason=data["reason"],
                    terms=data["terms"],
                )
            except DomainError as error:
                for name, found in field_errors(error).items():
                    form.add_error(name if name in form.fields else None, found)
            else:
                messages.success(request, _("The offer is saved: %(status)s.") % {"status": deal.get_status_display()})
                return redirect("seller:deal-detail", deal_id=deal.pk)
    context = {
        "section": "deals",
        "deal": deal,
        "totals": selectors.deal_totals(deal),
        "events": selectors.deal_events(deal=deal),
        "form": form,
        "refuse_form": ReasonForm(prefix="refuse"),
        "may_approve": is_manager(request)
        and deal.status == DealStatus.AWAITING_APPROVAL
        and deal.offered_by_id != request.user.pk,
        "threshold": selectors.approval_percent(deal.store_id),
    }
    return render(request, "seller/deals/detail.html", context, status=400 if form is not None and form.errors else 200)


@seller_page
def deal_contract(request, deal_id: int):
    return contract_response(selectors.store_deal(store=request.store, deal_id=deal_id))


def _act(request, deal_id: int, write, success: str):
    deal = selectors.store_deal(store=request.store, deal_id=deal_id)
    try:
        write(deal)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, success)
    return redirect("seller:deal-detail", deal_id=deal.pk)


@seller_page(roles=MANAGERS)
@require_POST
def deal_approve(request, deal_id: int):
    """A manager (or the owner) approves an offer beyond the threshold; never their own (the service says no)."""
    return _act(
        request,
        deal_id,
        lambda deal: services.deal_approve(deal=deal, by=request.user),
        _("You approved the offer: it went to the buyer."),
    )


@seller_page(roles=MANAGERS)
@require_POST
def deal_refuse(request, deal_id: int):
    form = ReasonForm(request.POST, prefix="refuse")
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        deal_id,
        lambda deal: services.deal_approval_refuse(deal=deal, by=request.user, reason=reason),
        _("The offer went back to be priced again."),
    )


@seller_page
@require_POST
def deal_cancel(request, deal_id: int):
    return _act(
        request, deal_id, lambda deal: services.deal_cancel(deal=deal, by=request.user), _("The deal is cancelled.")
    )


@seller_page
@require_POST
def deal_confirm(request, deal_id: int):
    """The store's side confirms the contract of an ordered deal."""
    return _act(
        request,
        deal_id,
        lambda deal: services.deal_contract_confirm(deal=deal, by=request.user, side="store"),
        _("You confirmed the contract."),
    )
