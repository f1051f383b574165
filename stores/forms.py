"""The application form of the "open a store" page (开店 / 商家入驻). It reads the page's inputs; the rules of an
application (the types a merchant may apply for, the categories offered, the documents' pictures, one open
application) are the service's, shared with the API (stores.services.store_apply / store_resubmit)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.models import RegionLevel
from members.forms import AddressForm
from members.models import phone_validator
from stores.business_categories import category_choices
from stores.models import APPLICABLE_TYPES, Store, store_phone_validator

# What the form's fields are called in the service (and the API) where the page names them otherwise.
DOCUMENTS = ("business_licence", "id_card")


class StoreApplicationForm(AddressForm):
    """An application: the store, its documents, its categories, a contact, and where it is (region as the address
    form picks it: province, city, district; the street; the map coordinates). The documents are required on a
    first application; a resubmission keeps those not sent again."""

    name = forms.CharField(label=_("Store name"), max_length=100)
    type = forms.ChoiceField(label=_("Store type"), choices=[(t.value, t.label) for t in APPLICABLE_TYPES])
    business_licence = forms.FileField(
        label=_("Business licence"), help_text=_("A photo or scan: JPEG, PNG or WebP, at most 5 MB.")
    )
    id_card = forms.FileField(
        label=_("Legal person's ID card"), help_text=_("A photo or scan: JPEG, PNG or WebP, at most 5 MB.")
    )
    business_categories = forms.TypedMultipleChoiceField(
        label=_("Categories of business"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=50)
    contact_phone = forms.CharField(label=_("Contact mobile"), max_length=11, validators=[phone_validator])
    phone = forms.CharField(
        label=_("Store phone"),
        max_length=20,
        validators=[store_phone_validator],
        help_text=_("What shoppers call: a mobile, a landline with its area code or a 400 number."),
    )
    detail = None  # the address form's street is the store's `address`, below the region
    is_default = None
    address = forms.CharField(label=_("Street address"), max_length=200)
    latitude = forms.DecimalField(
        label=_("Latitude"), max_digits=9, decimal_places=6, min_value=-90, max_value=90, help_text=_("-90 to 90")
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), max_digits=9, decimal_places=6, min_value=-180, max_value=180, help_text=_("-180 to 180")
    )
    intro = forms.CharField(label=_("Introduction"), required=False, max_length=1000, widget=forms.Textarea)

    field_order = [
        "name",
        "type",
        "intro",
        "business_licence",
        "id_card",
        "business_categories",
        "contact_name",
        "contact_phone",
        "phone",
        "province",
        "city",
        "district",
        "address",
        "latitude",
        "longitude",  # last: the page's "use my location" button follows the coordinates it fills
    ]

    def __init__(self, *args, resubmitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["business_categories"].choices = category_choices()
        for name in DOCUMENTS:
            self.fields[name].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"
            if resubmitting:
                self.fields[name].required = False
                self.fields[name].help_text = _("Leave empty to keep the one sent before.")
        self.fields["latitude"].widget.attrs.update({"step": "0.000001", "data-geo": "latitude"})
        self.fields["longitude"].widget.attrs.update({"step": "0.000001", "data-geo": "longitude"})

    def application(self) -> dict:
        """The cleaned form as the service's keyword arguments; a document not sent is left out."""
        data = {name: self.cleaned_data[name] for name in self.fields if name not in {"province", "city", "district"}}
        data["region"] = self.region
        for name in DOCUMENTS:
            if not data[name]:
                del data[name]
        return data


def application_initial(store: Store) -> dict:
    """The form filled in with a (rejected) application, to be corrected: its region as province, city, district."""
    region = store.region
    district = region.code if region.level == RegionLevel.DISTRICT else ""
    return {
        "name": store.name,
        "type": store.type,
        "business_categories": store.business_categories,
        "contact_name": store.contact_name,
        "contact_phone": store.contact_phone,
        "phone": store.phone,
        "province": region.province_code,
        "city": region.parent_id if district else region.code,
        "district": district,
        "address": store.address,
        "latitude": store.latitude,
        "longitude": store.longitude,
        "intro": store.intro,
    }


class StoreFinderForm(forms.Form):
    """Where to look for stores: a point (the browser's location) or a typed city."""

    lat = forms.DecimalField(required=False, min_value=-90, max_value=90, max_digits=9, decimal_places=6)
    lng = forms.DecimalField(required=False, min_value=-180, max_value=180, max_digits=10, decimal_places=6)
    city = forms.CharField(required=False, max_length=30, label=_("City"))

    def has_point(self) -> bool:
        return self.cleaned_data.get("lat") is not None and self.cleaned_data.get("lng") is not None
