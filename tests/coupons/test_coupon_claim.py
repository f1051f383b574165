import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from coupons import services
from coupons.exceptions import CouponUnavailable
from coupons.models import CouponSource, CouponStatus, CouponTemplate, UserCoupon
from members.models import User
from members.services import points_earn
from tests.coupons.factories import coupon_template
from tests.factories import UserFactory


def reason_of(excinfo) -> str:
    return excinfo.value.fields["reason"][0]


@pytest.mark.django_db
def test_a_claimed_coupon_is_unused_in_the_members_wallet_with_the_templates_window():
    template = coupon_template()
    member = UserFactory()

    coupon = services.coupon_claim(template=template, user=member)

    assert (coupon.user, coupon.status, coupon.source) == (member, CouponStatus.UNUSED, CouponSource.CLAIM)
    assert (coupon.valid_from, coupon.valid_to) == (template.valid_from, template.valid_to)
    template.refresh_from_db()
    assert template.issued == 1


@pytest.mark.django_db
def test_a_coupon_valid_for_days_runs_from_the_moment_it_is_claimed():
    template = coupon_template(valid_days=7)
    now = timezone.now()

    coupon = services.coupon_claim(template=template, user=UserFactory(), now=now)

    assert (coupon.valid_from, coupon.valid_to) == (now, now + timedelta(days=7))


@pytest.mark.django_db
def test_second_claim_over_per_user_limit_is_refused():
    template = coupon_template(per_user=1)
    member = UserFactory()
    services.coupon_claim(template=template, user=member)

    with pytest.raises(CouponUnavailable) as excinfo:
        services.coupon_claim(template=template, user=member)

    assert reason_of(excinfo) == "limit_reached"
    assert UserCoupon.objects.filter(user=member).count() == 1
    assert CouponTemplate.objects.get(pk=template.pk).issued == 1


@pytest.mark.django_db
def test_the_daily_limit_lets_a_member_claim_again_the_next_day():
    template = coupon_template(per_user=None, per_user_per_day=1)
    member = UserFactory()
    today = timezone.now()
    services.coupon_claim(template=template, user=member, now=today)

    with pytest.raises(CouponUnavailable) as excinfo:
        services.coupon_claim(template=template, user=member, now=today)
    services.coupon_claim(template=template, user=member, now=today + timedelta(days=1))

    assert reason_of(excinfo) == "daily_limit_reached"
    assert UserCoupon.objects.filter(user=member).count() == 2


@pytest.mark.django_db
def test_the_last_coupon_goes_to_the_first_member_and_the_next_finds_none_left():
    template = coupon_template(total=1)
    services.coupon_claim(template=template, user=UserFactory())

    with pytest.raises(CouponUnavailable) as excinfo:
        services.coupon_claim(template=template, user=UserFactory())

    assert reason_of(excinfo) == "none_left"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("terms", "reason"),
    [
        ({"claim_from": timezone.now() + timedelta(hours=1)}, "not_started"),
        (
            {"claim_to": timezone.now() - timedelta(minutes=1), "claim_from": timezone.now() - timedelta(days=1)},
            "ended",
        ),
        ({"issue_mode": "distribute"}, "not_claimable"),
    ],
)
def test_a_claim_outside_the_window_or_of_a_distributed_coupon_is_refused(terms, reason):
    template = coupon_template(**terms)

    with pytest.raises(CouponUnavailable) as excinfo:
        services.coupon_claim(template=template, user=UserFactory())

    assert reason_of(excinfo) == reason
    assert not UserCoupon.objects.exists()


@pytest.mark.django_db
def test_a_stopped_coupon_is_not_claimed():
    template = coupon_template()
    services.coupon_template_stop(template=template, by=template.created_by)
    template.refresh_from_db()

    with pytest.raises(CouponUnavailable) as excinfo:
        services.coupon_claim(template=template, user=UserFactory())

    assert reason_of(excinfo) == "stopped"


@pytest.mark.django_db
def test_a_coupon_bought_with_points_takes_them_from_the_balance():
    template = coupon_template(points_cost=300)
    member = UserFactory()
    points_earn(user=member, points=500, reference="welcome")

    services.coupon_claim(template=template, user=member)

    member.refresh_from_db()
    assert member.points_balance == 200


@pytest.mark.django_db
def test_a_member_short_of_points_gets_no_coupon_and_keeps_the_points():
    template = coupon_template(points_cost=300)
    member = UserFactory()
    points_earn(user=member, points=100, reference="welcome")

    with pytest.raises(CouponUnavailable) as excinfo:
        services.coupon_claim(template=template, user=member)

    member.refresh_from_db()
    assert reason_of(excinfo) == "insufficient_points"
    assert member.points_balance == 100
    assert CouponTemplate.objects.get(pk=template.pk).issued == 0


def claim_in_thread(template: CouponTemplate, user: User, outcomes: list[str], start=None) -> None:
    try:
        if start is not None:
            start.wait()
        services.coupon_claim(template=template, user=user)
        outcomes.append("ok")
    except CouponUnavailable as exc:
        outcomes.append(exc.reason)
    finally:
        connection.close()


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_claims_by_one_member_with_a_limit_of_one_issue_exactly_one_coupon():
    template = coupon_template(per_user=1)
    member = UserFactory()
    outcomes: list[str] = []
    start = threading.Barrier(50)

    threads = [threading.Thread(target=claim_in_thread, args=(template, member, outcomes, start)) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("ok") == 1
    assert outcomes.count("limit_reached") == 49
    assert UserCoupon.objects.filter(user=member).count() == 1
    assert CouponTemplate.objects.get(pk=template.pk).issued == 1


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_five_hundred_members_racing_for_the_last_hundred_coupons_get_exactly_a_hundred():
    template = coupon_template(total=1000)
    CouponTemplate.objects.filter(pk=template.pk).update(issued=900)
    members = User.objects.bulk_create(User(username=f"racer{n}", password="!") for n in range(500))
    outcomes: list[str] = []

    with ThreadPoolExecutor(max_workers=20) as pool:
        for member in members:
            pool.submit(claim_in_thread, template, member, outcomes)

    assert outcomes.count("ok") == 100
    assert outcomes.count("none_left") == 400
    assert UserCoupon.objects.filter(template=template).count() == 100
    assert UserCoupon.objects.filter(template=template).values("user").distinct().count() == 100
    assert CouponTemplate.objects.get(pk=template.pk).issued == 1000
