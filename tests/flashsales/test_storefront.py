"""The product's flash-sale sessions in the storefront: the product detail API's `flash` and the product page's
badge say the same sessions, prices, units left and times."""

from datetime import timedelta

import pytest
from django.test import Client, TestCase

from flashsales import gate
from flashsales.services import flash_attempt
from tests.factories import UserFactory
from tests.flashsales.helpers import clear_gates, published_session

pytestmark = pytest.mark.django_db


def test_the_detail_api_lists_a_live_session_with_the_units_the_gate_has_left(store, api):
    session, sku = published_session(store, quantity=5)
    flash_attempt(session_id=session.pk, sku_id=sku.pk, user_id=UserFactory().pk)

    flash = api.get(f"/api/v1/catalog/products/{sku.spu_id}/").json()["flash"]

    assert [(deal["session"], deal["sku"], deal["flash_price"], deal["quantity"], deal["left"]) for deal in flash] == [
        (session.pk, sku.pk, "4999.00", 5, 4)
    ]
    assert flash[0]["live"] is True


def test_a_session_to_come_is_listed_not_live_and_a_cancelled_one_not_at_all(store, api, owner_api):
    session, sku = published_session(store, quantity=3, starts_in=timedelta(hours=2))

    flash = api.get(f"/api/v1/catalog/products/{sku.spu_id}/").json()["flash"]
    assert [(deal["session"], deal["left"], deal["live"]) for deal in flash] == [(session.pk, 3, False)]

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert owner_api.post(f"/api/v1/seller/flash-sessions/{session.pk}/cancel/").status_code == 200
    assert api.get(f"/api/v1/catalog/products/{sku.spu_id}/").json()["flash"] == []


def test_without_the_gate_the_units_left_are_those_no_order_bought(store, api):
    session, sku = published_session(store, quantity=5)
    flash_attempt(session_id=session.pk, sku_id=sku.pk, user_id=UserFactory().pk)
    clear_gates()

    flash = api.get(f"/api/v1/catalog/products/{sku.spu_id}/").json()["flash"]

    assert [(deal["session"], deal["left"]) for deal in flash] == [(session.pk, 5)]
    assert not gate.is_loaded(session_id=session.pk, sku_id=sku.pk)


def test_the_product_page_shows_the_same_session_as_the_api(store, api):
    session, sku = published_session(store, quantity=5)

    deal = api.get(f"/api/v1/catalog/products/{sku.spu_id}/").json()["flash"][0]
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/products/{sku.spu_id}/").content.decode()

    assert 'data-testid="flash-badge"' in page
    assert session.name in page
    assert f"¥{deal['flash_price']}" in page
    assert f'data-ends-at="{deal["ends_at"]}"' in page
    assert f'<span class="muted" data-testid="flash-left">{deal["left"]} left</span>' in page
