"""The storefront's pages from the response cache: visitors who are not logged in share one rendering of a
page, each with their own CSRF token; logged-in shoppers and visitors with a message get theirs rendered."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from catalog import services
from catalog.services import SkuInput
from stores.models import StoreStatus
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def response_cache(settings):
    settings.CATALOG_RESPONSE_CACHE_SECONDS = 30


def visitor() -> Client:
    return Client(enforce_csrf_checks=True)


def without_tokens(body: bytes) -> bytes:
    return TOKEN.sub(b"", body)


@pytest.mark.parametrize("path", ["/", "/products/{spu}/", "/search/?q=手机", "/stores/{store}/?ordering=price"])
def test_a_second_visitor_gets_the_same_page_without_a_query_and_a_token_of_their_own(
    path, catalog, store, django_assert_num_queries
):
    spu = catalog.phone(store)
    first = visitor().get(path.format(spu=spu.pk, store=store.pk))

    with django_assert_num_queries(0):
        second = visitor().get(path.format(spu=spu.pk, store=store.pk))

    assert first.status_code == second.status_code == 200
    assert without_tokens(second.content) == without_tokens(first.content)
    assert b"storefront-csrf-token-placeholder" not in second.content
    assert TOKEN.search(first.content).group(1) != TOKEN.search(second.content).group(1)
    assert "csrftoken" in second.cookies


def test_the_token_of_a_cached_page_is_accepted_by_the_form_it_is_in(catalog, store):
    spu = catalog.phone(store)
    visitor().get(f"/products/{spu.pk}/")  # cached by another visitor
    browser = visitor()
    page = browser.get(f"/products/{spu.pk}/")
    token = TOKEN.search(page.content).group(1).decode()

    switched = browser.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token})

    assert switched.status_code == 302
    assert browser.get("/").content.count(b'lang="en"') == 1


def test_a_price_change_shows_on_the_next_page(catalog, store):
    spu = catalog.phone(store, prices=("5999.00", "6999.00"))
    assert b"5999.00" in visitor().get(f"/products/{spu.pk}/").content
    skus = [
        SkuInput(specs=sku.specs, price=sku.price - Decimal("1678.00"), market_price=sku.market_price)
        for sku in spu.skus.filter(is_active=True).order_by("pk")
    ]

    services.spu_update(spu=spu, by=UserFactory(), data={"skus": skus})  # committed: the test is transactional

    assert b"4321.00" in visitor().get(f"/products/{spu.pk}/").content


def test_a_store_closed_since_its_page_was_cached_is_a_404_at_once(catalog, store):
    catalog.phone(store)
    assert visitor().get(f"/stores/{store.pk}/").status_code == 200

    store.status = StoreStatus.CLOSED
    store.save(update_fields=["status"])  # committed: the test is transactional

    assert visitor().get(f"/stores/{store.pk}/").status_code == 404


def test_a_shoppers_own_heart_is_right_on_a_page_visitors_share(catalog, store):
    spu = catalog.phone(store)
    visitor().get(f"/products/{spu.pk}/")  # cached for visitors: an empty heart
    shopper = UserFactory(username="xiaohong")
    services.product_favourite_add(user=shopper, spu=spu)
    browser = Client()
    browser.force_login(shopper)

    page = browser.get(f"/products/{spu.pk}/").content.decode()

    assert 'aria-pressed="true"' in page and "已收藏" in page


def test_a_logged_in_shopper_gets_their_own_page(catalog, store):
    spu = catalog.phone(store)
    visitor().get(f"/products/{spu.pk}/")
    shopper = Client()
    shopper.force_login(UserFactory(username="xiaoming"))

    page = shopper.get(f"/products/{spu.pk}/")

    assert b"xiaoming" in page.content
    assert b"xiaoming" not in visitor().get(f"/products/{spu.pk}/").content


def test_a_visitor_with_a_message_waiting_gets_a_rendered_page(catalog, store, django_assert_num_queries):
    spu = catalog.phone(store)
    visitor().get(f"/products/{spu.pk}/")
    with_message = visitor()
    with_message.cookies["messages"] = "something"

    with django_assert_num_queries(0):
        visitor().get(f"/products/{spu.pk}/")
    with CaptureQueriesContext(connection) as rendered:
        assert with_message.get(f"/products/{spu.pk}/").status_code == 200
    assert len(rendered.captured_queries) > 0


def test_an_unknown_product_is_a_404_with_a_real_token(catalog, store):
    response = visitor().get("/products/999999/")

    assert response.status_code == 404
    assert b"storefront-csrf-token-placeholder" not in response.content
