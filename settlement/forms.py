"""The finance console's forms (settlement/finance_views.py). They check the shape of what is typed; the services
decide the rest (a date already past, a transition not allowed, the proposer approving), and their refusals come
back on the form."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orders.payment.gateways import gateway_names
from settlement.models import BillStatus, Cycle, MatchResult, Mode, PayoutMethod
from settlement.services import TermsInput
from settlement.services.reconciliation import MAX_FILE_BYTES
from stores.models import Store

PERCENT = {"max_digits": 5, "decimal_places": 2, "min_value": 0, "max_value": 100}
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _stores():
    return Store.objects.past_review().order_by("pk")


class BillRunForm(forms.Form):
    until = forms.DateField(label=_("Bill as of"), widget=DATE, help_text=_("Closes each store's open period here."))
    stores = forms.ModelMultipleChoiceField(
        label=_("Stores"),
        queryset=_stores(),
        required=False,
        help_text=_("None chosen: every store."),
    )

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until > timezone.localdate():
            raise forms.ValidationError(_("A bill run closes days already begun, not days to come."))
        return until


class BillFilterForm(forms.Form):
    store = forms.ModelChoiceField(label=_("Store"), queryset=_stores(), required=False, empty_label=_("All stores"))
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *BillStatus.choices], required=False
    )
    period_from = forms.DateField(label=_("Period ends from"), widget=DATE, required=False)
    period_to = forms.DateField(label=_("Period ends by"), widget=DATE, required=False)


class AdjustmentForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount"),
        max_digits=14,
        decimal_places=2,
        min_value=-(10**11),
        max_value=10**11,
        help_text=_("Added to what HQ pays the store; negative takes off."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)


class PayoutForm(forms.Form):
    """By hand, the bank's reference of the transfer made (the service asks for it); or through the provider."""

    method = forms.ChoiceField(label=_("Method"), choices=PayoutMethod.choices, widget=forms.HiddenInput)
    reference = forms.CharField(label=_("Bank reference"), max_length=64, required=False)


class RowsField(forms.CharField):
    """Rows of two numbers typed one per line, "first: second" (a category and its rate, a tier's start and its
    rate, a band's margin and the store's share)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *, first_is_id: bool = False, **kwargs):
        self.first_is_id = first_is_id
        super().__init__(required=False, **kwargs)

    def to_python(self, value) -> list[tuple]:
        rows = []
        for number, line in enumerate((value or "").splitlines(), start=1):
            if not line.strip():
                continue
            first, colon, second = line.replace("：", ":").partition(":")
            try:
                if not colon:
                    raise ValueError
                start = int(first) if self.first_is_id else Decimal(first.strip())
                rate = Decimal(second.strip())
            except (ValueError, InvalidOperation):
                raise forms.ValidationError(
                    _('Line %(number)s: write two numbers, "first: second".') % {"number": number}
                ) from None
            if not (0 <= rate <= 100) or start < 0:
                raise forms.ValidationError(_("Line %(number)s: out of range.") % {"number": number})
            rows.append((start, rate.quantize(Decimal("0.01"))))
        return rows

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{first}: {second}" for first, second in value)
        return value


class TermsForm(forms.Form):
    effective_from = forms.DateField(label=_("Effective from"), widget=DATE)
    mode = forms.ChoiceField(label=_("Settlement mode"), choices=Mode.choices)
    rate = forms.DecimalField(label=_("Commission (%)"), initial=0, **PERCENT)
    category_rates = RowsField(
        label=_("Category rates"), first_is_id=True, help_text=_("One per line: backend category id: rate (%).")
    )
    sales_tiers = RowsField(label=_("Sales tiers"), help_text=_("One per line: period net sales from: rate (%)."))
    margin_bands = RowsField(
        label=_("Margin bands"), help_text=_("One per line: margin from (%): the store's share of profit (%).")
    )
    cycle = forms.ChoiceField(label=_("Settlement cycle"), choices=Cycle.choices, initial=Cycle.MONTHLY)
    hold_days = forms.IntegerField(label=_("Hold days"), min_value=0, max_value=90, initial=7)
    bank_name = forms.CharField(label=_("Bank"), max_length=100, required=False)
    account_name = forms.CharField(label=_("Account holder"), max_length=100, required=False)
    account_number = forms.CharField(
        label=_("Account number"),
        required=False,
        validators=[RegexValidator(r"^[0-9]{8,30}$", _("8 to 30 digits."))],
        help_text=_("Leave the account empty to keep the one in force."),
    )

    def terms_input(self) -> TermsInput:
        data = self.cleaned_data
        account = {name: data[name] or None for name in ("bank_name", "account_name", "account_number")}
        return TermsInput(
            effective_from=data["effective_from"],
            mode=data["mode"],
            cycle=data["cycle"],
            hold_days=data["hold_days"],
            rate=data["rate"],
            category_rates=data["category_rates"],
            sales_tiers=data["sales_tiers"],
            margin_bands=data["margin_bands"],
            **account,
        )


class StatementImportForm(forms.Form):
    """A gateway's statement file of a day; statement_import reads it and says which row it cannot read."""

    gateway = forms.ChoiceField(label=_("Gateway"), choices=lambda: [(name, name) for name in gateway_names()])
    day = forms.DateField(label=_("Day"), widget=DATE)
    file = forms.FileField(
        label=_("Statement file"), max_length=200, help_text=_("The gateway's CSV: kind,reference,amount,time.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("A statement file is at most 20 MB."))
        return upload


class StatementDayForm(forms.Form):
    """The day of the simulated gateway's statement to download (beside the import form, whose ids it keeps off)."""

    day = forms.DateField(label=_("Day"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="simulated-%s", **kwargs)


class StatementItemFilterForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Result"), choices=[("", _("All results")), *MatchResult.choices], required=False
    )
    open = forms.BooleanField(label=_("Open differences only"), required=False)


class ResolveForm(forms.Form):
    """The note that resolves a difference: statement_item_resolve refuses an empty one and keeps 200 characters."""

    note = forms.CharField(label=_("Note"), required=False)
