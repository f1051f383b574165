"""Seller backend pages of the stores center: the store profile, staff accounts (owner only) and warehouses.
The dashboard reads orders, so it lives with the orders pages (orders/lifecycle/seller_views.py)."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from marketplace.exceptions import DomainError
from marketplace.models import Region, RegionLevel
from members.models import phone_validator
from stores import invitations, selectors, services
from stores.models import StaffRole, store_phone_validator
from stores.seller_pages import OWNER, add_errors, forbidden, is_manager, seller_page


class ProfileForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Store name"), max_length=100)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=20, validators=[store_phone_validator])
    address = forms.CharField(label=gettext_lazy("Address"), max_length=200)
    intro = forms.CharField(
        label=gettext_lazy("Introduction"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


@seller_page
def profile(request):
    """Everyone on the staff sees the profile; owners and managers change it."""
    store = request.store
    can_edit = is_manager(request)
    if request.method == "POST" and not can_edit:
        return forbidden(request, _("Only the owner or a manager may change the store profile."))
    initial = {"name": store.name, "phone": store.phone, "address": store.address, "intro": store.intro}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and can_edit and form.is_valid():
        services.store_profile_update(store=store, by=request.user, **form.cleaned_data)
        messages.success(request, _("The store profile is saved."))
        return redirect("seller:profile")
    return render(request, "seller/profile.html", {"form": form, "can_edit": can_edit, "section": "profile"})


class StaffForm(forms.Form):
    username = forms.RegexField(
        label=gettext_lazy("Username"),
        regex=r"^[\w.@+-]{3,150}$",
        max_length=150,
        error_messages={"invalid": gettext_lazy("3 to 150 letters, digits or . @ + - _")},
    )
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=[c for c in StaffRole.choices if c[0] != "owner"])
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=11, required=False, validators=[phone_validator])
    password = forms.CharField(
        label=gettext_lazy("Initial password"),
        required=False,
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=gettext_lazy("Leave empty to have one made; it is shown once."),
    )


@seller_page(roles=OWNER)
def staff(request):
    """The owner opens manager and clerk accounts (主账号建子账号) and removes them."""
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership, password = services.staff_create(store=request.store, by=request.user, **form.cleaned_data)
        except DomainError as error:
            add_errors(form, error)
        else:
            # Shown once, on this page: the password is not stored anywhere it could be read back.
            messages.success(
                request,
                _("%(username)s can log in with the initial password %(password)s; pass it on to be changed.")
                % {"username": membership.user.username, "password": password},
            )
            return redirect("seller:staff")
    context = {"form": form, "staff": selectors.store_staff(store=request.store), "section": "staff"}
    return render(request, "seller/staff.html", context)


@require_POST
@seller_page(roles=OWNER)
def staff_remove(request, membership_id: int):
    membership = get_object_or_404(selectors.store_staff(store=request.store), pk=membership_id)
    try:
        services.staff_remove(membership=membership, by=request.user)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("%(username)s is no longer staff of the store.") % {"username": membership.user})
    return redirect("seller:staff")


class WarehouseForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    region = forms.ModelChoiceField(
        label=gettext_lazy("City"),
        queryset=Region.objects.filter(level=RegionLevel.CITY).order_by("code"),
        help_text=gettext_lazy("Orders ship from the warehouse nearest the address that holds the goods."),
    )
    address = forms.CharField(label=gettext_lazy("Address"), max_length=200)


@seller_page
def warehouses(request):
    can_edit = is_manager(request)
    if request.method == "POST" and not can_edit:
        return forbidden(request, _("Only the owner or a manager may add warehouses."))
    form = WarehouseForm(request.POST or None)
    if request.method == "POST" and can_edit and form.is_valid():
        try:
            services.warehouse_create(store=request.store, by=request.user, **form.cleaned_data)
        except DomainError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The warehouse is added."))
            return redirect("seller:warehouses")
    context = {
        "form": form if can_edit else None,
        "warehouses": selectors.store_warehouses(store=request.store).select_related("region"),
        "section": "warehouses",
    }
    return render(request, "seller/warehouses.html", context)


class GainedForm(forms.Form):
    """The date range (and grouping) of the members-gained figures; 30 days to today when not given."""

    start = forms.DateField(
        label=gettext_lazy("Registered from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("Registered until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    per = forms.ChoiceField(
        label=gettext_lazy("Count per"),
        required=False,
        choices=[("day", gettext_lazy("Day")), ("month", gettext_lazy("Month"))],
    )

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        cleaned["end"] = cleaned.get("end") or today
        cleaned["start"] = cleaned.get("start") or cleaned["end"] - timedelta(days=29)
        cleaned["per"] = cleaned.get("per") or "day"
        if cleaned["start"] > cleaned["end"]:
            self.add_error("end", _("The end date is before the start date."))
        return cleaned


@seller_page
def members(request):
    """The store's member QR codes (会员二维码), printable, and the members they brought: owners and managers see
    the store's code, every staff member's and the counts per staff member; a clerk sees their own code and count."""
    form = GainedForm(request.GET)  # every field is optional: an empty query is the last 30 days per day
    gained = None
    if form.is_valid():
        window = form.cleaned_data
        gained = invitations.members_gained(
            membership=request.membership, start=window["start"], end=window["end"], per=window["per"]
        )
    cards = [
        {"code": code, "url": (url := invitations.join_url(request=request, code=code)), "svg": invitations.qr_svg(url)}
        for code in invitations.visible_codes(membership=request.membership)
    ]
    context = {
        "form": form,
        "gained": gained,
        "cards": cards,
        "can_regenerate": request.membership.role == StaffRole.OWNER,
        "is_clerk": request.membership.role == StaffRole.CLERK,
        "section": "members",
    }
    return render(request, "seller/members.html", context)


@require_POST
@seller_page(roles=OWNER)
def invitation_regenerate(request, code_id: int):
    """The owner revokes a code (a lost or leaked QR) and a new one takes its place."""
    code = invitations.store_invitation_code(store=request.store, code_id=code_id)
    invitations.invitation_code_regenerate(code=code, by=request.user)
    messages.success(request, _("A new QR code is issued; the old one no longer works."))
    return redirect("seller:members")
