"""Writes of the coupons center, one module per concern; import them from here."""

from coupons.services.codes import (
    MAX_BATCH,
    MAX_CARD_AMOUNT,
    Redemption,
    coupon_redeem_code,
    redeem_batch_create,
    stored_value_batch_create,
)
from coupons.services.issuing import (
    MAX_DISTRIBUTION,
    Distribution,
    coupon_claim,
    coupon_distribute,
    coupon_issue_on_registration,
)
from coupons.services.reminders import coupons_expiring_remind
from coupons.services.templates import coupon_template_create, coupon_template_stop, coupon_template_update
from coupons.services.usage import coupon_consume, coupon_lock, coupon_return, coupons_expire_due

__all__ = [
    "MAX_BATCH",
    "MAX_CARD_AMOUNT",
    "MAX_DISTRIBUTION",
    "Distribution",
    "Redemption",
    "coupon_claim",
    "coupon_consume",
    "coupon_distribute",
    "coupon_issue_on_registration",
    "coupon_lock",
    "coupon_redeem_code",
    "coupon_return",
    "coupon_template_create",
    "coupon_template_stop",
    "coupon_template_update",
    "coupons_expire_due",
    "coupons_expiring_remind",
    "redeem_batch_create",
    "stored_value_batch_create",
]
