"""The shopper's after-sales form: which lines, how many of each, the kind and why."""

from django import forms
from django.utils.translation import gettext_lazy as _

from orders.models import RefundKind


class RefundForm(forms.Form):
    """After-sales for one order: a quantity per line (0: not this one), the kind, and why."""

    kind = forms.ChoiceField(label=_("What you want"), choices=RefundKind.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), max_length=200, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, lines, kinds=RefundKind.values, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the kinds the order can have now: goods go back once they were sent (orders.aftersales.services).
        self.fields["kind"].choices = [(value, label) for value, label in RefundKind.choices if value in kinds]
        if len(self.fields["kind"].choices) == 1:
            self.fields["kind"].initial = self.fields["kind"].choices[0][0]
        self.order_lines = lines
        for line in lines:
            left = line.quantity - line.refunded_quantity
            specs = " ".join(str(value) for value in (line.specs or {}).values())
            self.fields[f"line_{line.pk}"] = forms.IntegerField(
                label=f"{line.title} {specs}".strip(),
                min_value=0,
                max_value=left,
                initial=0,
                required=False,
                help_text=_("Bought %(bought)d, up to %(left)d can be returned")
                % {"bought": line.quantity, "left": left},
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    def clean(self):
        cleaned = super().clean()
        chosen = [(line.pk, cleaned[f"line_{line.pk}"]) for line in self.order_lines if cleaned.get(f"line_{line.pk}")]
        if not chosen and not any(f"line_{line.pk}" in self.errors for line in self.order_lines):
            raise forms.ValidationError(_("Choose at least one item and how many of it."))
        cleaned["lines"] = chosen
        return cleaned
