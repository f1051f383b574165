from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from coupons import services
from coupons.exceptions import CouponUnavailable
from coupons.holders import CouponHolder
from coupons.models import CouponSource, CouponStatus, UserCoupon
from tests.coupons.factories import coupon_template
from tests.factories import UserFactory

SO1 = CouponHolder.of(order_no="SO1")

pytestmark = pytest.mark.django_db


def claimed(member=None, **terms) -> UserCoupon:
    return services.coupon_claim(template=coupon_template(**terms), user=member or UserFactory())


def cash(refund_policy="never", value="20.00"):
    return {"kind": "cash", "value": Decimal(value), "threshold": Decimal("0.00"), "refund_policy": refund_policy}


def test_an_unpaid_order_locks_the_members_coupons():
    coupon = claimed()

    services.coupon_lock(user=coupon.user, user_coupon_ids=[coupon.pk], order_no="SO1")

    coupon.refresh_from_db()
    assert (coupon.status, coupon.locked_by) == (CouponStatus.LOCKED, "SO1")


def test_another_members_coupon_or_one_already_locked_is_not_locked_and_nothing_is():
    member = UserFactory()
    mine, held = claimed(member), claimed(member)
    services.coupon_lock(user=member, user_coupon_ids=[held.pk], order_no="SO1")
    someone_elses = claimed()

    with pytest.raises(CouponUnavailable) as excinfo:
        services.coupon_lock(user=member, user_coupon_ids=[mine.pk, held.pk, someone_elses.pk], order_no="SO2")

    mine.refresh_from_db()
    assert excinfo.value.fields["coupons"] == sorted([held.pk, someone_elses.pk])
    assert mine.status == CouponStatus.UNUSED


def test_a_coupon_held_by_an_unpaid_order_moves_to_the_order_being_paid():
    coupon = claimed()
    services.coupon_lock(user=coupon.user, user_coupon_ids=[coupon.pk], order_no="SO1")

    services.coupon_lock(user=coupon.user, user_coupon_ids=[coupon.pk], order_no="SO2", movable_from=[SO1])

    coupon.refresh_from_db()
    assert coupon.locked_by == "SO2"


def test_payment_uses_the_locked_coupons_and_records_the_order_amount():
    coupon = claimed()
    services.coupon_lock(user=coupon.user, user_coupon_ids=[coupon.pk], order_no="SO1")

    used = services.coupon_consume(order_no="SO1", order_amount=Decimal("250.00"))
    again = services.coupon_consume(order_no="SO1", order_amount=Decimal("250.00"))

    assert [c.pk for c in used] == [c.pk for c in again] == [coupon.pk]
    assert (used[0].status, used[0].used_order_no, used[0].used_order_amount) == ("used", "SO1", Decimal("250.00"))


def test_cancelling_an_unpaid_order_gives_its_coupons_back_whatever_the_policy():
    coupon = claimed()
    services.coupon_lock(user=coupon.user, user_coupon_ids=[coupon.pk], order_no="SO1")

    returned = services.coupon_return(order_no="SO1")

    coupon.refresh_from_db()
    assert returned == [coupon]
    assert (coupon.status, coupon.locked_by) == (CouponStatus.UNUSED, "")


def test_a_coupon_that_expired_while_its_order_waited_comes_back_expired():
    coupon = claimed()
    services.coupon_lock(user=coupon.user, user_coupon_ids=[coupon.pk], order_no="SO1")

    assert services.coupon_return(order_no="SO1", now=coupon.valid_to + timedelta(seconds=1)) == []

    coupon.refresh_from_db()
    assert coupon.status == CouponStatus.EXPIRED


def pay(coupon: UserCoupon, amount="200.00") -> None:
    services.coupon_lock(user=coupon.user, user_coupon_ids=[coupon.pk], order_no="SO1")
    services.coupon_consume(order_no="SO1", order_amount=Decimal(amount))


def test_a_never_returned_coupon_stays_used_after_a_full_refund():
    coupon = claimed(**cash("never"))
    pay(coupon)

    assert services.coupon_return(order_no="SO1") == []


def test_a_full_only_coupon_comes_back_on_a_full_refund_not_a_partial_one():
    coupon = claimed(**cash("full_only"))
    pay(coupon)

    partial = services.coupon_return(order_no="SO1", refunded_total=Decimal("50.00"))
    full = services.coupon_return(order_no="SO1", refunded_total=Decimal("200.00"))
    twice = services.coupon_return(order_no="SO1")

    assert partial == twice == []
    assert [(c.source, c.face_value, c.status, c.valid_to) for c in full] == [
        (CouponSource.RETURN, Decimal("20.00"), CouponStatus.UNUSED, coupon.valid_to)
    ]
    coupon.refresh_from_db()
    assert coupon.status == CouponStatus.USED  # it was used: the statistics keep it


def test_a_proportional_cash_coupon_comes_back_in_the_share_refunded_and_never_more_than_its_value():
    coupon = claimed(**cash("proportional", value="20.00"))
    pay(coupon, amount="300.00")

    # 100 of 300 refunded: a third of 20.00 is 6.67; then all of it: the rest, 13.33; then nothing more.
    first = services.coupon_return(order_no="SO1", refunded_total=Decimal("100.00"))
    rest = services.coupon_return(order_no="SO1", refunded_total=Decimal("300.00"))
    more = services.coupon_return(order_no="SO1")

    assert [c.face_value for c in first] == [Decimal("6.67")]
    assert [c.face_value for c in rest] == [Decimal("13.33")]
    assert more == []


def test_nothing_comes_back_once_the_coupons_validity_has_passed():
    coupon = claimed(**cash("full_only"))
    pay(coupon)

    assert services.coupon_return(order_no="SO1", now=timezone.now() + timedelta(days=31)) == []
