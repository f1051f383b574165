"""A won flash unit through the existing checkout: its price as a play component with its funder, the hold
consumed by the order, stock moved from the session to the order, and refunds of the paid amount."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from flashsales.models import FlashHold, FlashItem, HoldStatus
from flashsales.services import flash_attempt
from orders.models import LineDiscount, OrderLine
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.flashsales.helpers import published_session
from tests.orders.helpers import address_of, available, reserved, submit

pytestmark = pytest.mark.django_db


def won(store, **session):
    session, sku = published_session(store, **session)
    member = UserFactory()
    flash_attempt(session_id=session.pk, sku_id=sku.pk, user_id=member.pk)
    return session, sku, member


def test_preview_prices_the_won_unit_at_its_flash_price_as_a_play(store):
    session, sku, member = won(store, price="4999.00")

    body = (
        client_for(member)
        .post("/api/v1/checkout/preview/", {"lines": [{"sku": sku.pk, "quantity": 1}]}, format="json")
        .json()
    )

    [store_part] = body["stores"]
    [line] = store_part["lines"]
    assert (line["unit_price"], line["promotion_discount"], line["payable"]) == ("5999.00", "1000.00", "4999.00")
    assert store_part["plays"] == [{"id": session.pk, "kind": "flash_sale", "discount": "1000.00"}]
    assert store_part["promotions"] == []


def test_a_member_without_a_hold_pays_the_normal_price(store):
    _session, sku, _winner = won(store)
    other = UserFactory()
    body = client_for(other).post(
        "/api/v1/checkout/preview/", {"lines": [{"sku": sku.pk, "quantity": 1}]}, format="json"
    )
    assert body.json()["payable"] == "5999.00"


def test_submitting_consumes_the_hold_and_moves_its_unit_from_the_session_to_the_order(store):
    session, sku, member = won(store, stock=10, quantity=5, price="4999.00")
    api = client_for(member)

    response = submit(api, [(sku, 1)], address=address_of(member).pk, expected="4999.00")

    assert response.status_code == 201, response.json()
    line = OrderLine.objects.get()
    assert (line.unit_price, line.promotion_discount, line.payable) == (
        Decimal("5999.00"),
        Decimal("1000.00"),
        Decimal("4999.00"),
    )
    [part] = LineDiscount.objects.filter(line=line)
    assert (part.source, part.source_id, part.kind) == ("play", session.pk, "flash_sale")
    assert (part.amount, part.platform_amount) == (Decimal("1000.00"), Decimal("0.00"))  # the store funds its session
    hold = FlashHold.objects.get()
    assert (hold.status, hold.order_no) == (HoldStatus.CONSUMED, response.json()["trade_no"])
    assert FlashItem.objects.get().sold == 1
    assert (available(sku), reserved(sku)) == (5, 5)  # 4 still with the session, 1 with the order


def test_a_platform_session_discount_is_funded_by_the_platform(store):
    _session, sku, member = won(store, platform=True, price="4999.00")
    response = submit(client_for(member), [(sku, 1)], address=address_of(member).pk, expected="4999.00")
    assert response.status_code == 201, response.json()
    assert LineDiscount.objects.get().platform_amount == Decimal("1000.00")


def test_a_hold_buys_once_a_second_order_pays_the_normal_price(store):
    _session, sku, member = won(store, price="4999.00")
    api = client_for(member)
    home = address_of(member).pk
    assert submit(api, [(sku, 1)], address=home, expected="4999.00").status_code == 201

    again = submit(api, [(sku, 1)], address=home, expected="4999.00")

    assert (again.status_code, again.json()["code"]) == (409, "price_changed")
    assert FlashItem.objects.get().sold == 1


def test_an_expired_hold_gives_no_flash_price(store, settings):
    _session, sku, member = won(store)
    FlashHold.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    body = client_for(member).post(
        "/api/v1/checkout/preview/", {"lines": [{"sku": sku.pk, "quantity": 1}]}, format="json"
    )
    assert body.json()["payable"] == "5999.00"
