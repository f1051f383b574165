"""The shopper's e-voucher pages: "my e-vouchers" (code, QR, where valid, uses left, expiry) and the refund of a
voucher's unused uses."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.exceptions import DomainError
from stores.invitations import qr_svg
from stores.seller_pages import paginate
from vouchers import selectors, services


@login_required
def my_vouchers(request):
    page = paginate(request, selectors.member_vouchers(user=request.user))
    for voucher in page:
        voucher.qr = qr_svg(voucher.code)
        voucher.valid_in = selectors.valid_stores(voucher)
    return render(request, "vouchers/mine.html", {"page": page, "me_tab": "vouchers"})


@login_required
@require_POST
def voucher_refund(request, voucher_id: int):
    voucher = get_object_or_404(selectors.member_vouchers(user=request.user), pk=voucher_id)
    try:
        services.voucher_refund(voucher_id=voucher.pk, user=request.user)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("The unused uses of your e-voucher are refunded, the way you paid."))
    return redirect("shop-me-vouchers")
