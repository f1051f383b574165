"""Account pages (register; log in and out are Django's auth views with our templates) and the member's own
pages under /me/: the summary, points and addresses."""

import segno
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.exceptions import InvalidInput
from marketplace.models import RegionLevel
from members import selectors, services
from members.cards import CARD_CODE_MINUTES, member_card_code
from members.forms import AddressForm, RegisterForm
from members.models import Address, User
from members.services.points import points_rule


def register(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                username=data["username"],
                password=data["password"],
                phone=data["phone"],
                # The code of a store's QR (/join/<code>/ links here with it); stores decides what it is worth.
                invitation=request.GET.get("invite", "")[:32],
            )
        except InvalidInput as error:
            for field, messages in error.fields.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            login(request, user, backend="members.backends.MemberBackend")
            next_url = request.GET.get("next", "")
            safe = url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure())
            return redirect(next_url if safe else "home")
    return render(request, "members/register.html", {"form": form})


# --- /me/: the member's own pages (coupons have theirs in coupons/views.py, orders in orders/lifecycle/views.py)

ME_LEDGER_PAGE = 20


@login_required
def me(request):
    user = User.objects.select_related("level").get(pk=request.user.pk)
    context = {
        "member": user,
        "stored_value_entries": selectors.stored_value_ledger(user=user)[:5],
        "default_address": selectors.member_addresses(user=user).filter(is_default=True).first(),
        "me_tab": "summary",
    }
    return render(request, "members/me.html", context)


@login_required
def points(request):
    entries = Paginator(selectors.points_ledger(user=request.user), ME_LEDGER_PAGE).get_page(request.GET.get("page"))
    context = {"page": entries, "rule": points_rule(), "me_tab": "points"}
    return render(request, "members/points.html", context)


@login_required
def member_card(request):
    """The member's code (会员码) to show at a store's counter: a QR code the clerk scans, good for a while only."""
    code = member_card_code(user=request.user)
    context = {
        "code": code,
        "qr": segno.make(code, error="m").svg_inline(scale=5, border=2),
        "minutes": CARD_CODE_MINUTES,
        "me_tab": "card",
    }
    return render(request, "members/member_card.html", context)


@login_required
def addresses(request):
    form = AddressForm(request.POST or None, prefix="address")
    if request.method == "POST" and form.is_valid() and address_save(request, form) is not None:
        messages.success(request, _("The address was added."))
        return redirect("shop-me-addresses")
    context = {"addresses": selectors.member_addresses(user=request.user), "form": form, "me_tab": "addresses"}
    return render(request, "members/addresses.html", context)


def address_save(request, form: AddressForm) -> Address | None:
    """Create the member's address from a valid form; a rule the service enforces (at most 30) lands on the form."""
    data = form.cleaned_data
    try:
        return services.address_create(
            user=request.user,
            name=data["name"],
            phone=data["phone"],
            region=form.region,
            detail=data["detail"],
            is_default=data["is_default"],
        )
    except InvalidInput as error:
        form.add_error(None, error.detail)
        return None


@login_required
def address_edit(request, address_id: int):
    """Change one of the member's addresses (another member's is not found): the add form, filled in."""
    address = selectors.member_addresses(user=request.user).filter(pk=address_id).select_related("region").first()
    if address is None:
        raise Http404
    form = AddressForm(request.POST or None, prefix="address", initial=_address_initial(address))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.address_update(
            address=address,
            name=data["name"],
            phone=data["phone"],
            region=form.region,
            detail=data["detail"],
            is_default=data["is_default"],
        )
        messages.success(request, _("The address was changed."))
        return redirect("shop-me-addresses")
    context = {"address": address, "form": form, "me_tab": "addresses"}
    return render(request, "members/address_edit.html", context, status=400 if form.errors else 200)


def _address_initial(address: Address) -> dict:
    """The form's selects for the address's region: its province, its city and, for a district, the district."""
    region = address.region
    district = region.code if region.level == RegionLevel.DISTRICT else ""
    city = region.parent_id if district else region.code
    return {
        "name": address.name,
        "phone": address.phone,
        "province": region.province_code,
        "city": city,
        "district": district,
        "detail": address.detail,
        "is_default": address.is_default,
    }


@login_required
@require_POST
def address_action(request, address_id: int, action: str):
    address = selectors.member_addresses(user=request.user).filter(pk=address_id).first()
    if address is None:
        raise Http404
    if action == "default":
        services.address_update(address=address, is_default=True)
        messages.success(request, _("This is now your default address."))
    else:
        services.address_delete(address=address)
        messages.success(request, _("The address was deleted."))
    return redirect("shop-me-addresses")
