"""Domain errors of the coupons center; the API maps each to its code (API.md)."""

from django.utils.translation import gettext_lazy as _

from marketplace.exceptions import DomainError


class CouponUnavailable(DomainError):
    """A coupon cannot be issued, redeemed or locked. `fields` carries a stable reason for clients to branch on:
        {"reason": ["limit_reached"]}, with the member coupons at fault under "coupons" when there are some. The
    reasons are the keys of REASON_MESSAGES."""

    code = "coupon_unavailable"
    status = 409
    default_detail = _("This coupon is not available.")

    def __init__(self, reason: str, detail=None, *, coupons: list[int] | None = None):
        fields = {"reason": [reason]} | ({"coupons": coupons} if coupons else {})
        super().__init__(detail if detail is not None else REASON_MESSAGES.get(reason), fields=fields)
        self.reason = reason


REASON_MESSAGES = {
    "limit_reached": _("You already have as many of this coupon as one member may."),
    "daily_limit_reached": _("You have claimed as many of this coupon today as one member may."),
    "none_left": _("All of these coupons have been given out."),
    "not_started": _("This coupon cannot be claimed yet."),
    "ended": _("This coupon can no longer be claimed."),
    "not_claimable": _("This coupon is given out by the platform and cannot be claimed."),
    "stopped": _("This coupon has been stopped."),
    "insufficient_points": _("You do not have enough points for this coupon."),
    "invalid_code": _("This code is not valid or has already been used."),
    "code_expired": _("This code can no longer be redeemed."),
    "not_usable": _("This coupon cannot be used on this order."),
}
