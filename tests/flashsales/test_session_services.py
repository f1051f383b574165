"""Setting a flash session up, publishing it (stock taken, gate loaded) and ending it (unsold stock back)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.exceptions import InsufficientStock
from flashsales import gate
from flashsales.models import FlashItem, FlashSession, SessionEvent, SessionStatus
from flashsales.services import (
    ItemInput,
    flash_attempt,
    flash_session_create,
    flash_session_end,
    flash_sessions_close,
)
from marketplace.exceptions import InvalidInput, InvalidTransition
from tests.catalog.factories import PhoneCatalog
from tests.factories import StoreFactory, UserFactory
from tests.flashsales.helpers import published_session
from tests.orders.helpers import available, reserved, sku_of

pytestmark = pytest.mark.django_db


def test_publishing_takes_the_flash_quantity_out_of_sellable_stock_and_loads_the_gate(store):
    session, sku = published_session(store, stock=10, quantity=4)

    assert available(sku) == 6
    assert reserved(sku) == 4
    assert gate.state(session_id=session.pk, sku_id=sku.pk)["left"] == 4
    assert session.status == SessionStatus.PUBLISHED
    assert list(SessionEvent.objects.filter(session=session).values_list("type", flat=True)) == ["created", "published"]


def test_publishing_more_than_the_stock_is_refused_and_takes_nothing(store):
    with pytest.raises(InsufficientStock):
        published_session(store, stock=3, quantity=4)

    session = FlashSession.objects.get()
    assert session.status == SessionStatus.DRAFT
    assert reserved(FlashItem.objects.get().sku) == 0


def test_a_store_session_may_not_name_another_stores_sku(store):
    foreign = sku_of(PhoneCatalog().phone(StoreFactory()))
    with pytest.raises(InvalidInput):
        flash_session_create(
            store=store,
            by=UserFactory(),
            name="x",
            starts_at=timezone.now(),
            ends_at=timezone.now() + timedelta(hours=1),
            per_member_limit=1,
            items=[ItemInput(sku_id=foreign.pk, flash_price=Decimal("1.00"), quantity=1)],
        )
    assert not FlashSession.objects.exists()


def test_a_flash_price_at_or_above_the_sku_price_is_refused(store):
    sku = sku_of(PhoneCatalog().phone(store))
    with pytest.raises(InvalidInput) as refused:
        flash_session_create(
            store=store,
            by=UserFactory(),
            name="x",
            starts_at=timezone.now(),
            ends_at=timezone.now() + timedelta(hours=1),
            per_member_limit=1,
            items=[ItemInput(sku_id=sku.pk, flash_price=Decimal("5999.00"), quantity=1)],
        )
    assert refused.value.fields == {"items": [{"sku": sku.pk, "reason": "flash_price"}]}


def test_ending_returns_what_was_not_sold_to_stock_once_when_run_twice(store, django_capture_on_commit_callbacks):
    session, sku = published_session(store, stock=10, quantity=4)
    flash_attempt(session_id=session.pk, sku_id=sku.pk, user_id=UserFactory().pk)
    later = session.ends_at + timedelta(minutes=10)

    with django_capture_on_commit_callbacks(execute=True):
        flash_sessions_close(now=later)
        flash_sessions_close(now=later)
        flash_session_end(session_id=session.pk, now=later)

    session.refresh_from_db()
    item = FlashItem.objects.get()
    assert session.status == SessionStatus.ENDED
    assert (item.sold, item.returned) == (0, 4)  # the hold expired unbought: its unit comes back too
    assert (available(sku), reserved(sku)) == (10, 0)
    assert SessionEvent.objects.filter(session=session, type="ended").count() == 1
    assert not gate.is_loaded(session_id=session.pk, sku_id=sku.pk)


def test_a_session_is_not_closed_while_its_last_holds_may_still_be_bought(store):
    session, _sku = published_session(store)
    assert flash_sessions_close(now=session.ends_at + timedelta(minutes=1)) == 0
    with pytest.raises(InvalidTransition):
        flash_session_end(session_id=session.pk, now=session.ends_at)
    assert FlashSession.objects.get().status == SessionStatus.PUBLISHED
