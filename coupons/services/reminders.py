"""Reminders that no event triggers but the clock: a member's unused coupon about to expire.

The coupons center reads its own rows and hands the message centre (marketplace.notifications) one notice per
coupon: the notice's key is the coupon's, so the daily run that sees a coupon again on each
of its last days, or a run repeated after a worker died, tells nobody twice."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from coupons.models import UserCoupon
from marketplace.notifications.models import MessageKind
from marketplace.notifications.services import Notice, notify

BATCH = 500  # coupons per transaction


def coupons_expiring_remind(*, now: datetime | None = None) -> int:
    """Tell members of their unused coupons that expire within COUPON_EXPIRY_NOTICE_DAYS. Returns how many coupons
    were due (each told of once, whatever the runs)."""
    now = now or timezone.now()
    due = (
        UserCoupon.objects.usable(now)
        .filter(valid_to__lte=now + timedelta(days=settings.COUPON_EXPIRY_NOTICE_DAYS))
        .select_related("template")
        .order_by("pk")
    )
    seen, after = 0, 0
    while chunk := list(due.filter(pk__gt=after)[:BATCH]):
        with transaction.atomic():
            notify(
                Notice(
                    kind=MessageKind.COUPON_EXPIRING,
                    recipient_id=coupon.user_id,
                    key=f"coupon_expiring:{coupon.pk}",
                    params={"coupon": coupon.template.name, "valid_to": coupon.valid_to.isoformat()},
                )
                for coupon in chunk
            )
        seen, after = seen + len(chunk), chunk[-1].pk
    return seen
