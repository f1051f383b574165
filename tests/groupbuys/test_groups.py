"""A group from opening to its end, through the checkout and the payment: the opener's payment opens it, joiners
take places when their orders are placed, the last payment sends every order to shipping; at the deadline a short
group fails and every member is refunded in full, once (or the platform fills it, 凑团)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from groupbuys.models import EventType, Group, GroupStatus, Member, MemberStatus
from groupbuys.services import group_close, groups_close_due
from groupbuys.tasks import close_due_groups, close_group
from marketplace.notifications.models import Message, MessageKind
from orders.models import LineDiscount, OrderStatus, StoreOrder
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.groupbuys.helpers import buy, live_campaign, open_and_pay, order_of, pay_order
from tests.orders.helpers import available

pytestmark = pytest.mark.django_db


@pytest.fixture
def bob():
    return UserFactory(username="bob_gb")


@pytest.fixture
def alice():
    return UserFactory(username="alice_gb")


def past_deadline(group: Group) -> None:
    Group.objects.filter(pk=group.pk).update(expires_at=timezone.now() - timedelta(seconds=1))


def test_the_openers_order_forms_a_group_and_its_payment_opens_it_holding_the_order(store, bob):
    campaign, sku = live_campaign(store)

    order = order_of(buy(bob, sku, f"group_open:{campaign.pk}"))
    group = Group.objects.get()
    assert (group.status, group.opener_id, order.play_kind, order.payable) == (
        GroupStatus.FORMING,
        bob.pk,
        "group_open",
        Decimal("3999.00"),
    )
    discount = LineDiscount.objects.get(line__order=order)
    assert discount.amount == Decimal("2000.00")  # 5999.00 − 3999.00, funded by the store

    before = timezone.now()
    order = pay_order(order)
    group.refresh_from_db()
    assert group.status == GroupStatus.OPEN
    assert before + timedelta(hours=24) <= group.expires_at <= timezone.now() + timedelta(hours=24)
    assert (order.status, order.shipping_held) == (OrderStatus.PAID, True)
    assert not order.parcels.exists()  # nothing to ship before the group is full
    assert Member.objects.get().status == MemberStatus.PAID


def test_the_opener_pays_the_openers_price_and_a_joiner_the_group_price(store, bob, alice):
    campaign, sku = live_campaign(store, opener_price=Decimal("3899.00"))

    group = open_and_pay(bob, campaign, sku, expected="3899.00")
    joined = order_of(buy(alice, sku, f"group_join:{group.pk}"))

    assert Member.objects.get(user=bob).order.payable == Decimal("3899.00")
    assert joined.payable == Decimal("3999.00")


def test_the_payment_that_fills_the_group_sends_every_order_to_shipping(store, bob, alice):
    campaign, sku = live_campaign(store)
    group = open_and_pay(bob, campaign, sku)

    joined = pay_order(order_of(buy(alice, sku, f"group_join:{group.pk}")))

    group.refresh_from_db()
    assert group.status == GroupStatus.SUCCEEDED
    orders = StoreOrder.objects.filter(pk__in=group.members.values("order_id"))
    assert [(order.status, order.shipping_held) for order in orders] == [(OrderStatus.PAID, False)] * 2
    assert joined.pk in {order.pk for order in orders}
    assert group.events.filter(type=EventType.SUCCEEDED).count() == 1
    told = Message.objects.filter(kind=MessageKind.GROUP_BUY_SUCCEEDED).values_list("recipient_id", flat=True)
    assert sorted(told) == sorted([bob.pk, alice.pk])  # each member told once
    browser = Client()
    browser.force_login(alice)
    order_page = browser.get(f"/orders/{joined.order_no}/").content.decode()
    assert f'href="/groups/{group.pk}/" data-testid="order-group-link"' in order_page


def test_a_full_group_refuses_another_member_until_an_unpaid_place_is_cancelled(store, bob, alice):
    campaign, sku = live_campaign(store)
    group = open_and_pay(bob, campaign, sku)
    waiting = order_of(buy(alice, sku, f"group_join:{group.pk}"))  # placed, not paid: it holds the place
    carol = UserFactory()

    refused = buy(carol, sku, f"group_join:{group.pk}")
    assert (refused.status_code, refused.json()["code"]) == (409, "group_full")
    assert not StoreOrder.objects.filter(user=carol).exists()

    cancelled = client_for(alice).post(f"/api/v1/orders/{waiting.order_no}/cancel/")
    assert cancelled.status_code == 200, cancelled.json()
    assert Member.objects.get(order=waiting).status == MemberStatus.CANCELLED
    assert buy(carol, sku, f"group_join:{group.pk}").status_code == 201


def test_a_member_may_not_join_the_same_group_twice(store, bob, alice):
    campaign, sku = live_campaign(store, group_size=3)
    group = open_and_pay(bob, campaign, sku)
    assert buy(alice, sku, f"group_join:{group.pk}").status_code == 201

    again = buy(alice, sku, f"group_join:{group.pk}")
    own = buy(bob, sku, f"group_join:{group.pk}")

    assert (again.status_code, again.json()["code"]) == (409, "group_already_joined")
    assert own.json()["code"] == "group_already_joined"  # the opener is in it already
    assert Member.objects.filter(group=group).count() == 2


def test_a_group_not_open_or_past_its_deadline_cannot_be_joined(store, bob, alice):
    campaign, sku = live_campaign(store)
    order_of(buy(bob, sku, f"group_open:{campaign.pk}"))  # the opener has not paid: forming
    forming = Group.objects.get()
    assert buy(alice, sku, f"group_join:{forming.pk}").json()["code"] == "group_closed"

    Group.objects.filter(pk=forming.pk).update(status=GroupStatus.OPEN, expires_at=timezone.now())
    assert buy(alice, sku, f"group_join:{forming.pk}").json()["code"] == "group_closed"
    assert buy(alice, sku, "group_join:999999").status_code == 404


def test_the_line_must_be_the_campaigns_sku_within_its_limit_while_it_is_live(store, bob):
    campaign, sku = live_campaign(store)
    other = sku.spu.skus.exclude(pk=sku.pk).first()

    assert buy(bob, other, f"group_open:{campaign.pk}").json()["code"] == "group_buy_sku"
    assert buy(bob, sku, f"group_open:{campaign.pk}", quantity=2).json()["code"] == "group_buy_limit"
    campaign.status = "stopped"
    campaign.save(update_fields=["status"])
    assert buy(bob, sku, f"group_open:{campaign.pk}").json()["code"] == "group_buy_not_live"
    assert not Group.objects.exists()


def test_an_openers_cancelled_order_abandons_the_forming_group(store, bob):
    campaign, sku = live_campaign(store)
    order = order_of(buy(bob, sku, f"group_open:{campaign.pk}"))

    assert client_for(bob).post(f"/api/v1/orders/{order.order_no}/cancel/").status_code == 200

    assert Group.objects.get().status == GroupStatus.ABANDONED


def test_a_short_group_fails_at_its_deadline_and_each_member_is_refunded_in_full_once(store, bob):
    campaign, sku = live_campaign(store, group_size=3)
    group = open_and_pay(bob, campaign, sku)
    left_before = available(sku)
    past_deadline(group)

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert close_group.delay(group.pk).get() == GroupStatus.FAILED
        assert close_group.delay(group.pk).get() == GroupStatus.FAILED  # a second run finds it failed

    order = Member.objects.get(user=bob).order
    order.refresh_from_db()
    assert (order.status, order.refunded_amount) == (OrderStatus.CLOSED, Decimal("3999.00"))
    assert order.refunds.count() == 1
    assert available(sku) == left_before + 1  # the unit is back on sale
    assert Member.objects.get(user=bob).status == MemberStatus.REFUNDED
    assert group.events.filter(type=EventType.FAILED).count() == 1
    [told] = Message.objects.filter(kind=MessageKind.GROUP_BUY_FAILED)
    assert (told.recipient_id, told.params["amount"]) == (bob.pk, "3999.00")


def test_a_group_before_its_deadline_is_left_alone(store, bob):
    campaign, sku = live_campaign(store)
    group = open_and_pay(bob, campaign, sku)

    assert group_close(group_id=group.pk).status == GroupStatus.OPEN
    assert close_due_groups.delay().get() == 0


def test_the_platform_fills_a_short_group_when_the_campaign_says_so(store, bob):
    campaign, sku = live_campaign(store, group_size=3, simulated_fill=True)
    group = open_and_pay(bob, campaign, sku)
    past_deadline(group)

    assert groups_close_due() == 1
    assert groups_close_due() == 0

    group.refresh_from_db()
    order = Member.objects.get(user=bob).order
    assert (group.status, group.filled) == (GroupStatus.SUCCEEDED, 2)
    assert (order.status, order.shipping_held, order.refunded_amount) == (OrderStatus.PAID, False, Decimal("0.00"))


def test_a_payment_after_the_group_failed_is_refunded_in_full(store, bob, alice):
    campaign, sku = live_campaign(store)
    group = open_and_pay(bob, campaign, sku)
    late = order_of(buy(alice, sku, f"group_join:{group.pk}"))
    past_deadline(group)
    group_close(group_id=group.pk)

    late = pay_order(late)  # the gateway answered before the timeout cancelled the order; its refund follows
    groups_close_due()  # and the sweep finds nothing left to refund

    late.refresh_from_db()
    assert (late.status, late.refunded_amount, late.refunds.count()) == (OrderStatus.CLOSED, Decimal("3999.00"), 1)
    assert Member.objects.get(order=late).status == MemberStatus.REFUNDED


def test_the_group_and_campaign_pages_cost_the_same_queries_whatever_the_members_or_groups(store, bob):
    campaign, sku = live_campaign(store, group_size=5)
    alone = open_and_pay(bob, campaign, sku)
    crowded = open_and_pay(UserFactory(), campaign, sku)
    for _ in range(3):
        order_of(buy(UserFactory(), sku, f"group_join:{crowded.pk}"))
    browser = Client()

    def read(path: str) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            page = browser.get(path).content.decode()
        return len(captured), page

    (few, one), (many, four) = read(f"/groups/{alone.pk}/"), read(f"/groups/{crowded.pk}/")
    assert few == many
    assert (one.count('class="avatar"'), four.count('class="avatar"')) == (1, 4)
    two_groups, _page = read(f"/group-buys/{campaign.pk}/")
    open_and_pay(UserFactory(), campaign, sku)
    assert read(f"/group-buys/{campaign.pk}/")[0] == two_groups
