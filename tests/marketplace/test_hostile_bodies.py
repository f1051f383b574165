"""Bodies no client of ours sends, from a probe of the running API: each is a 4xx in the API's error shape that
changes nothing, never a 500 (marketplace.api.parsers)."""

import pytest

from members.models import Address, User
from stores.models import Store, Warehouse
from tests.marketplace.test_error_shape import assert_error

pytestmark = pytest.mark.django_db

NESTED = "[" * 1100 + "]" * 1100


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/me/addresses/", {"name": "张三", "phone": "13800138000", "region": "330105\x00", "detail": "文三路"}),
        (
            "/api/v1/stores/applications/",
            {
                "name": "店",
                "type": "third_party",
                "phone": "13811112222",
                "region": "\x00",
                "address": "路",
                "latitude": "30",
                "longitude": "120",
            },
        ),
        ("/api/v1/me/addresses/", {"name": "张\x00三", "phone": "13800138000", "region": "330105", "detail": "路"}),
        ("/api/v1/me/addresses/", {"name\x00": "张三"}),
    ],
)
def test_a_nul_character_anywhere_in_json_is_a_400(shopper_api, path, body):
    response = shopper_api.post(path, body, format="json")

    body = assert_error(response, 400, "validation_error")
    assert "Null characters" in body["detail"]
    assert not Address.objects.exists()
    assert not Store.objects.exists()


def test_a_nul_in_a_seller_warehouse_region_is_a_400(owner_api):
    before = Warehouse.objects.count()

    response = owner_api.post("/api/v1/seller/warehouses/", {"name": "仓", "region": "\x00", "address": "路"})

    assert_error(response, 400, "validation_error")
    assert Warehouse.objects.count() == before


@pytest.mark.parametrize("path", ["/api/v1/auth/token/", "/api/v1/auth/register/"])
def test_json_nested_a_thousand_deep_is_a_400_even_unauthenticated(api, path):
    response = api.post(path, data=NESTED, content_type="application/json")

    assert_error(response, 400, "validation_error")


def test_json_nested_a_thousand_deep_is_a_400_at_checkout(shopper_api):
    response = shopper_api.post("/api/v1/checkout/preview/", data=NESTED, content_type="application/json")

    assert_error(response, 400, "validation_error")


def test_json_nested_a_little_deeper_than_any_request_needs_is_a_400(api):
    response = api.post("/api/v1/auth/register/", data='{"a":' * 40 + "1" + "}" * 40, content_type="application/json")

    assert "nested too deeply" in assert_error(response, 400, "validation_error")["detail"]


def test_a_body_over_the_upload_limit_is_a_413_in_the_api_shape(api, settings):
    big = '{"username": "' + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10) + '"}'

    response = api.post("/api/v1/auth/register/", data=big, content_type="application/json")

    assert_error(response, 413, "request_too_large")
    assert not User.objects.exists()


def test_a_five_megabyte_body_to_a_login_is_answered_in_the_api_shape(api):
    response = api.post("/api/v1/auth/token/", data='{"a": "' + "x" * 5_000_000 + '"}', content_type="application/json")

    assert_error(response, 413, "request_too_large")


def test_nan_is_not_json(api):
    response = api.post("/api/v1/auth/register/", data='{"username": NaN}', content_type="application/json")

    assert_error(response, 400, "validation_error")
