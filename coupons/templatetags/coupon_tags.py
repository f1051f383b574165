"""How a coupon reads on its ticket: the face (¥10, or 8.5折 for a percent coupon) and its condition."""

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from coupons.models import CouponKind

register = template.Library()


@register.simple_tag
def coupon_face(coupon_template, value=None) -> str:
    """`value`: a member coupon's own face value where it differs from the template's (a proportional return)."""
    amount = value if value is not None else coupon_template.value
    if coupon_template.kind == CouponKind.PERCENT:
        # A percent is the share paid (API.md): 85 pays 85 %, which Chinese shops print as 8.5折.
        return _("%(zhe)s折") % {"zhe": f"{(Decimal(amount) / 10).normalize():f}"}
    return f"¥{Decimal(amount).normalize():f}"


@register.simple_tag
def coupon_condition(coupon_template) -> str:
    if coupon_template.kind == CouponKind.THRESHOLD:
        return _("Orders over ¥%(threshold)s") % {"threshold": f"{coupon_template.threshold.normalize():f}"}
    if coupon_template.kind == CouponKind.PERCENT and coupon_template.max_discount:
        return _("Up to ¥%(cap)s off") % {"cap": f"{coupon_template.max_discount.normalize():f}"}
    return _("No minimum spend")
