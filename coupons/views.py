"""The member's coupon pages under /me/coupons/: their wallet by status, the coupon center with its claim buttons,
and redeeming a code. Each write is one service call; a refusal (limit reached, none left, bad code) comes back
as the service's own message."""

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coupons import selectors, services
from coupons.exceptions import CouponUnavailable
from coupons.models import CouponStatus, RedeemKind
from marketplace.api.throttling import GuessingThrottle, Uncounted
from marketplace.query import next_url

WALLET_TABS = (CouponStatus.UNUSED, CouponStatus.USED, CouponStatus.EXPIRED)
MAX_CODE_LENGTH = 64


@login_required
def wallet(request):
    wanted = request.GET.get("status")
    status = wanted if wanted in WALLET_TABS else CouponStatus.UNUSED  # an unknown tab shows the usable ones
    context = {
        "coupons": selectors.member_coupons(user=request.user, status=status),
        "status": status,
        "tabs": [(tab, CouponStatus(tab).label) for tab in WALLET_TABS],
        "me_tab": "coupons",
    }
    return render(request, "coupons/wallet.html", context)


@login_required
def center(request):
    context = {"templates": selectors.coupon_center(), "me_tab": "center"}
    return render(request, "coupons/center.html", context)


@login_required
@require_POST
def claim(request, template_id: int):
    template = selectors.templates_for_members().filter(pk=template_id).first()
    if template is None:
        messages.error(request, _("This coupon is not available."))
        return redirect(next_url(request, reverse("shop-coupon-center")))
    try:
        services.coupon_claim(template=template, user=request.user)
    except CouponUnavailable as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("Claimed: %(name)s. It is in your coupons.") % {"name": template.name})
    return redirect(next_url(request, reverse("shop-coupon-center")))  # the coupon center, or the product page


@login_required
@require_POST
def redeem(request):
    code = request.POST.get("code", "").strip()
    if refusal := _attempt_refusal(request):
        messages.error(request, refusal)
    elif not code or len(code) > MAX_CODE_LENGTH:
        messages.error(request, _("Type the code printed on your card or voucher."))
    else:
        try:
            redemption = services.coupon_redeem_code(user=request.user, code=code)
        except CouponUnavailable as error:
            messages.error(request, error.detail)
        else:
            if redemption.kind == RedeemKind.STORED_VALUE:
                amount = f"{redemption.stored_value.delta:.2f}"
                messages.success(request, _("¥%(amount)s was added to your stored value.") % {"amount": amount})
            else:
                name = redemption.coupon.template.name
                messages.success(request, _("Redeemed: %(name)s. It is in your coupons.") % {"name": name})
    return redirect("shop-me-coupons")


def _attempt_refusal(request) -> str:
    """Why this attempt at a code is refused, if it is: the redeem API's limit (20 a minute per member), failing
    closed as it does. Codes must not be guessed by the thousand, and an attempt Redis cannot count is refused."""
    try:
        allowed = GuessingThrottle().allow_request(request, SimpleNamespace(throttle_scope="redeem"))
    except Uncounted:
        return _("Codes cannot be checked right now. Please try again in a minute.")
    return "" if allowed else _("Too many attempts. Please wait a minute and try again.")
