"""Every API error, whatever raised it, reaches the client as {"code", "detail", "fields"} (API.md)."""

import json
import uuid

import pytest
from django.test import RequestFactory
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.errors import server_error
from marketplace.api.throttling import ScopedThrottle
from tests.factories import StoreFactory

pytestmark = pytest.mark.django_db


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "detail", "fields"}
    assert body["code"] == code
    assert isinstance(body["detail"], str) and body["detail"]
    return body


def test_validation_error_lists_every_bad_field(api):
    body = assert_error(api.post("/api/v1/auth/register/", {"username": "x"}), 400, "validation_error")

    assert set(body["fields"]) == {"username", "password", "phone"}


def test_malformed_json_is_a_validation_error(api):
    response = api.post("/api/v1/auth/register/", data="{not json", content_type="application/json")

    assert_error(response, 400, "validation_error")


def test_unknown_fields_are_refused_not_ignored(shopper_api):
    response = shopper_api.post("/api/v1/stores/applications/", {"name": "x", "status": "active"})

    body = assert_error(response, 400, "validation_error")
    assert body["fields"]["status"] == ["Unknown field."]


def test_a_json_array_instead_of_an_object_is_a_validation_error(api):
    response = api.post("/api/v1/auth/register/", data="[1, 2]", content_type="application/json")

    assert_error(response, 400, "validation_error")


def test_not_authenticated_is_401(api):
    assert_error(api.get("/api/v1/me/"), 401, "not_authenticated")


def test_permission_denied_is_403(shopper_api):
    store = StoreFactory()

    assert_error(shopper_api.post(f"/api/v1/platform/stores/{store.pk}/approve/"), 403, "permission_denied")


def test_an_unknown_api_url_is_404_in_the_same_shape(api):
    assert_error(api.get("/api/v1/no-such-thing/"), 404, "not_found")


def test_a_wrong_method_is_405(shopper_api):
    assert_error(shopper_api.delete("/api/v1/me/"), 405, "method_not_allowed")


def test_a_form_post_to_a_json_api_is_415(api):
    response = api.post("/api/v1/auth/register/", data="username=x", content_type="application/x-www-form-urlencoded")

    assert_error(response, 415, "unsupported_media_type")


def test_a_domain_error_keeps_its_code(operator_api):
    store = StoreFactory()  # already active

    assert_error(operator_api.post(f"/api/v1/platform/stores/{store.pk}/approve/"), 409, "invalid_transition")


class TightlyThrottled(APIView):
    authentication_classes = []
    permission_classes = []
    throttle_classes = [ScopedThrottle]
    throttle_scope = f"tight-{uuid.uuid4().hex}"  # a fresh counter for this test run

    def get(self, request):
        return Response({"ok": True})


urlpatterns = [path("api/v1/throttled/", TightlyThrottled.as_view())]


def test_throttled_is_429_with_retry_after(api, settings):
    settings.ROOT_URLCONF = __name__
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            TightlyThrottled.throttle_scope: "2/min",
        },
    }

    responses = [api.get("/api/v1/throttled/") for _ in range(3)]

    assert [r.status_code for r in responses[:2]] == [200, 200]
    assert_error(responses[2], 429, "throttled")
    assert 0 < int(responses[2]["Retry-After"]) <= 60


def test_a_server_error_under_api_answers_in_the_contract_shape():
    response = server_error(RequestFactory().get("/api/v1/anything/"))

    assert response.status_code == 500
    assert json.loads(response.content)["code"] == "server_error"
