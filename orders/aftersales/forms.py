"""The shopper's after-sales forms: which lines, how many of each, the kind, why and the pictures; the appeal to the
platform once the store rejected."""

from django import forms
from django.utils.translation import gettext_lazy as _

from orders.aftersales.evidence import MAX_EVIDENCE
from orders.models import REFUND_REASONS, RefundKind

PICTURE_TYPES = "image/jpeg,image/png,image/webp"  # what catalog.images takes


class PicturesInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PicturesField(forms.FileField):
    """Up to MAX_EVIDENCE pictures in one input, none required; the services check each (orders.aftersales.evidence)
    and say which one they refuse."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Up to %(n)d photos: JPEG, PNG or WebP, 5 MB each.") % {"n": MAX_EVIDENCE})
        super().__init__(widget=PicturesInput(attrs={"accept": PICTURE_TYPES}), **kwargs)

    def clean(self, data, initial=None):
        files = []
        for part in data if isinstance(data, list | tuple) else [data]:
            file = super().clean(part, initial)
            if file:
                files.append(file)
        return files


class ReasonSelect(forms.Select):
    """The reasons grouped by kind; each option names its kind (data-kind), so that shopper.js offers only the
    chosen kind's. Without the script every group shows, and the service refuses a reason of the other kind."""

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        kinds = {str(label): kind for kind, label in RefundKind.choices}
        for group_name, options, _index in groups:
            for option in options:
                if group_name:
                    option["attrs"]["data-kind"] = kinds.get(str(group_name), "")
        return groups


class RefundForm(forms.Form):
    """After-sales for one order: a quantity per line (0: not this one), the kind, why and pictures."""

    kind = forms.ChoiceField(label=_("What you want"), choices=RefundKind.choices, widget=forms.RadioSelect)
    reason_code = forms.ChoiceField(label=_("Reason"), widget=ReasonSelect(attrs={"data-reasons": ""}))
    reason = forms.CharField(
        label=_("Describe the problem"),
        max_length=200,
        required=False,
        help_text=_("Required when the reason is “Other”."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = PicturesField(label=_("Photos"))

    def __init__(self, *args, lines, kinds=RefundKind.values, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the kinds the order can have now: goods go back once they were sent (orders.aftersales.services).
        self.fields["kind"].choices = [(value, label) for value, label in RefundKind.choices if value in kinds]
        if len(self.fields["kind"].choices) == 1:
            self.fields["kind"].initial = self.fields["kind"].choices[0][0]
        self.fields["reason_code"].choices = [
            ("", _("Choose a reason")),
            *(
                (label, [(code.value, code.label) for code in REFUND_REASONS[value]])
                for value, label in self.fields["kind"].choices
            ),
        ]
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
        # The goods first, then what and why, as Tmall's form asks.
        self.order_fields([f"line_{line.pk}" for line in lines] + ["kind", "reason_code", "reason", "evidence"])

    def clean(self):
        cleaned = super().clean()
        chosen = [(line.pk, cleaned[f"line_{line.pk}"]) for line in self.order_lines if cleaned.get(f"line_{line.pk}")]
        if not chosen and not any(f"line_{line.pk}" in self.errors for line in self.order_lines):
            raise forms.ValidationError(_("Choose at least one item and how many of it."))
        cleaned["lines"] = chosen
        return cleaned


class EscalateForm(forms.Form):
    """申请平台介入: the shopper's statement to the platform (the page asks for one: it is what an operator reads
    beside the store's reason) and more pictures if they have them."""

    reason = forms.CharField(
        label=_("Your statement to the platform"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What happened, and why the store's reason does not hold."),
    )
    evidence = PicturesField(label=_("More photos"))
