"""The deals' page forms: a quote asked for (a product page's SKU and quantity), the store's offer (a price
and a quantity per line, the special discount, a reason, the validity date and the terms) and a refusal's reason."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from companies.deals.services import MAX_QUANTITY, LineChange, WantedLine
from companies.models import Deal

DAY = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})  # the browser's date field reads ISO dates only


class QuoteRequestForm(forms.Form):
    """A quote asked for from a product page: the SKU chosen and its quantity (the cart asks for all of a store's
    lines at once, orders.cart.views.cart_quote)."""

    sku = forms.IntegerField(label=gettext_lazy("SKU"), min_value=1)
    quantity = forms.IntegerField(label=gettext_lazy("Quantity"), min_value=1, max_value=MAX_QUANTITY, initial=1)
    note = forms.CharField(label=gettext_lazy("Note to the store"), max_length=200, required=False)

    def lines(self) -> list[WantedLine]:
        return [WantedLine(self.cleaned_data["sku"], self.cleaned_data["quantity"])]

    def first_error(self) -> str:
        return next(iter(self.errors.values()))[0]


class OfferForm(forms.Form):
    """A price and a quantity field per line of the deal (price_<line id>, quantity_<line id>)."""

    special_discount = forms.DecimalField(
        label=gettext_lazy("Special discount"), max_digits=14, decimal_places=2, min_value=0, initial=0
    )
    reason = forms.CharField(label=gettext_lazy("Reason (the buyer reads it)"), max_length=200, required=False)
    valid_until = forms.DateField(label=gettext_lazy("Valid until"), widget=DAY)
    terms = forms.CharField(
        label=gettext_lazy("Contract terms"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )

    def __init__(self, *args, deal: Deal, **kwargs):
        super().__init__(*args, **kwargs)
        self.deal_lines = list(deal.lines.order_by("pk"))
        for line in self.deal_lines:
            self.fields[f"price_{line.pk}"] = forms.DecimalField(
                label=_("Unit price of %(title)s") % {"title": line.title},
                max_digits=14,
                decimal_places=2,
                min_value=0,
                initial=line.unit_price if line.unit_price is not None else line.list_price,
            )
            self.fields[f"quantity_{line.pk}"] = forms.IntegerField(
                label=_("Quantity of %(title)s") % {"title": line.title},
                min_value=1,
                max_value=MAX_QUANTITY,
                initial=line.quantity,
            )
        self.fields["special_discount"].initial = deal.special_discount
        self.fields["valid_until"].initial = deal.valid_until or timezone.localdate() + timedelta(days=7)
        self.fields["terms"].initial = deal.terms

    def line_rows(self):
        return [(line, self[f"price_{line.pk}"], self[f"quantity_{line.pk}"]) for line in self.deal_lines]

    def changes(self) -> list[LineChange]:
        data = self.cleaned_data
        return [LineChange(line.pk, data[f"price_{line.pk}"], data[f"quantity_{line.pk}"]) for line in self.deal_lines]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200)
