from django.utils.translation import gettext_lazy as _

from marketplace.exceptions import NotFound, Refused

REFUSALS = {
    "voucher_wrong_store": _("This e-voucher is not valid in this store."),
    "voucher_expired": _("This e-voucher has expired."),
    "voucher_used_up": _("This e-voucher has no uses left."),
    "voucher_refunded": _("This e-voucher was refunded."),
    "voucher_not_yet_valid": _("This e-voucher is not valid yet."),
    "voucher_too_many_uses": _("That is more uses than this e-voucher has left."),
    "voucher_not_refundable": _("Only a valid e-voucher with unused uses can be refunded."),
    "voucher_goods_sold": _("These goods have been sold as e-vouchers: their terms can no longer be removed."),
}


class VoucherRefused(Refused):
    """A redemption, refund or terms change the rules refuse; `code` says why (stable, API.md)."""

    refusals = REFUSALS


def refused(code: str) -> VoucherRefused:
    return VoucherRefused(code)


class VoucherNotFound(NotFound):
    """No voucher has the code typed or scanned (404, whatever the store)."""

    code = "voucher_not_found"
    default_detail = _("No e-voucher has this code.")
