"""Seller backend pages of the companies center (owners and managers, as prices are theirs): the store's wholesale
terms per SKU (minimum order quantity, quantity breaks) and the price lists it agreed with companies, with the forms
that set them through the same services as the seller API. Tiers and items are typed one a line, "quantity:price"
and "SKU id:price"."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from catalog.models import Sku
from companies import selectors, services
from marketplace.exceptions import DomainError
from stores.seller_pages import MANAGERS, field_errors, seller_page

DAY = forms.DateInput(attrs={"type": "date"})


def _pairs(text: str) -> list[tuple[int, Decimal]]:
    """Lines of "number:price" as pairs; anything else is the field's error."""
    pairs = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        number, _sep, price = line.partition(":")
        try:
            pairs.append((int(number.strip()), Decimal(price.strip()).quantize(Decimal("0.01"))))
        except (ValueError, InvalidOperation) as error:
            raise forms.ValidationError(_('Write one "number:price" a line.')) from error
    return pairs


class WholesaleTermsForm(forms.Form):
    sku = forms.TypedChoiceField(label=gettext_lazy("SKU"), coerce=int)
    min_quantity = forms.IntegerField(label=gettext_lazy("Minimum order quantity"), min_value=1, initial=1)
    tiers = forms.CharField(
        label=gettext_lazy("Quantity breaks"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy('One a line, "quantity:unit price", e.g. 10:95.00'),
    )

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        skus = Sku.objects.filter(store=store, is_active=True).select_related("spu").order_by("spu_id", "id")
        self.fields["sku"].choices = [(sku.pk, f"{sku.spu.title} {sku} ¥{sku.price}") for sku in skus]

    def clean_tiers(self):
        return [services.Tier(quantity, price) for quantity, price in _pairs(self.cleaned_data["tiers"])]


class PriceListForm(forms.Form):
    company = forms.TypedChoiceField(label=gettext_lazy("Company"), coerce=int)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    valid_from = forms.DateField(label=gettext_lazy("Valid from"), widget=DAY)
    valid_to = forms.DateField(label=gettext_lazy("Valid to"), widget=DAY)
    items = forms.CharField(
        label=gettext_lazy("Prices"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy('One a line, "SKU id:unit price"'),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].choices = list(selectors.approved_companies().values_list("pk", "name"))

    def clean_items(self):
        return dict(_pairs(self.cleaned_data["items"]))


def _page(request, *, terms_form=None, list_form=None, status=200):
    context = {
        "section": "wholesale",
        "terms": selectors.store_wholesale_terms(store=request.store).select_related("sku__spu"),
        "price_lists": selectors.store_price_lists(store=request.store),
        "terms_form": terms_form or WholesaleTermsForm(prefix="terms", store=request.store),
        "list_form": list_form or PriceListForm(prefix="list"),
    }
    return render(request, "seller/wholesale/page.html", context, status=status)


def _place(form, error: DomainError) -> None:
    for name, found in field_errors(error).items():
        form.add_error(name if name in form.fields else None, found)


@seller_page(roles=MANAGERS)
def wholesale(request):
    return _page(request)


@seller_page(roles=MANAGERS)
@require_POST
def wholesale_terms_set(request):
    form = WholesaleTermsForm(request.POST, prefix="terms", store=request.store)
    if form.is_valid():
        sku = selectors.store_sku(store=request.store, sku_id=form.cleaned_data["sku"])
        try:
            services.wholesale_terms_set(
                store=request.store,
                sku=sku,
                min_quantity=form.cleaned_data["min_quantity"],
                tiers=form.cleaned_data["tiers"],
            )
        except DomainError as error:
            _place(form, error)
        else:
            messages.success(request, _("The wholesale terms are saved."))
            return redirect("seller:wholesale")
    return _page(request, terms_form=form, status=400)


@seller_page(roles=MANAGERS)
@require_POST
def price_list_create(request):
    form = PriceListForm(request.POST, prefix="list")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.price_list_create(
                store=request.store,
                by=request.user,
                company_id=data["company"],
                name=data["name"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                items=data["items"],
            )
        except DomainError as error:
            _place(form, error)
        else:
            messages.success(request, _("The price list is saved."))
            return redirect("seller:wholesale")
    return _page(request, list_form=form, status=400)


@seller_page(roles=MANAGERS)
@require_POST
def price_list_delete(request, price_list_id: int):
    price_list = get_object_or_404(selectors.store_price_lists(store=request.store), pk=price_list_id)
    services.price_list_delete(price_list=price_list, by=request.user)
    messages.success(request, _("The price list is deleted."))
    return redirect("seller:wholesale")
