"""The gate and the jobs under real concurrency: threads with their own PostgreSQL connections and Redis calls."""

from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest

from flashsales import gate
from flashsales.exceptions import FlashRefused
from flashsales.models import FlashHold, FlashItem, HoldStatus, SessionEvent
from flashsales.services import flash_attempt, flash_holds_expire, flash_session_end
from orders.checkout.preview import CheckoutRequest
from orders.checkout.services import Submission, order_submit
from orders.models import OrderLine
from orders.pricing import LineRequest
from tests.factories import UserFactory
from tests.flashsales.helpers import published_session
from tests.orders.helpers import address_of, available, reserved
from tests.orders.test_concurrency import in_threads

pytestmark = pytest.mark.django_db(transaction=True)


def try_to_win(session, sku, member_id):
    def call():
        try:
            return flash_attempt(session_id=session.pk, sku_id=sku.pk, user_id=member_id)
        except FlashRefused as refused:
            return refused.code

    return call


def test_400_attempts_by_40_members_on_10_units_sell_10_and_none_over_the_limit(store):
    session, sku = published_session(store, stock=20, quantity=10, limit=1)
    members = [UserFactory().pk for _ in range(40)]

    results = in_threads([try_to_win(session, sku, members[n % 40]) for n in range(400)])

    holds = [r for r in results if isinstance(r, FlashHold)]
    assert len(holds) == 10
    assert Counter(r for r in results if isinstance(r, str)).keys() <= {"flash_sold_out", "flash_limit_reached"}
    per_member = Counter(FlashHold.objects.values_list("user_id", flat=True))
    assert FlashHold.objects.count() == 10 and max(per_member.values()) == 1
    assert gate.state(session_id=session.pk, sku_id=sku.pk)["left"] == 0


def test_a_member_racing_with_a_limit_of_2_wins_exactly_2(store):
    session, sku = published_session(store, stock=20, quantity=10, limit=2)
    member = UserFactory().pk

    results = in_threads([try_to_win(session, sku, member) for _ in range(30)])

    assert len([r for r in results if isinstance(r, FlashHold)]) == 2
    assert FlashHold.objects.filter(user_id=member).count() == 2


def test_winners_checking_out_at_once_each_buy_their_unit_and_nothing_more(store):
    session, sku = published_session(store, stock=12, quantity=8, limit=1, price="4999.00")
    winners = [UserFactory() for _ in range(8)]
    for member in winners:
        flash_attempt(session_id=session.pk, sku_id=sku.pk, user_id=member.pk)

    def buy(member):
        checkout = CheckoutRequest(lines=(LineRequest(sku.pk, 1),), address_id=address_of(member).pk)
        submission = Submission(checkout=checkout, expected_payable=Decimal("4999.00"))
        return lambda: order_submit(user=member, submission=submission)

    results = in_threads([buy(member) for member in winners])

    assert [r for r in results if isinstance(r, Exception)] == []
    assert OrderLine.objects.filter(payable=Decimal("4999.00")).count() == 8
    assert FlashItem.objects.get().sold == 8
    assert (available(sku), reserved(sku)) == (4, 8)


def test_two_closings_at_once_return_the_unsold_units_once(store):
    session, sku = published_session(store, stock=10, quantity=6)
    later = session.ends_at + timedelta(minutes=10)

    results = in_threads([lambda: flash_session_end(session_id=session.pk, now=later)] * 2, workers=2)

    assert [r for r in results if isinstance(r, Exception)] == []
    assert FlashItem.objects.get().returned == 6
    assert (available(sku), reserved(sku)) == (10, 0)
    assert SessionEvent.objects.filter(type="ended").count() == 1


def test_two_expiry_sweeps_at_once_return_each_hold_once(store, settings):
    session, sku = published_session(store, quantity=5)
    for _ in range(3):
        flash_attempt(session_id=session.pk, sku_id=sku.pk, user_id=UserFactory().pk)
    later = FlashHold.objects.order_by("-expires_at").first().expires_at + timedelta(seconds=1)

    counts = in_threads([lambda: flash_holds_expire(now=later)] * 2, workers=2)

    assert sum(counts) == 3
    assert gate.state(session_id=session.pk, sku_id=sku.pk)["left"] == 5
    assert set(FlashHold.objects.values_list("status", flat=True)) == {HoldStatus.EXPIRED}
