"""Cancelling a flash session: a draft, a published one not started (its quantity back to stock at once), a
started one (no new win, live holds still bought, the rest back at the close), each once however often asked."""

from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone
from redis import RedisError

from flashsales import gate
from flashsales.exceptions import FlashRefused
from flashsales.models import FlashHold, FlashItem, FlashSession, SessionEvent, SessionStatus
from flashsales.services import (
    ItemInput,
    flash_attempt,
    flash_session_cancel,
    flash_session_create,
    flash_session_update,
    flash_sessions_close,
)
from marketplace.exceptions import InvalidInput, InvalidTransition, NotFound
from tests.catalog.factories import PhoneCatalog
from tests.factories import OperatorFactory, UserFactory
from tests.flashsales.helpers import published_session
from tests.orders.helpers import available, reserved, sku_of

pytestmark = pytest.mark.django_db


def cancelled_events(session) -> list[dict]:
    return list(SessionEvent.objects.filter(session=session, type="cancelled").values_list("data", flat=True))


def draft(store, sku, *, quantity: int = 3) -> FlashSession:
    starts = timezone.now() + timedelta(hours=1)
    return flash_session_create(
        store=store,
        by=UserFactory(),
        name="草稿场",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        per_member_limit=1,
        items=[ItemInput(sku_id=sku.pk, flash_price=Decimal("4999.00"), quantity=quantity)],
    )


def test_a_draft_is_cancelled_once_and_took_no_stock(store):
    sku = sku_of(PhoneCatalog().phone(store, stock=10))
    session = draft(store, sku)
    by = UserFactory()

    flash_session_cancel(session=session, by=by)
    flash_session_cancel(session=session, by=by)

    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert session.cancelled_at is not None
    assert (available(sku), reserved(sku)) == (10, 0)
    assert cancelled_events(session) == [{"returned": {}}]


def test_a_published_session_not_started_returns_its_quantity_to_stock_at_once(
    store, django_capture_on_commit_callbacks
):
    session, sku = published_session(store, stock=10, quantity=4, starts_in=timedelta(hours=1))
    assert available(sku) == 6

    with django_capture_on_commit_callbacks(execute=True):
        flash_session_cancel(session=session, by=UserFactory())
    flash_session_cancel(session=session, by=UserFactory())

    session.refresh_from_db()
    item = FlashItem.objects.get()
    assert session.status == SessionStatus.CANCELLED
    assert (item.sold, item.returned) == (0, 4)
    assert (available(sku), reserved(sku)) == (10, 0)
    assert cancelled_events(session) == [{"returned": {str(sku.pk): 4}}]
    assert not gate.is_loaded(session_id=session.pk, sku_id=sku.pk)
    with pytest.raises(NotFound):  # nothing to load: the session is no longer on sale
        flash_attempt(session_id=session.pk, sku_id=sku.pk, user_id=UserFactory().pk, now=session.starts_at)


def test_a_started_session_stops_selling_keeps_its_holds_and_returns_the_rest_at_the_close(
    store, django_capture_on_commit_callbacks
):
    session, sku = published_session(store, stock=10, quantity=4)
    winner = UserFactory()
    flash_attempt(session_id=session.pk, sku_id=sku.pk, user_id=winner.pk)
    now = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        flash_session_cancel(session=session, by=UserFactory(), now=now)
    flash_session_cancel(session=session, by=UserFactory())

    session.refresh_from_db()
    assert (session.status, session.ends_at) == (SessionStatus.PUBLISHED, now)
    with pytest.raises(FlashRefused) as refused:
        flash_attempt(session_id=session.pk, sku_id=sku.pk, user_id=UserFactory().pk)
    assert refused.value.code == "flash_ended"
    assert gate.state(session_id=session.pk, sku_id=sku.pk)["left"] == 3
    assert FlashHold.objects.get().user == winner  # still theirs to buy until it expires
    assert len(cancelled_events(session)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        flash_sessions_close(now=now + timedelta(minutes=30))

    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert FlashItem.objects.get().returned == 4  # the hold was not bought: its unit came back too
    assert (available(sku), reserved(sku)) == (10, 0)


def test_a_started_session_is_not_cancelled_while_the_gate_does_not_answer(store):
    session, _sku = published_session(store)

    with mock.patch.object(gate, "close", side_effect=RedisError("down")), pytest.raises(FlashRefused) as refused:
        flash_session_cancel(session=session, by=UserFactory())

    assert refused.value.code == "flash_unavailable"
    session.refresh_from_db()
    assert (session.status, session.cancelled_at) == (SessionStatus.PUBLISHED, None)


def test_an_ended_session_is_not_cancelled(store):
    session, _sku = published_session(store)
    with pytest.raises(InvalidTransition):
        flash_session_cancel(session=session, by=UserFactory(), now=session.ends_at)
    assert not cancelled_events(session)


def test_a_draft_is_edited_whole_under_the_same_rules(store):
    phone = PhoneCatalog().phone(store, stock=10)
    sku, other = sku_of(phone), sku_of(phone, "256G")
    session = draft(store, sku)
    starts = timezone.now() + timedelta(days=1)
    values = {"name": "改后", "starts_at": starts, "ends_at": starts + timedelta(hours=2), "per_member_limit": 2}

    flash_session_update(session=session, by=UserFactory(), items=[ItemInput(other.pk, Decimal("10.00"), 7)], **values)

    session.refresh_from_db()
    assert (session.name, session.per_member_limit) == ("改后", 2)
    assert list(session.items.values_list("sku_id", "flash_price", "quantity")) == [(other.pk, Decimal("10.00"), 7)]
    with pytest.raises(InvalidInput):
        flash_session_update(
            session=session, by=UserFactory(), items=[ItemInput(other.pk, Decimal("6999.00"), 1)], **values
        )


def test_a_published_session_is_not_edited(store):
    session, sku = published_session(store)
    starts = timezone.now()
    with pytest.raises(InvalidTransition):
        flash_session_update(
            session=session,
            by=UserFactory(),
            name="x",
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            per_member_limit=1,
            items=[ItemInput(sku.pk, Decimal("1.00"), 1)],
        )


def test_an_operator_cancels_a_platform_session_from_the_admin_list(store, django_capture_on_commit_callbacks):
    session, sku = published_session(store, stock=10, quantity=4, starts_in=timedelta(hours=1), platform=True)
    operator = OperatorFactory(is_superuser=True)
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(operator)

    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(
            "/admin/flashsales/flashsession/",
            {"action": "cancel", "_selected_action": [session.pk]},
            follow=True,
        )

    assert "Cancelled: 10点场" in response.content.decode()
    assert FlashSession.objects.get().status == SessionStatus.CANCELLED
    assert available(sku) == 10
