"""Every page of the site, opened by every kind of user with good and bad addresses, answers something other
than a 500: the demo marketplace walked by an anonymous visitor, a shopper, a store owner, a clerk, a franchise
owner and an operator, each page also with garbage in its query string and in its path's ids."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from members.models import User
from orders.models import Refund, StoreOrder

pytestmark = pytest.mark.django_db

WHO = [None, "alice", "hq_owner", "hq_clerk", "hz_owner", "operator"]
# The API and the admin have their own tests; /healthz answers 503 here by design (no Celery worker runs).
SKIPPED_PREFIXES = ("api/", "admin/", "media/", "__bench__/", "i18n/", "healthz")
GARBAGE_QUERY = "?page=abc&q=%27%22<x>%E2%80%AE&ordering=nope&status=zzz&month=2026-99&price_min=-1&in_stock=maybe"


def page_routes(resolver=None, prefix=""):
    """(route, converters) of every URL pattern outside the API and the admin."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(SKIPPED_PREFIXES) or route.startswith("^"):
            continue
        if isinstance(pattern, URLResolver):
            yield from page_routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route


def filled(route: str, values: dict[str, str]) -> str:
    """The route with each <converter:name> replaced by the value for its name (or for its converter)."""
    path = route
    while "<" in path:
        start, end = path.index("<"), path.index(">")
        converter, _, name = path[start + 1 : end].rpartition(":")
        path = path[:start] + values.get(name, values.get(converter or "str", "x")) + path[end + 1 :]
    return "/" + path


@pytest.fixture
def demo(demo_marketplace):
    order = StoreOrder.objects.order_by("pk").first()
    refund = Refund.objects.order_by("pk").first()
    return {"order_no": order.order_no, "payment_no": order.payment_no, "refund_id": str(refund.pk)}


def client_of(username: str | None) -> Client:
    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    return client


@pytest.mark.parametrize("username", WHO)
def test_no_page_answers_500_to_anyone_whatever_the_address(demo, username):
    client = client_of(username)
    real = {"int": "1", "str": "1", **demo}
    missing = {"int": "999999", "str": "no-such-thing"}
    failures = []
    for route in page_routes():
        for values in (real, missing):
            for path in (filled(route, values), filled(route, values) + GARBAGE_QUERY):
                status = client.get(path).status_code
                if status >= 500:
                    failures.append((path, status))

    assert failures == []


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/search/?q=%00", None),
        ("/api/v1/catalog/products/?q=a%00b", None),
        ("/accounts/login/", {"username": "a\x00"}),
    ],
)
def test_a_null_character_is_a_400_not_a_500(client, path, data):
    response = client.post(path, data) if data else client.get(path)

    assert response.status_code == 400
    if path.startswith("/api/"):
        assert response.json()["code"] == "validation_error"
