from datetime import timedelta

import pytest
from django.utils import timezone

from coupons import services, tasks
from coupons.models import CouponStatus, UserCoupon
from tests.coupons.factories import coupon_template
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_expiry_job_expires_unused_coupons_past_their_validity_and_is_safe_to_run_twice():
    long_ago = timezone.now() - timedelta(days=10)
    old = services.coupon_claim(template=coupon_template(valid_days=3), user=UserFactory(), now=long_ago)
    current = services.coupon_claim(template=coupon_template(valid_days=3), user=UserFactory())
    held = services.coupon_claim(template=coupon_template(valid_days=3), user=UserFactory(), now=long_ago)
    services.coupon_lock(user=held.user, user_coupon_ids=[held.pk], order_no="SO1", now=long_ago)

    assert tasks.expire_coupons.delay().get() == 1
    assert tasks.expire_coupons.delay().get() == 0

    statuses = dict(UserCoupon.objects.values_list("pk", "status"))
    assert statuses == {old.pk: CouponStatus.EXPIRED, current.pk: CouponStatus.UNUSED, held.pk: CouponStatus.LOCKED}
