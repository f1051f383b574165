"""Places and closing under real concurrency: threads with their own PostgreSQL connections."""

from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from groupbuys.models import TAKING_A_PLACE, Event, EventType, Group, GroupStatus, Member, MemberStatus
from groupbuys.services import group_close, groups_close_due
from orders.models import Refund, StoreOrder
from tests.factories import UserFactory
from tests.groupbuys.helpers import buy, live_campaign, open_and_pay
from tests.orders.helpers import address_of
from tests.orders.test_concurrency import in_threads

pytestmark = pytest.mark.django_db(transaction=True)


def join(user, sku, group):
    def call():
        response = buy(user, sku, f"group_join:{group.pk}")
        return response.status_code if response.status_code == 201 else response.json()["code"]

    return call


def shoppers(count: int) -> list:
    """Members with an address each (made before the race, so that only the checkout races)."""
    members = [UserFactory() for _ in range(count)]
    for member in members:
        address_of(member)
    return members


def test_eight_members_racing_for_the_last_place_one_joins_and_the_others_are_told_it_is_full(store):
    campaign, sku = live_campaign(store, stock=20)
    group = open_and_pay(UserFactory(), campaign, sku)
    members = shoppers(8)

    results = in_threads([join(member, sku, group) for member in members])

    assert Counter(results) == {201: 1, "group_full": 7}
    assert Member.objects.filter(group=group, status__in=TAKING_A_PLACE).count() == 2
    assert StoreOrder.objects.filter(user__in=members).count() == 1  # the others placed nothing, paid nothing


def test_ten_members_racing_for_two_places_take_exactly_two(store):
    campaign, sku = live_campaign(store, stock=20, group_size=3)
    group = open_and_pay(UserFactory(), campaign, sku)
    members = shoppers(10)

    results = in_threads([join(member, sku, group) for member in members])

    assert Counter(results) == {201: 2, "group_full": 8}
    assert Member.objects.filter(group=group, status__in=TAKING_A_PLACE).count() == 3


def test_one_member_joining_twice_at_once_takes_one_place(store):
    campaign, sku = live_campaign(store, stock=20, group_size=5)
    group = open_and_pay(UserFactory(), campaign, sku)
    [member] = shoppers(1)

    results = in_threads([join(member, sku, group) for _ in range(4)])

    assert results.count(201) == 1
    assert Member.objects.filter(group=group, user=member).count() == 1


def test_two_closing_jobs_at_once_refund_each_member_once(store):
    campaign, sku = live_campaign(store, stock=20, group_size=3)
    group = open_and_pay(UserFactory(), campaign, sku)
    Group.objects.filter(pk=group.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    results = in_threads([lambda: group_close(group_id=group.pk).status for _ in range(2)])

    assert results == [GroupStatus.FAILED, GroupStatus.FAILED]
    assert Refund.objects.filter(order__in=group.members.values("order_id")).count() == 1
    order = StoreOrder.objects.get(pk=group.members.get().order_id)
    assert order.refunded_amount == Decimal("3999.00")
    assert group.members.get().status == MemberStatus.REFUNDED


def test_two_sweeps_at_once_close_each_due_group_once(store):
    campaign, sku = live_campaign(store, stock=20, group_size=3)
    groups = [open_and_pay(UserFactory(), campaign, sku) for _ in range(3)]
    Group.objects.filter(pk__in=[group.pk for group in groups]).update(expires_at=timezone.now() - timedelta(seconds=1))

    in_threads([groups_close_due] * 2, workers=2)

    assert set(Group.objects.values_list("status", flat=True)) == {GroupStatus.FAILED}
    assert Refund.objects.count() == 3  # one per member, whichever sweep closed its group
    assert Event.objects.filter(type=EventType.FAILED).count() == 3
