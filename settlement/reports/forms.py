"""The reports' filter on the pages: the API's query (settlement.reports.apis) as a form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.tables import FORMATS
from settlement.reports.selectors import BY_AUDIENCE, DIMENSIONS, Audience
from stores.models import Store


class ReportForm(forms.Form):
    by = forms.ChoiceField(label=_("By"), required=False)  # by day unless chosen
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    store = forms.ModelChoiceField(
        label=_("Store"), queryset=Store.objects.order_by("name"), required=False, empty_label=_("Every store")
    )
    export = forms.ChoiceField(choices=[("", "")] + [(name, name) for name in FORMATS], required=False)

    def __init__(self, *args, audience: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by"].choices = [(name, DIMENSIONS[name]) for name in BY_AUDIENCE[audience]]
        self.fields["export"].widget = forms.HiddenInput()
        if audience != Audience.HQ:
            del self.fields["store"]
