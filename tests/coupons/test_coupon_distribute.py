from decimal import Decimal

import pytest

from coupons import services
from coupons.exceptions import CouponUnavailable
from coupons.models import CouponSource, CouponTemplate, UserCoupon
from members.services import user_create
from tests.coupons.factories import coupon_template
from tests.factories import OperatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_operator_gives_one_coupon_to_each_member_and_hears_who_got_none():
    template = coupon_template(total=3, per_user=1, issue_mode="distribute")
    had_one, first, second, third = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    services.coupon_distribute(template=template, user_ids=[had_one.pk], by=template.created_by)

    result = services.coupon_distribute(
        template=template, user_ids=[had_one.pk, first.pk, 99_999_999, second.pk, third.pk], by=OperatorFactory()
    )

    assert [coupon.user for coupon in result.issued] == [first, second]
    assert result.skipped == {had_one.pk: "limit_reached", 99_999_999: "unknown_member", third.pk: "none_left"}
    assert CouponTemplate.objects.get(pk=template.pk).issued == 3
    assert UserCoupon.objects.filter(template=template, source=CouponSource.DISTRIBUTE).count() == 3


def test_a_coupon_for_claiming_only_is_not_distributed():
    template = coupon_template(issue_mode="claim")

    with pytest.raises(CouponUnavailable) as excinfo:
        services.coupon_distribute(template=template, user_ids=[UserFactory().pk], by=template.created_by)

    assert excinfo.value.reason == "not_claimable"


def test_a_new_member_gets_every_new_member_coupon_left():
    welcome = coupon_template(
        name="新人券", kind="cash", value=Decimal("5.00"), threshold=Decimal("0.00"), issue_on_register=True
    )
    run_out = coupon_template(issue_on_register=True, total=1)
    services.coupon_distribute(template=run_out, user_ids=[UserFactory().pk], by=run_out.created_by)
    coupon_template(name="普通券")

    member = user_create(username="newbie", password="correct-horse-battery", phone="13700000001")

    coupons = UserCoupon.objects.filter(user=member)
    assert [(coupon.template, coupon.source) for coupon in coupons] == [(welcome, CouponSource.REGISTER)]
