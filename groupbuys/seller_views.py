"""The seller backend's group-buy pages (/seller/group-buys/): the store's campaigns with their groups (every staff
member reads), a new campaign for one of its SKUs and stopping one (owners and managers). The form's input is the
seller API's, checked by its serializer and written by the same service."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError

from groupbuys import selectors, services
from groupbuys.serializers import CampaignInputSerializer
from marketplace.exceptions import DomainError
from promotions.seller_forms import StoreGoods
from stores.seller_pages import MANAGERS, add_errors, is_manager, paginate, seller_page

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CampaignForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    sku = forms.TypedChoiceField(label=gettext_lazy("SKU"), coerce=int)
    group_price = forms.DecimalField(label=gettext_lazy("Group price"), **MONEY)
    opener_price = forms.DecimalField(label=gettext_lazy("Opener's price (optional)"), required=False, **MONEY)
    group_size = forms.IntegerField(label=gettext_lazy("Members per group"), initial=2)
    hours = forms.IntegerField(label=gettext_lazy("Hours to fill a group"), initial=24)
    per_member_limit = forms.IntegerField(label=gettext_lazy("Units per member"), initial=1)
    starts_at = forms.DateTimeField(label=gettext_lazy("Starts at"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=gettext_lazy("Ends at"), widget=DATETIME)
    exclusive = forms.BooleanField(label=gettext_lazy("No promotion on top"), required=False, initial=True)
    simulated_fill = forms.BooleanField(
        label=gettext_lazy("The platform fills a short group at its deadline"), required=False
    )

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sku"].choices = StoreGoods(store).sku_choices_titled

    def api_input(self) -> dict:
        data = self.cleaned_data
        body = {name: data[name] for name in self.fields}
        for name in ("group_price", "opener_price"):
            body[name] = None if data[name] is None else str(data[name])
        for name in ("starts_at", "ends_at"):
            body[name] = data[name].isoformat()
        return body


@seller_page
def campaign_list(request):
    context = {
        "page": paginate(request, selectors.with_group_counts(selectors.store_campaigns(store=request.store))),
        "can_write": is_manager(request),
        "section": "group-buys",
    }
    return render(request, "seller/group_buys/list.html", context)


@seller_page(roles=MANAGERS)
def campaign_create(request):
    form = CampaignForm(request.POST or None, store=request.store)
    if request.method == "POST" and form.is_valid():
        try:
            data = CampaignInputSerializer(data=form.api_input())
            data.is_valid(raise_exception=True)
            services.campaign_create(store=request.store, by=request.user, data=data.to_service())
        except (ValidationError, DomainError) as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The group buy is on."))
            return redirect("seller:group-buys")
    return render(request, "seller/group_buys/form.html", {"form": form, "section": "group-buys"})


@require_POST
@seller_page(roles=MANAGERS)
def campaign_stop(request, campaign_id: int):
    campaign = get_object_or_404(selectors.store_campaigns(store=request.store), pk=campaign_id)
    try:
        services.campaign_stop(campaign=campaign, by=request.user)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(
            request, _("“%(name)s” opens no more groups; open groups run to their deadline.") % {"name": campaign.name}
        )
    return redirect("seller:group-buys")
