"""The flash API: the pass, the attempt (no SQL when it loses), the storefront list, the seller's sessions."""

from datetime import timedelta

import pytest
from django.test import TestCase
from django.utils import timezone

from flashsales.models import FlashHold, FlashSession, SessionEvent, SessionStatus
from flashsales.selectors import member_pass
from tests.catalog.factories import PhoneCatalog
from tests.conftest import english_client
from tests.factories import UserFactory
from tests.flashsales.helpers import published_session
from tests.orders.helpers import available, sku_of

pytestmark = pytest.mark.django_db


def attempt(client, session, sku, member_id: int | None):
    headers = {"HTTP_X_FLASH_PASS": member_pass(user_id=member_id)} if member_id else {}
    return client.post(f"/api/v1/flash/{session.pk}/{sku.pk}/attempts/", {}, format="json", **headers)


def test_the_pass_comes_from_the_members_login(shopper_api, shopper):
    response = shopper_api.get("/api/v1/flash/pass/")
    assert response.status_code == 200
    assert response.json()["pass"].startswith(f"{shopper.pk}:")


def test_a_winning_attempt_answers_its_hold_and_where_to_check_out(store):
    session, sku = published_session(store)
    member = UserFactory()

    response = attempt(english_client(), session, sku, member.pk)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["checkout_url"] == f"/checkout/?buy=1&sku={sku.pk}&quantity=1"
    assert FlashHold.objects.get().token == body["token"]


def test_a_losing_attempt_runs_no_sql(store, django_assert_num_queries):
    session, sku = published_session(store, limit=1)
    member = UserFactory()
    client = english_client()
    assert attempt(client, session, sku, member.pk).status_code == 201

    with django_assert_num_queries(0):
        response = attempt(client, session, sku, member.pk)

    assert (response.status_code, response.json()["code"]) == (409, "flash_limit_reached")


def test_an_attempt_without_a_valid_pass_is_not_authenticated(store):
    session, sku = published_session(store)
    client = english_client()
    response = client.post(
        f"/api/v1/flash/{session.pk}/{sku.pk}/attempts/", {}, format="json", HTTP_X_FLASH_PASS="12:forged"
    )
    assert (response.status_code, response.json()["code"]) == (401, "not_authenticated")
    assert attempt(client, session, sku, None).status_code == 401
    assert not FlashHold.objects.exists()


def test_an_attempt_on_an_unknown_session_is_not_found(store):
    _session, sku = published_session(store)
    response = english_client().post(
        f"/api/v1/flash/999999/{sku.pk}/attempts/", {}, format="json", HTTP_X_FLASH_PASS=member_pass(user_id=1)
    )
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_the_storefront_lists_live_and_upcoming_sessions(store, api):
    session, sku = published_session(store)
    body = api.get("/api/v1/flash/sessions/").json()
    assert [(s["id"], s["items"][0]["sku"], s["items"][0]["flash_price"]) for s in body] == [
        (session.pk, sku.pk, "4999.00")
    ]


def test_a_manager_creates_and_publishes_a_store_session(store, owner_api):
    sku = sku_of(PhoneCatalog().phone(store, stock=10))
    starts = timezone.now() + timedelta(hours=1)
    body = {
        "name": "午间秒杀",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=1)).isoformat(),
        "per_member_limit": 2,
        "items": [{"sku": sku.pk, "flash_price": "3999.00", "quantity": 3}],
    }
    created = owner_api.post("/api/v1/seller/flash-sessions/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["funded_by"] == "store"

    published = owner_api.post(f"/api/v1/seller/flash-sessions/{created.json()['id']}/publish/")

    assert published.status_code == 200, published.json()
    assert FlashSession.objects.get().status == SessionStatus.PUBLISHED
    assert available(sku) == 7


def test_another_stores_session_is_not_found(store, other_store_owner_api):
    session, _sku = published_session(store)
    response = other_store_owner_api.post(f"/api/v1/seller/flash-sessions/{session.pk}/publish/")
    assert response.status_code == 404
    assert other_store_owner_api.get("/api/v1/seller/flash-sessions/").json()["count"] == 0


@pytest.mark.parametrize("body", ['{"quantity": 0}', '{"quantity": "1"}', '{"qty": 1}', "[1]", "{not json"])
def test_an_attempt_with_a_bad_body_is_a_validation_error_and_holds_nothing(store, body):
    session, sku = published_session(store)
    response = english_client().generic(
        "POST",
        f"/api/v1/flash/{session.pk}/{sku.pk}/attempts/",
        body,
        content_type="application/json",
        HTTP_X_FLASH_PASS=member_pass(user_id=UserFactory().pk),
    )
    assert (response.status_code, response.json()["code"]) == (400, "validation_error")
    assert not FlashHold.objects.exists()


def test_a_manager_cancels_a_published_session_before_it_starts_and_its_units_are_back_on_sale(store, owner_api):
    session, sku = published_session(store, stock=10, quantity=4, starts_in=timedelta(hours=1))
    assert available(sku) == 6

    with TestCase.captureOnCommitCallbacks(execute=True):
        first = owner_api.post(f"/api/v1/seller/flash-sessions/{session.pk}/cancel/")
    again = owner_api.post(f"/api/v1/seller/flash-sessions/{session.pk}/cancel/")

    assert first.status_code == again.status_code == 200, first.json()
    assert first.json()["status"] == again.json()["status"] == "cancelled"
    assert first.json()["items"][0]["returned"] == 4
    assert available(sku) == 10
    assert SessionEvent.objects.filter(session=session, type="cancelled").count() == 1


def test_cancelling_an_ended_session_is_an_invalid_transition(store, owner_api):
    session, _sku = published_session(store)
    FlashSession.objects.filter(pk=session.pk).update(status=SessionStatus.ENDED)
    response = owner_api.post(f"/api/v1/seller/flash-sessions/{session.pk}/cancel/")
    assert (response.status_code, response.json()["code"]) == (409, "invalid_transition")


def test_a_clerk_may_not_cancel_and_another_store_finds_no_session(store, clerk_api, other_store_owner_api):
    session, _sku = published_session(store)
    assert clerk_api.post(f"/api/v1/seller/flash-sessions/{session.pk}/cancel/").status_code == 403
    assert other_store_owner_api.post(f"/api/v1/seller/flash-sessions/{session.pk}/cancel/").status_code == 404
    assert FlashSession.objects.get().cancelled_at is None
