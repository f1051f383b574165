"""The Redis gate: one script decides each attempt; refusals by their codes; holds that expire come back; a lost
gate is rebuilt from PostgreSQL without selling anything twice."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from flashsales import gate
from flashsales.exceptions import FlashRefused
from flashsales.models import FlashHold, HoldStatus
from flashsales.services import flash_attempt, flash_holds_expire
from tests.factories import UserFactory
from tests.flashsales.helpers import clear_gates, published_session

pytestmark = pytest.mark.django_db


def refusal(**kwargs) -> str:
    with pytest.raises(FlashRefused) as refused:
        flash_attempt(**kwargs)
    return refused.value.code


def test_a_winning_attempt_holds_a_unit_for_the_member(store, settings):
    session, sku = published_session(store, quantity=2)
    member = UserFactory()
    now = timezone.now()

    hold = flash_attempt(session_id=session.pk, sku_id=sku.pk, user_id=member.pk, now=now)

    assert (hold.user_id, hold.quantity, hold.status) == (member.pk, 1, HoldStatus.HELD)
    assert hold.expires_at == now + timedelta(minutes=settings.FLASH_HOLD_MINUTES)
    state = gate.state(session_id=session.pk, sku_id=sku.pk)
    assert (state["left"], state[f"m:{member.pk}"]) == (1, 1)


def test_a_second_attempt_over_the_limit_per_member_is_refused(store):
    session, sku = published_session(store, quantity=5, limit=1)
    member = UserFactory()
    flash_attempt(session_id=session.pk, sku_id=sku.pk, user_id=member.pk)

    assert refusal(session_id=session.pk, sku_id=sku.pk, user_id=member.pk) == "flash_limit_reached"
    assert FlashHold.objects.count() == 1
    assert gate.state(session_id=session.pk, sku_id=sku.pk)["left"] == 4


def test_attempts_beyond_the_units_are_sold_out(store):
    session, sku = published_session(store, quantity=2)
    for _ in range(2):
        flash_attempt(session_id=session.pk, sku_id=sku.pk, user_id=UserFactory().pk)

    assert refusal(session_id=session.pk, sku_id=sku.pk, user_id=UserFactory().pk) == "flash_sold_out"


def test_attempts_before_the_start_and_after_the_end_are_refused(store):
    session, sku = published_session(store, starts_in=timedelta(minutes=10))
    member = UserFactory().pk

    assert refusal(session_id=session.pk, sku_id=sku.pk, user_id=member) == "flash_not_started"
    after = session.ends_at + timedelta(seconds=1)
    assert refusal(session_id=session.pk, sku_id=sku.pk, user_id=member, now=after) == "flash_ended"
    assert not FlashHold.objects.exists()


def test_an_expired_hold_goes_back_to_the_session_lazily_on_the_next_attempt(store, settings):
    session, sku = published_session(store, quantity=1)
    first, second = UserFactory(), UserFactory()
    now = timezone.now()
    flash_attempt(session_id=session.pk, sku_id=sku.pk, user_id=first.pk, now=now)
    assert refusal(session_id=session.pk, sku_id=sku.pk, user_id=second.pk, now=now) == "flash_sold_out"

    later = now + timedelta(minutes=settings.FLASH_HOLD_MINUTES, seconds=1)
    hold = flash_attempt(session_id=session.pk, sku_id=sku.pk, user_id=second.pk, now=later)

    assert hold.user_id == second.pk
    assert gate.state(session_id=session.pk, sku_id=sku.pk)[f"m:{first.pk}"] == 0  # may try again


def test_the_expiry_sweep_returns_holds_once_when_run_twice(store, settings):
    session, sku = published_session(store, quantity=3)
    now = timezone.now()
    for _ in range(2):
        flash_attempt(session_id=session.pk, sku_id=sku.pk, user_id=UserFactory().pk, now=now)
    later = now + timedelta(minutes=settings.FLASH_HOLD_MINUTES, seconds=1)

    assert flash_holds_expire(now=later) == 2
    assert flash_holds_expire(now=later) == 0

    assert gate.state(session_id=session.pk, sku_id=sku.pk)["left"] == 3
    assert set(FlashHold.objects.values_list("status", flat=True)) == {HoldStatus.EXPIRED}


def test_a_lost_gate_is_rebuilt_from_postgresql_with_its_holds_and_member_counts(store):
    session, sku = published_session(store, quantity=3, limit=1)
    member = UserFactory()
    flash_attempt(session_id=session.pk, sku_id=sku.pk, user_id=member.pk)

    clear_gates()  # Redis lost its data

    assert refusal(session_id=session.pk, sku_id=sku.pk, user_id=member.pk) == "flash_limit_reached"
    state = gate.state(session_id=session.pk, sku_id=sku.pk)
    assert (state["left"], state[f"m:{member.pk}"]) == (2, 1)
    flash_attempt(session_id=session.pk, sku_id=sku.pk, user_id=UserFactory().pk)
    flash_attempt(session_id=session.pk, sku_id=sku.pk, user_id=UserFactory().pk)
    assert refusal(session_id=session.pk, sku_id=sku.pk, user_id=UserFactory().pk) == "flash_sold_out"


def test_without_redis_attempts_are_refused_as_unavailable(store, redis_down):
    session, sku = published_session(store)
    assert refusal(session_id=session.pk, sku_id=sku.pk, user_id=UserFactory().pk) == "flash_unavailable"
    assert not FlashHold.objects.exists()


def test_a_process_that_heard_sold_out_refuses_without_a_round_trip_for_a_moment(store, settings):
    session, sku = published_session(store, quantity=1)
    now = timezone.now()
    flash_attempt(session_id=session.pk, sku_id=sku.pk, user_id=UserFactory().pk, now=now)
    assert refusal(session_id=session.pk, sku_id=sku.pk, user_id=UserFactory().pk, now=now) == "flash_sold_out"

    soon = now + timedelta(milliseconds=settings.FLASH_SOLD_OUT_MEMO_MS - 1)
    with mock.patch.object(gate, "_gate_call", side_effect=AssertionError("asked Redis")):
        assert refusal(session_id=session.pk, sku_id=sku.pk, user_id=UserFactory().pk, now=soon) == "flash_sold_out"

    # The hold expires unbought: the next attempt after the mark's moment asks the gate, which offers the unit again.
    later = now + timedelta(minutes=settings.FLASH_HOLD_MINUTES, seconds=1)
    hold = flash_attempt(session_id=session.pk, sku_id=sku.pk, user_id=UserFactory().pk, now=later)
    assert hold.status == HoldStatus.HELD
    assert gate.state(session_id=session.pk, sku_id=sku.pk)["left"] == 0
