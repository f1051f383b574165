"""Coupon templates as the services make them, so every test starts from a template that passes their checks."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from coupons import services
from coupons.models import CouponTemplate
from promotions.pricing import GoodsScope
from tests.factories import OperatorFactory

EVERYTHING = GoodsScope(all=True)


def coupon_template(**terms) -> CouponTemplate:
    """A platform threshold coupon (spend 100, get 10 off) valid for 30 days, one per member, 100 to give; any
    term may be overridden, `store` makes it a store coupon."""
    now = timezone.now()
    defaults = {
        "by": terms.pop("by", None) or OperatorFactory(),
        "store": None,
        "name": "满100减10",
        "kind": "threshold",
        "value": Decimal("10.00"),
        "threshold": Decimal("100.00"),
        "total": 100,
        "goods": EVERYTHING,
    }
    if "valid_days" not in terms:
        defaults |= {"valid_from": now - timedelta(days=1), "valid_to": now + timedelta(days=30)}
    return services.coupon_template_create(**(defaults | terms))
