"""The member's company pages' forms: the fields the API takes, checked again by the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from companies.models import CompanyRole
from members.forms import AddressForm


class CompanyRegisterForm(forms.Form):
    name = forms.CharField(label=_("Company name"), max_length=100)
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=30,
        help_text=_("18 characters, as printed on the business licence."),
    )
    licence = forms.ImageField(label=_("Business licence"), required=False)


class CompanyMemberForm(forms.Form):
    login = forms.CharField(label=_("User name or mobile number"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=CompanyRole.choices)
    is_admin = forms.BooleanField(label=_("Company admin"), required=False)


class CompanyAddressForm(AddressForm):
    """A member's address form, less "default": a company's addresses are its users' to choose from."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["is_default"]


class InvoiceTitleForm(forms.Form):
    title = forms.CharField(label=_("Invoice title"), max_length=100)
    tax_number = forms.RegexField(label=_("Tax number"), regex=r"^[0-9A-Za-z]{15,20}$", max_length=20)
    bank = forms.CharField(label=_("Bank"), max_length=100, required=False)
    bank_account = forms.CharField(label=_("Bank account"), max_length=40, required=False)
