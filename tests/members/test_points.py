import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from members import services
from members.models import PointsEntry, PointsReason, PointsRule, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def open_lots_total(user) -> int:
    return sum(PointsEntry.objects.filter(user=user).values_list("remaining", flat=True))


def test_earning_then_spending_keeps_ledger_balance_and_lots_in_step():
    member = UserFactory()

    services.points_earn(user=member, points=300, reference="T1")
    spent = services.points_spend(user=member, points=120, reference="T2")

    member.refresh_from_db()
    assert member.points_balance == 180
    assert (spent.delta, spent.balance_after, spent.reason) == (-120, 180, PointsReason.SPEND)
    assert open_lots_total(member) == 180
    assert sum(PointsEntry.objects.filter(user=member).values_list("delta", flat=True)) == 180


def test_spending_more_than_the_balance_is_refused_and_changes_nothing():
    member = UserFactory()
    services.points_earn(user=member, points=50, reference="T1")

    with pytest.raises(services.InsufficientPoints):
        services.points_spend(user=member, points=51, reference="T2")

    member.refresh_from_db()
    assert member.points_balance == 50
    assert PointsEntry.objects.filter(user=member).count() == 1


def test_points_are_spent_from_the_lot_that_expires_first():
    member = UserFactory()
    older = services.points_earn(user=member, points=100, reference="old")
    newer = services.points_earn(user=member, points=100, reference="new")
    PointsEntry.objects.filter(pk=older.pk).update(expires_at=timezone.now() + timedelta(days=3))

    services.points_spend(user=member, points=130, reference="T3")

    older.refresh_from_db()
    newer.refresh_from_db()
    assert (older.remaining, newer.remaining) == (0, 70)


def test_expiry_removes_only_what_is_left_of_lots_past_their_date_and_runs_once():
    member = UserFactory()
    PointsRule.objects.create(valid_days=30)
    stale = services.points_earn(user=member, points=100, reference="old")
    services.points_earn(user=member, points=40, reference="new")
    services.points_spend(user=member, points=30, reference="T3")  # from the stale lot: 70 left in it
    PointsEntry.objects.filter(pk=stale.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    assert services.points_expire_due() == 70
    assert services.points_expire_due() == 0

    member.refresh_from_db()
    assert member.points_balance == 40
    expired = PointsEntry.objects.get(user=member, reason=PointsReason.EXPIRE)
    assert (expired.delta, expired.balance_after) == (-70, 40)


def test_new_lots_expire_after_the_rules_valid_days():
    PointsRule.objects.create(valid_days=10)
    before = timezone.now()

    lot = services.points_earn(user=UserFactory(), points=5, reference="T")

    assert before + timedelta(days=10) <= lot.expires_at <= timezone.now() + timedelta(days=10)


def test_revoking_earned_points_takes_back_only_what_is_left():
    member = UserFactory()
    services.points_earn(user=member, points=100, reference="T1")
    services.points_spend(user=member, points=80, reference="T2")

    entry = services.points_revoke(user=member, points=100, reference="R1")

    member.refresh_from_db()
    assert entry.delta == -20
    assert member.points_balance == 0


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_spends_of_ten_from_fifty_points_let_exactly_five_through():
    member = UserFactory()
    services.points_earn(user=member, points=50, reference="T0")
    outcomes: list[str] = []
    start = threading.Barrier(20)

    def spend(n: int) -> None:
        try:
            start.wait()
            services.points_spend(user=member, points=10, reference=f"T{n}")
            outcomes.append("ok")
        except services.InsufficientPoints:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=spend, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes).count("ok") == 5
    assert User.objects.get(pk=member.pk).points_balance == 0
    assert PointsEntry.objects.filter(user=member, reason=PointsReason.SPEND).count() == 5
    assert open_lots_total(member) == 0
