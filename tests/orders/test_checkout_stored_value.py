"""POST /api/v1/checkout/preview/ with `stored_value`: what the member's balance (储值) would pay, per line, store
and cart, and the cash left to pay; `payable` stays as API.md defines it. Every amount worked out here."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members import services as member_services
from members.models import StoredValueEntry
from tests.factories import StoreFactory
from tests.orders.test_checkout_preview_api import PREVIEW_QUERIES, address, by_piece, catalog, ship_with, sku_of

__all__ = ["catalog"]  # the fixture, used by name

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_stores(catalog, store):
    """A phone (5999.00) in `store`, a case (39.00) in another, both by piece, free from 99.00."""
    other = StoreFactory(name="配件店")
    phone = catalog.phone(store)
    case = catalog.phone(other, title="手机壳 Case 保护", prices=("39.00", "49.00"))
    ship_with(phone, by_piece(store, free_over="99"))
    ship_with(case, by_piece(other, free_over="99"))
    return [{"sku": sku_of(phone, "128G").pk, "quantity": 1}, {"sku": sku_of(case, "128G").pk, "quantity": 2}]


def test_the_balance_pays_what_was_asked_spread_over_lines_and_stores(two_stores, store, shopper, shopper_api):
    member_services.stored_value_load(user=shopper, amount=Decimal("500.00"), reference="redeem:1")

    response = shopper_api.post(
        "/api/v1/checkout/preview/",
        {"lines": two_stores, "address": address(shopper_api, "310104"), "stored_value": "100.00"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    phone_store, case_store = sorted(body["stores"], key=lambda s: s["store"] != store.pk)
    # Goods owe 5999.00 + 78.00 = 6077.00; 100.00 spread by what each owes: 98.7164 and 1.2835 (cents 9871.64
    # and 128.35): floors 9871 + 128 = 9999, the cent left to the larger remainder (0.64): 98.72 + 1.28.
    assert (phone_store["lines"][0]["stored_value"], case_store["lines"][0]["stored_value"]) == ("98.72", "1.28")
    assert body["stored_value"] == {"balance": "500.00", "used": "100.00"}
    # The case store owes 78.00 + 10.00 freight (under 99); payable unchanged, cash is payable less the balance.
    assert (case_store["payable"], case_store["stored_value"], case_store["cash_payable"]) == ("88.00", "1.28", "86.72")
    assert (phone_store["payable"], phone_store["cash_payable"]) == ("5999.00", "5900.28")
    assert (body["payable"], body["cash_payable"]) == ("6087.00", "5987.00")
    assert StoredValueEntry.objects.filter(user=shopper).count() == 1  # a preview spends nothing


def test_asking_more_than_the_balance_uses_the_balance(two_stores, shopper, shopper_api):
    member_services.stored_value_load(user=shopper, amount=Decimal("12.34"), reference="redeem:1")

    body = shopper_api.post(
        "/api/v1/checkout/preview/", {"lines": two_stores, "stored_value": "5000.00"}, format="json"
    ).json()

    assert body["stored_value"] == {"balance": "12.34", "used": "12.34"}
    assert (body["payable"], body["cash_payable"]) == ("6077.00", "6064.66")  # no address: no freight yet


def test_without_stored_value_the_preview_says_so(two_stores, shopper_api):
    body = shopper_api.post("/api/v1/checkout/preview/", {"lines": two_stores}, format="json").json()

    assert body["stored_value"] == {"balance": "0.00", "used": "0.00"}
    assert body["cash_payable"] == body["payable"] == "6077.00"
    assert all(line["stored_value"] == "0.00" for s in body["stores"] for line in s["lines"])


@pytest.mark.parametrize("amount", ["-0.01", "1.001", "abc"])
def test_a_bad_stored_value_amount_is_a_validation_error(shopper_api, amount):
    response = shopper_api.post(
        "/api/v1/checkout/preview/", {"lines": [{"sku": 1, "quantity": 1}], "stored_value": amount}, format="json"
    )

    assert (response.status_code, response.json()["code"]) == (400, "validation_error")
    assert "stored_value" in response.json()["fields"]


def test_stored_value_costs_no_extra_query(two_stores, shopper, shopper_api):
    member_services.stored_value_load(user=shopper, amount=Decimal("100.00"), reference="redeem:1")
    body = {"lines": two_stores, "address": address(shopper_api, "310104"), "stored_value": "50.00"}

    with CaptureQueriesContext(connection) as queries:
        assert shopper_api.post("/api/v1/checkout/preview/", body, format="json").status_code == 200

    assert len(queries) <= PREVIEW_QUERIES
