"""Seller backend pages of the presale center: the store's presales (any staff member reads them) and, for managers
and owners, the form that sets one up, publishing and cancelling. The form's inputs carry the API's names and are
checked by the API's input serializer and `services.presale_check`: one validation for the page and the API."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError

from catalog.models import Sku
from marketplace.api.serializers import FROM_A_FORM
from marketplace.exceptions import DomainError
from presales import selectors, services
from presales.serializers import PresaleInputSerializer
from stores.seller_pages import MANAGERS, field_errors, paginate, seller_page

WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PresaleForm(forms.Form):
    """The page's inputs as text under the API's names; what they may be is the serializer's and the service's."""

    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    sku = forms.TypedChoiceField(label=gettext_lazy("SKU"), coerce=int)
    deposit = forms.CharField(label=gettext_lazy("Deposit per unit"))
    counted = forms.CharField(label=gettext_lazy("Deposit counts as"))
    deposit_starts_at = forms.CharField(label=gettext_lazy("Deposit window opens"), widget=WHEN)
    deposit_ends_at = forms.CharField(label=gettext_lazy("Deposit window closes"), widget=WHEN)
    balance_starts_at = forms.CharField(label=gettext_lazy("Balance window opens"), widget=WHEN)
    balance_ends_at = forms.CharField(label=gettext_lazy("Balance window closes"), widget=WHEN)
    per_member_limit = forms.CharField(label=gettext_lazy("Limit per member"), initial="1")
    exclusive = forms.BooleanField(label=gettext_lazy("Exclusive of promotions"), required=False, initial=True)

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        skus = Sku.objects.filter(store=store, is_active=True).select_related("spu").order_by("spu_id", "id")
        self.fields["sku"].choices = [(sku.pk, f"{sku.spu.title} {sku.code} ¥{sku.price}") for sku in skus]

    def place(self, error: DomainError | ValidationError) -> None:
        for name, found in field_errors(error).items():
            self.add_error(name if name in self.fields else None, found)


@seller_page
def presale_list(request):
    presales = selectors.store_presales(store=request.store)
    context = {
        "page": paginate(request, presales),
        "section": "presales",
        "manager": request.membership.role in MANAGERS,
    }
    return render(request, "seller/presales/list.html", context)


@seller_page(roles=MANAGERS)
def presale_create(request):
    form = PresaleForm(request.POST or None, store=request.store)
    if request.method == "POST" and form.is_valid():
        body = {**form.cleaned_data, "exclusive": "true" if form.cleaned_data["exclusive"] else "false"}
        try:
            data = PresaleInputSerializer(data=body, context=FROM_A_FORM)
            data.is_valid(raise_exception=True)
            services.presale_create(store=request.store, by=request.user, values=data.to_service())
        except (ValidationError, DomainError) as error:
            form.place(error)
        else:
            messages.success(request, _("The presale is saved as a draft: publish it to show it."))
            return redirect("seller:presales")
    return render(request, "seller/presales/form.html", {"form": form, "section": "presales"})


def _action(request, presale_id: int, action, done: str):
    presale = get_object_or_404(selectors.store_presales(store=request.store), pk=presale_id)
    try:
        action(presale=presale, by=request.user)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, done)
    return redirect("seller:presales")


@seller_page(roles=MANAGERS)
@require_POST
def presale_publish(request, presale_id: int):
    return _action(request, presale_id, services.presale_publish, _("The presale is published."))


@seller_page(roles=MANAGERS)
@require_POST
def presale_cancel(request, presale_id: int):
    done = _("The presale is cancelled: every deposit not used is refunded in full.")
    return _action(request, presale_id, services.presale_cancel, done)
