"""The seller backend's e-voucher pages: the clerk's redemption at the counter (type or scan the code, the uses;
every staff member) with the store's latest redemptions, and the goods sold as e-vouchers with their terms
(managers and owners set them). The forms' input is the API's, checked by its serializers, written by the same
services."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ValidationError

from catalog.models import Spu
from marketplace.api.serializers import FROM_A_FORM
from marketplace.exceptions import DomainError
from stores.selectors import for_store
from stores.seller_pages import MANAGERS, add_errors, is_manager, paginate, seller_page
from vouchers import selectors, services
from vouchers.serializers import RedeemInputSerializer, VoucherTermsInputSerializer

RECENT = 20  # redemptions shown under the counter's form


class RedeemForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("E-voucher code"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "autofocus": True}),
    )
    uses = forms.IntegerField(label=gettext_lazy("Uses"), min_value=1, max_value=100, initial=1)


class TermsForm(forms.Form):
    uses = forms.IntegerField(label=gettext_lazy("Uses per voucher"), min_value=1, max_value=100, initial=1)
    valid_days = forms.IntegerField(label=gettext_lazy("Valid for days after purchase"), required=False, min_value=1)
    valid_from = forms.DateField(
        label=gettext_lazy("Or valid from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=gettext_lazy("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    refund_on_expiry = forms.BooleanField(
        label=gettext_lazy("Refund unused uses on expiry"), required=False, initial=True
    )
    stores = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Valid in stores"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, spu: Spu, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stores"].choices = [(s.pk, s.name) for s in services.eligible_stores(spu=spu)]

    def api_input(self) -> dict:
        data = self.cleaned_data
        body = {
            "uses": data["uses"],
            "valid_days": data["valid_days"],
            "refund_on_expiry": data["refund_on_expiry"],
            "stores": data["stores"],
        }
        for name in ("valid_from", "valid_until"):
            body[name] = data[name].isoformat() if data[name] else None
        return body


@seller_page
def redeem(request):
    form = RedeemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = RedeemInputSerializer(data=form.cleaned_data, context=FROM_A_FORM)
            data.is_valid(raise_exception=True)
            redemption = services.voucher_redeem(
                code=data.validated_data["code"],
                uses=data.validated_data["uses"],
                store=request.store,
                clerk=request.user,
            )
        except (ValidationError, DomainError) as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Redeemed %(uses)d use(s) of “%(title)s”: %(left)d left.")
                % {"uses": redemption.uses, "title": redemption.voucher.title, "left": redemption.voucher.uses_left},
            )
            return redirect("seller:voucher-redeem")
    recent = selectors.store_redemptions(store=request.store)[:RECENT]
    context = {"form": form, "recent": recent, "section": "vouchers"}
    return render(request, "seller/vouchers/redeem.html", context)


@seller_page
def goods(request):
    context = {
        "page": paginate(request, selectors.store_voucher_goods(store=request.store)),
        "can_write": is_manager(request),
        "section": "vouchers",
    }
    return render(request, "seller/vouchers/goods.html", context)


@seller_page(roles=MANAGERS)
def terms_edit(request, spu_id: int):
    spu = get_object_or_404(for_store(Spu.objects.select_related("store"), request.store), pk=spu_id)
    terms = selectors.terms_of(spu=spu)
    initial = {}
    if terms is not None:
        initial = {
            "uses": terms.uses,
            "valid_days": terms.valid_days,
            "valid_from": terms.valid_from,
            "valid_until": terms.valid_until,
            "refund_on_expiry": terms.refund_on_expiry,
            "stores": [store.pk for store in terms.stores.all()],
        }
    form = TermsForm(request.POST or None, spu=spu, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            data = VoucherTermsInputSerializer(data=form.api_input(), context=FROM_A_FORM)
            data.is_valid(raise_exception=True)
            services.terms_set(spu=spu, by=request.user, data=data.to_service())
        except (ValidationError, DomainError) as error:
            add_errors(form, error, aliases={"store_ids": "stores"})
        else:
            messages.success(request, _("“%(title)s” is sold as e-vouchers.") % {"title": spu.title})
            return redirect("seller:voucher-goods")
    return render(request, "seller/vouchers/terms.html", {"form": form, "spu": spu, "section": "vouchers"})
