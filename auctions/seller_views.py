"""The seller backend's auction pages (/seller/auctions/): the store's auctions with publish and cancel, and the
form that sets one up. Owners and managers only (a clerk runs no auctions). The form posts the API's fields, which
the API's input serializer checks and auction_create writes: one validation for the page and the API."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError

from auctions import selectors, services
from auctions.serializers import AuctionInputSerializer
from catalog.models import Sku
from marketplace.exceptions import DomainError
from promotions.seller_forms import sku_specs
from stores.seller_pages import MANAGERS, field_errors, paginate, posted_input, seller_page

SKU_CHOICES = 500
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}


class AuctionForm(forms.Form):
    """The inputs, under the API's names (AuctionInputSerializer checks them)."""

    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    sku = forms.TypedChoiceField(label=gettext_lazy("SKU"), coerce=int)
    starting_price = forms.DecimalField(label=gettext_lazy("Starting price"), **MONEY)
    increment = forms.DecimalField(label=gettext_lazy("Bid increment"), **MONEY)
    reserve_price = forms.DecimalField(label=gettext_lazy("Reserve price"), required=False, **MONEY)
    buyout_price = forms.DecimalField(label=gettext_lazy("Buy-out price"), required=False, **MONEY)
    deposit = forms.DecimalField(label=gettext_lazy("Deposit"), **MONEY)
    starts_at = forms.DateTimeField(label=gettext_lazy("Starts at"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=gettext_lazy("Ends at"), widget=DATETIME)
    extend_window_minutes = forms.IntegerField(
        label=gettext_lazy("Extend when a bid comes within (minutes)"), min_value=0, max_value=60, initial=5
    )
    extend_by_minutes = forms.IntegerField(
        label=gettext_lazy("Extend to (minutes after the bid)"), min_value=1, max_value=60, initial=5
    )
    payment_hours = forms.IntegerField(
        label=gettext_lazy("Hours the winner has to pay"), min_value=1, max_value=168, initial=24
    )
    exclusive = forms.BooleanField(label=gettext_lazy("Exclusive of promotions"), required=False, initial=True)

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        skus = Sku.objects.filter(store=store, is_active=True).select_related("spu").order_by("spu_id", "id")
        self.fields["sku"].choices = [
            (sku.pk, f"{sku.spu.title} {sku_specs(sku)} (¥{sku.price})") for sku in skus[:SKU_CHOICES]
        ]

    def place(self, error: DomainError | ValidationError) -> None:
        for path, found in field_errors(error).items():
            name = path.split(".")[0]
            for message in found:
                self.add_error(name if name in self.fields else None, message)


@seller_page
def auction_list(request):
    """Every member of staff reads the list; owners and managers act on it."""
    auctions = selectors.store_auctions(store=request.store)
    return render(request, "seller/auctions/list.html", {"page": paginate(request, auctions), "section": "auctions"})


@seller_page(roles=MANAGERS)
def auction_create(request):
    form = AuctionForm(request.POST or None, store=request.store)
    if request.method == "POST" and form.is_valid():
        try:
            data = AuctionInputSerializer(data=posted_input(request))
            data.is_valid(raise_exception=True)
            services.auction_create(store=request.store, by=request.user, values=data.to_service())
        except (ValidationError, DomainError) as error:
            form.place(error)
        else:
            messages.success(request, _("The auction is created: publish it to open the bidding."))
            return redirect("seller:auctions")
    return render(request, "seller/auctions/form.html", {"form": form, "section": "auctions"})


@seller_page(roles=MANAGERS)
@require_POST
def auction_action(request, auction_id: int, action: str):
    auction = get_object_or_404(selectors.store_auctions(store=request.store), pk=auction_id)
    try:
        if action == "publish":
            services.auction_publish(auction=auction, by=request.user)
        else:
            services.auction_cancel(auction=auction, by=request.user)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("Published.") if action == "publish" else _("Cancelled."))
    return redirect("seller:auctions")
