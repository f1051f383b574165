import uuid

import pytest
from rest_framework.test import APIRequestFactory

from marketplace.api.throttling import ScopedThrottle, parse_rate
from marketplace.redis import redis_client
from tests.factories import UserFactory


class View:
    def __init__(self):
        self.throttle_scope = f"test-{uuid.uuid4().hex}"


@pytest.fixture
def rates(settings):
    def set_rate(view: View, rate: str) -> None:
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], view.throttle_scope: rate},
        }

    return set_rate


def request_from(ip: str, user=None):
    from django.contrib.auth.models import AnonymousUser
    from rest_framework.request import Request

    request = Request(APIRequestFactory().get("/", REMOTE_ADDR=ip))
    request.user = user or AnonymousUser()
    return request


def test_parse_rate_reads_count_and_period():
    assert parse_rate("120/min") == (120, 60)
    assert parse_rate("5/s") == (5, 1)
    assert parse_rate("1000/day") == (1000, 86400)


def test_a_client_gets_exactly_the_rate_then_is_refused(rates):
    view = View()
    rates(view, "3/hour")
    throttle = ScopedThrottle()

    allowed = [throttle.allow_request(request_from("10.0.0.1"), view) for _ in range(4)]

    assert allowed == [True, True, True, False]
    assert 0 < throttle.wait() <= 3600


def test_clients_are_counted_apart_by_address_and_by_account(rates, db):
    view = View()
    rates(view, "1/hour")
    throttle = ScopedThrottle()
    alice, bob = UserFactory(), UserFactory()

    assert throttle.allow_request(request_from("10.0.0.1"), view)
    assert throttle.allow_request(request_from("10.0.0.2"), view)
    assert throttle.allow_request(request_from("10.0.0.1", alice), view)
    assert throttle.allow_request(request_from("10.0.0.1", bob), view)
    assert not throttle.allow_request(request_from("10.0.0.1", alice), view)


def test_the_counter_expires_with_its_window(rates):
    view = View()
    rates(view, "5/min")
    ScopedThrottle().allow_request(request_from("10.0.0.9"), view)

    [key] = redis_client().keys(f"*throttle:{view.throttle_scope}:*")

    assert 0 < redis_client().ttl(key) <= 60


def test_requests_pass_when_redis_is_down(rates, settings):
    view = View()
    rates(view, "1/hour")
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    redis_client.cache_clear()
    try:
        assert all(ScopedThrottle().allow_request(request_from("10.0.0.1"), view) for _ in range(3))
    finally:
        redis_client.cache_clear()
