"""The storefront's pages for logged-in shoppers from the response cache (decision 0036): one rendering shared by
every shopper, with each answer's personal parts (greeting, unread and cart counts, favourite heart, CSRF token)
the asker's own, in a fixed number of indexed reads whatever the page's size."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from catalog import holes, services
from marketplace.notifications.models import Message, MessageKind
from marketplace.redis import redis_call
from orders.cart.services import cart_add
from tests.catalog.factories import StorefrontCategoryFactory
from tests.factories import OperatorFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PAGES = ["/", "/products/{spu}/", "/search/?q=手机", "/c/{category}/", "/stores/{store}/"]


@pytest.fixture(autouse=True)
def response_cache(settings):
    settings.CATALOG_RESPONSE_CACHE_SECONDS = 30


@pytest.fixture
def shop(catalog, store):
    category = StorefrontCategoryFactory(name="数码", backend_categories=[catalog.root])
    spu = catalog.phone(store, title="华为 手机 0")
    return {"spu": spu, "category": category, "store": store}


def browser(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def page(client: Client, path: str, shop: dict) -> str:
    response = client.get(path.format(spu=shop["spu"].pk, category=shop["category"].pk, store=shop["store"].pk))
    assert response.status_code == 200
    return response.content.decode()


def unread(user, count: int) -> None:
    for n in range(count):
        Message.objects.create(recipient=user, kind=MessageKind.ORDER_PAID, key=f"test-{n}")


@pytest.mark.parametrize("path", PAGES)
def test_two_shoppers_share_a_page_and_each_sees_only_their_own_parts(path, shop, django_assert_num_queries):
    xiaoming, xiaohong = UserFactory(username="xiaoming"), OperatorFactory(username="xiaohong")
    sku = shop["spu"].skus.first()
    cart_add(user=xiaoming, sku_id=sku.pk, quantity=3)
    unread(xiaohong, 2)
    services.product_favourite_add(user=xiaohong, spu=shop["spu"])
    services.store_favourite_add(user=xiaohong, store=shop["store"])

    first = page(browser(xiaoming), path, shop)  # rendered, and kept for every shopper
    second = page(browser(xiaohong), path, shop)  # from the cache

    assert "xiaoming" in first and "xiaohong" not in first
    assert "xiaohong" in second and "xiaoming" not in second
    assert 'data-testid="cart-count">3</span>' in first and 'data-testid="cart-count" hidden>0</span>' in second
    assert 'data-testid="unread-messages"' not in first and 'aria-label="2 条未读">2</span>' in second
    assert "/admin/" not in first and "/admin/" in second  # the operator's own link
    assert "<!--hole" not in first + second
    assert "storefront-csrf-token-placeholder" not in first + second
    assert not set(TOKEN.findall(first)) & set(TOKEN.findall(second))
    if "{spu}" in path or "{store}" in path:  # the heart: hers is on, his is off, the count is the same
        assert 'aria-pressed="false"' in first and 'data-favourite-count="1"' in first
        assert 'aria-pressed="true"' in second and 'data-favourite-count="1"' in second


def test_the_page_kept_in_the_cache_names_no_shopper(shop):
    page(browser(UserFactory(username="xiaoming")), "/products/{spu}/", shop)

    with redis_call() as client:
        bodies = [client.get(key) for key in client.keys("*catalog:storefront:response:*")]

    assert bodies and all(
        b"xiaoming" not in body and b'csrfmiddlewaretoken" value="storefront' in body
        for body in bodies
        if b"<html" in body
    )


def test_each_shoppers_token_is_accepted_by_the_forms_of_the_shared_page(shop):
    page(browser(UserFactory()), "/products/{spu}/", shop)
    client = browser(UserFactory(username="xiaohong"))
    tokens = TOKEN.findall(page(client, "/products/{spu}/", shop))  # the logout form's, the heart's, the cart's
    [token] = set(tokens)  # one token, put in every form of the page at once

    favourited = client.post(f"/products/{shop['spu'].pk}/favourite/", {"csrfmiddlewaretoken": token})
    logged_out = client.post(reverse("logout"), {"csrfmiddlewaretoken": token})

    assert len(tokens) >= 3 and "placeholder" not in token
    assert favourited.status_code == 302 and logged_out.status_code == 302


def test_a_shopper_with_a_message_waiting_sees_it_once(shop):
    page(browser(UserFactory()), "/products/{spu}/", shop)
    client = browser(UserFactory())
    token = TOKEN.findall(page(client, "/products/{spu}/", shop))[0]
    client.post(f"/products/{shop['spu'].pk}/favourite/", {"csrfmiddlewaretoken": token})

    assert "已加入收藏" in page(client, "/products/{spu}/", shop)
    assert "已加入收藏" not in page(client, "/products/{spu}/", shop)


def test_only_a_marker_with_the_secret_is_filled(rf):
    request = rf.get("/")
    request.user = UserFactory(username="xiaoming")
    forged = b"<p><!--hole 0123456789abcdef01234567 account --></p>"
    real = holes.marker("account", {}).encode()

    assert holes.fill_holes(request, forged, csrf_token="t") == forged
    assert b"xiaoming" in holes.fill_holes(request, real, csrf_token="t")


def test_each_marker_is_filled_in_its_place_and_the_pages_own_text_is_kept(rf):
    request = rf.get("/")
    request.user = UserFactory(username="xiaoming")
    real = holes.marker("account", {}).encode()
    unfinished = holes.marker("account", {}).encode().removesuffix(b"-->")
    page = "<p>你好</p>".encode() + real + "<p>购物车</p>".encode() + real + b"<p>" + unfinished + b"</p>"

    filled = holes.fill_holes(request, page, csrf_token="t")

    assert filled.startswith("<p>你好</p>".encode()) and "<p>购物车</p>".encode() in filled
    assert filled.count(b"xiaoming") == 2 and filled.count(holes.marker("account", {}).encode()) == 0
    assert filled.endswith(b"<p>" + unfinished + b"</p>")  # not a whole marker: left as the page wrote it


@pytest.mark.parametrize("path", PAGES)
def test_a_shoppers_cached_page_costs_the_same_few_queries_for_one_product_or_many(
    path, shop, catalog, django_assert_num_queries
):
    client = browser(UserFactory())
    catalog.phone(shop["store"], title="华为 手机 1")
    shopper = UserFactory()
    cart_add(user=shopper, sku_id=shop["spu"].skus.first().pk, quantity=1)
    page(client, path, shop)  # kept in the cache

    # The session; the shopper with their unread count, cart units and company in one statement (members.backends;
    # the company for a product's business terms, companies.storefront), and on a product's or store's page the
    # heart with them (member_read_about).
    expected = 2
    theirs = browser(shopper)
    with django_assert_num_queries(expected):
        page(theirs, path, shop)
    for n in range(2, 30):
        catalog.phone(shop["store"], title=f"华为 手机 {n}")
    page(client, path, shop)
    with django_assert_num_queries(expected):
        page(theirs, path, shop)


def test_a_shoppers_parts_follow_their_cart_and_heart_though_their_renderings_are_kept(shop):
    xiaoming, xiaohong = UserFactory(username="xiaoming"), UserFactory(username="xiaohong")
    sku = shop["spu"].skus.first()
    him, her = browser(xiaoming), browser(xiaohong)
    cart_add(user=xiaoming, sku_id=sku.pk, quantity=1)
    cart_add(user=xiaohong, sku_id=sku.pk, quantity=1)

    before = page(him, "/products/{spu}/", shop)
    cart_add(user=xiaoming, sku_id=sku.pk, quantity=1)
    services.product_favourite_add(user=xiaoming, spu=shop["spu"])
    after = page(him, "/products/{spu}/", shop)
    hers = page(her, "/products/{spu}/", shop)  # her counts are his of before: her own name all the same

    assert 'data-testid="cart-count">1</span>' in before and 'aria-pressed="false"' in before
    assert 'data-testid="cart-count">2</span>' in after and 'aria-pressed="true"' in after
    assert 'data-testid="cart-count">1</span>' in hers and "xiaohong" in hers and "xiaoming" not in hers
    assert 'aria-pressed="false"' in hers and 'data-favourite-count="1"' in hers


@pytest.mark.parametrize("path", ["/products/{spu}/", "/stores/{store}/"])
def test_the_heart_read_with_the_member_follows_each_favourite_at_once(path, shop, django_assert_num_queries):
    xiaoming, xiaohong = UserFactory(username="xiaoming"), UserFactory(username="xiaohong")
    client = browser(xiaoming)
    page(browser(xiaohong), path, shop)  # the shared page kept

    before = page(client, path, shop)
    services.product_favourite_add(user=xiaoming, spu=shop["spu"])
    services.store_favourite_add(user=xiaoming, store=shop["store"])
    services.product_favourite_add(user=xiaohong, spu=shop["spu"])
    services.store_favourite_add(user=xiaohong, store=shop["store"])
    with django_assert_num_queries(2):  # the session; the member with their counts and the heart
        after = page(client, path, shop)

    assert 'aria-pressed="false"' in before and 'data-favourite-count="0"' in before
    assert 'aria-pressed="true"' in after and 'data-favourite-count="2"' in after


def test_a_product_number_past_any_id_is_not_found_for_a_shopper(shop):
    client = browser(UserFactory())

    assert client.get("/products/99999999999999999999/").status_code == 404
    assert client.get("/stores/99999999999999999999/").status_code == 404
