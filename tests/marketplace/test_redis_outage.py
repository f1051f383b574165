"""When Redis fails in the request path (decision 0013): requests go on in the direction chosen for each use, the
outage is logged once (and its end once), no traceback per request, and a failed Redis is not tried again at
every call. Redis is really down here: its URL points at a port nothing listens on."""

import logging
from decimal import Decimal

import pytest
from celery import Celery
from django.urls import reverse

from coupons.models import RedeemCode
from marketplace import redis as marketplace_redis
from marketplace.redis import RETRY_SECONDS, outage, redis_call, supported
from marketplace.tasks import enqueue
from tests.conftest import client_for
from tests.coupons.test_stored_value_codes import balance_of, gift_cards
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def outage_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "marketplace.redis"]


def test_requests_go_on_and_the_outage_is_logged_once_without_a_traceback(redis_down, caplog):
    shopper = client_for(UserFactory())
    caplog.set_level(logging.INFO, logger="marketplace.redis")

    statuses = [shopper.get("/api/v1/me/").status_code for _ in range(5)]

    assert statuses == [200] * 5  # the general rate limit lets requests through
    [warning] = outage_records(caplog)
    assert warning.levelno == logging.WARNING
    assert warning.exc_info is None
    assert "Redis unavailable (ConnectionError" in warning.getMessage()
    assert "code redemption is refused" in warning.getMessage()


def test_redis_answering_again_is_one_line(settings, caplog):
    caplog.set_level(logging.INFO, logger="marketplace.redis")
    good_url = settings.REDIS_URL
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    marketplace_redis.redis_client.cache_clear()
    with pytest.raises(marketplace_redis.redis.ConnectionError), redis_call() as client:
        client.ping()

    settings.REDIS_URL = good_url
    marketplace_redis.redis_client.cache_clear()
    outage.retry_at = 0.0  # the pause after a failure is over
    for _ in range(3):
        with redis_call() as client:
            client.ping()

    assert [record.getMessage().split(" after ")[0] for record in outage_records(caplog)] == [
        outage_records(caplog)[0].getMessage(),
        "Redis answers again",
    ]


def test_after_a_failure_redis_is_left_alone_for_a_moment(redis_down, monkeypatch):
    attempts = []
    real_client = marketplace_redis.redis_client
    monkeypatch.setattr(marketplace_redis, "redis_client", lambda: attempts.append(1) or real_client())

    for _ in range(10):
        with pytest.raises(marketplace_redis.redis.RedisError), redis_call() as client:
            client.ping()

    assert len(attempts) == 1
    assert outage.retry_at - outage.since == pytest.approx(RETRY_SECONDS, abs=0.5)


def test_code_redemption_fails_closed_with_503_and_redeems_nothing(redis_down):
    _batch, codes = gift_cards(quantity=1, amount="100.00")
    member = client_for(UserFactory())

    response = member.post("/api/v1/me/coupons/redeem/", {"code": codes[0]})

    assert response.status_code == 503
    assert response.json()["code"] == "service_unavailable"
    assert int(response["Retry-After"]) > 0
    assert balance_of(member.user) == Decimal("0.00")
    assert not RedeemCode.objects.filter(redeemed_at__isnull=False).exists()


def test_code_redemption_page_refuses_with_a_message_when_redis_is_down(redis_down, client):
    _batch, codes = gift_cards(quantity=1, amount="100.00")
    member = UserFactory()
    client.force_login(member)

    response = client.post(
        reverse("shop-me-coupons-redeem"), {"code": codes[0]}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert "Codes cannot be checked right now" in response.content.decode()
    assert balance_of(member) == Decimal("0.00")


def test_logins_and_registrations_go_on_when_redis_is_down(redis_down, api):
    account = {"username": "newbie", "password": "a-Good-pass-2026"}
    registered = api.post("/api/v1/auth/register/", {**account, "phone": "13800138000"})
    token = api.post("/api/v1/auth/token/", account)

    assert (registered.status_code, token.status_code) == (201, 200)


def test_a_task_the_broker_does_not_take_is_left_to_its_sweep_and_the_request_goes_on(
    caplog, django_capture_on_commit_callbacks
):
    """A real Celery app whose broker refuses connections: sending after commit neither raises nor logs a
    traceback; the outage is one warning (the task's periodic sweep does the work later)."""
    app = Celery("down", broker="redis://127.0.0.1:1/0", set_as_current=False)
    app.conf.broker_connection_retry = False
    app.conf.task_publish_retry = False

    @app.task
    def never_sent():
        raise AssertionError("not sent, so never run")

    caplog.set_level(logging.INFO, logger="marketplace.redis")
    with django_capture_on_commit_callbacks(execute=True) as sent:
        enqueue(never_sent)

    assert len(sent) == 1

    assert [record.exc_info for record in outage_records(caplog)] == [None]


@pytest.mark.parametrize(
    ("version", "ok"),
    [("5.0.7", False), ("6.0.16", False), ("6.2.0", True), ("6.2.14", True), ("7.0.15", True), ("8.2.1", True)],
)
def test_supported_redis_versions_are_6_2_and_newer(version, ok):
    assert supported(version) is ok
