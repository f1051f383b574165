from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from marketplace.models import Region
from members.models import phone_validator


class RegisterForm(forms.Form):
    username = forms.RegexField(
        label=_("Username"),
        regex=r"^[\w.@+-]{3,150}$",
        max_length=150,
        help_text=_("3 to 150 letters, digits or . @ + - _"),
    )
    phone = forms.CharField(label=_("Mobile number"), max_length=11, validators=[phone_validator])
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password_again = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") and cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return cleaned


class AddressForm(forms.Form):
    """A shipping address with its region picked as province, city and (optionally) district: three selects, each
    filled from the one above (by /api/v1/regions/?parent= in the browser, or here when the form is shown again),
    so a shopper never types a region code."""

    name = forms.CharField(label=_("Recipient"), max_length=50)
    phone = forms.CharField(label=_("Mobile number"), max_length=11, validators=[phone_validator])
    # A context of their own: the bare words already name the region levels (省级, 地级, 县级).
    province = forms.ChoiceField(label=pgettext_lazy("address", "Province"))
    city = forms.ChoiceField(label=pgettext_lazy("address", "City"))
    district = forms.ChoiceField(label=pgettext_lazy("address", "District"), required=False)
    detail = forms.CharField(label=_("Street address"), max_length=200)
    is_default = forms.BooleanField(label=_("Make this my default address"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        province = self._raw("province")
        city = self._raw("city")
        self.fields["province"].choices = self._choices(Region.objects.provinces(), _("Choose a province"))
        self.fields["city"].choices = self._choices(
            Region.objects.filter(parent_id=province) if province else Region.objects.none(), _("Choose a city")
        )
        self.fields["district"].choices = self._choices(
            Region.objects.filter(parent_id=city) if city else Region.objects.none(), _("Choose a district")
        )
        for name, child in (("province", "city"), ("city", "district")):
            self.fields[name].widget.attrs.update({"data-region-child": self.auto_id % self.add_prefix(child)})

    def _raw(self, name: str) -> str:
        value = self.data.get(self.add_prefix(name)) if self.is_bound else self.initial.get(name)
        # Region codes are six digits; anything else cannot narrow the next select.
        return value if isinstance(value, str) and value.isdigit() and len(value) == 6 else ""

    @staticmethod
    def _choices(regions, empty) -> list[tuple[str, str]]:
        return [("", empty), *regions.values_list("code", "name")]

    @property
    def region(self) -> Region:
        """The most precise region chosen: the district when there is one, else the city."""
        return self.cleaned_data["region"]

    def clean(self):
        cleaned = super().clean()
        code = cleaned.get("district") or cleaned.get("city")
        if code:
            cleaned["region"] = Region.objects.get(pk=code)
        return cleaned
