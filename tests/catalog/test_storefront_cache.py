"""The storefront response cache (catalog.storefront_cache): a warm hit answers the same bytes without SQL, and
every committed write a shopper would see (price, stock, shelf status, promotion, coupon) shows in the very next
response. Writes run inside `django_capture_on_commit_callbacks(execute=True)`: the version moves on commit,
and the test's own transaction never commits."""

import random
from datetime import timedelta

import pytest
import redis.client
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog import services, storefront_cache
from catalog.services import SkuInput, StockLine
from promotions import services as promotion_services
from promotions.pricing import GoodsScope
from tests.catalog.test_images import picture
from tests.conftest import english_client
from tests.coupons.factories import coupon_template
from tests.factories import OperatorFactory, UserFactory

pytestmark = pytest.mark.django_db

PRODUCTS = "/api/v1/catalog/products/"


@pytest.fixture(autouse=True)
def response_cache(settings):
    """The cache on, under a version no earlier test or run stored anything for."""
    settings.CATALOG_RESPONSE_CACHE_SECONDS = 30
    storefront_cache._bump()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a write as if its transaction committed: its on-commit callbacks (the version bump) run."""

    def run(write, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(*args, **kwargs)

    return run


def test_a_warm_hit_answers_the_same_bytes_without_a_query(api, catalog, store, django_assert_num_queries):
    spu = catalog.phone(store)
    cold_list, cold_detail = api.get(PRODUCTS, {"page_size": 20}), api.get(f"{PRODUCTS}{spu.pk}/")

    with django_assert_num_queries(0):
        warm_list = api.get(PRODUCTS, {"page_size": 20})
    with django_assert_num_queries(0):
        warm_detail = api.get(f"{PRODUCTS}{spu.pk}/")

    assert (warm_list.status_code, warm_detail.status_code) == (200, 200)
    assert warm_list.content == cold_list.content
    assert warm_detail.content == cold_detail.content
    assert warm_list["Content-Type"] == cold_list["Content-Type"] == "application/json"
    assert warm_list.json()["results"][0]["id"] == spu.pk


def test_a_price_change_shows_in_the_next_list_and_detail(api, catalog, store, committed):
    spu = catalog.phone(store, prices=("5999.00", "6999.00"))
    assert api.get(PRODUCTS).json()["results"][0]["min_price"] == "5999.00"
    assert api.get(f"{PRODUCTS}{spu.pk}/").json()["min_price"] == "5999.00"
    skus = [
        SkuInput(specs=sku.specs, price=sku.price - 500, market_price=sku.market_price)
        for sku in spu.skus.filter(is_active=True).order_by("pk")
    ]

    committed(services.spu_update, spu=spu, by=UserFactory(), data={"skus": skus})

    assert api.get(PRODUCTS).json()["results"][0]["min_price"] == "5499.00"
    assert sorted(sku["price"] for sku in api.get(f"{PRODUCTS}{spu.pk}/").json()["skus"]) == ["5499.00", "6499.00"]


def test_a_reservation_shows_in_the_next_detail_and_a_sell_out_in_the_next_in_stock_list(
    api, catalog, store, committed
):
    spu = catalog.phone(store, stock=3)
    sku = spu.skus.order_by("pk").first()
    detail = f"{PRODUCTS}{spu.pk}/"

    def available():
        return {row["id"]: row["available"] for row in api.get(detail).json()["skus"]}[sku.pk]

    assert available() == 3
    assert [row["id"] for row in api.get(PRODUCTS, {"in_stock": 1}).json()["results"]] == [spu.pk]

    committed(services.stock_reserve, lines=[StockLine(sku_id=sku.pk, quantity=2)], reference="T1")
    assert available() == 1

    others = [StockLine(sku_id=other.pk, quantity=3) for other in spu.skus.exclude(pk=sku.pk)]
    committed(services.stock_reserve, lines=[StockLine(sku_id=sku.pk, quantity=1), *others], reference="T2")
    assert available() == 0
    assert api.get(PRODUCTS, {"in_stock": 1}).json()["results"] == []


def test_a_reservation_that_leaves_units_moves_its_products_entries_and_no_other(
    api, catalog, store, committed, django_assert_num_queries
):
    spu, other = catalog.phone(store, stock=3), catalog.phone(store, title="Mate 60", stock=3)
    sku = spu.skus.order_by("pk").first()
    detail, other_detail = f"{PRODUCTS}{spu.pk}/", f"{PRODUCTS}{other.pk}/"
    before = [api.get(path).content for path in (PRODUCTS, detail, other_detail)]

    committed(services.stock_reserve, lines=[StockLine(sku_id=sku.pk, quantity=2)], reference="T1")

    with django_assert_num_queries(0):  # orders all day do not empty the lists' entries, nor other products'
        assert [api.get(path).content for path in (PRODUCTS, other_detail)] == [before[0], before[2]]
    fresh = api.get(detail)
    assert fresh.content != before[1]
    assert {row["id"]: row["available"] for row in fresh.json()["skus"]}[sku.pk] == 1


def test_a_payment_shows_its_sales_on_the_products_page_at_once(catalog, store, committed):
    spu = catalog.phone(store, stock=3)
    sku = spu.skus.order_by("pk").first()
    page = f"/products/{spu.pk}/"
    committed(services.stock_reserve, lines=[StockLine(sku_id=sku.pk, quantity=2)], reference="T1")
    warehouse = sku.stocks.get().warehouse_id
    assert b"<dt>Sales</dt>" not in english_client().get(page).content

    committed(
        services.stock_commit, lines=[StockLine(sku_id=sku.pk, quantity=2, warehouse_id=warehouse)], reference="T1"
    )

    assert b"<dt>Sales</dt><dd>2</dd>" in english_client().get(page).content


def test_taking_a_product_off_the_shelf_empties_the_list_and_its_page(api, catalog, store, committed):
    spu = catalog.phone(store)
    assert api.get(PRODUCTS).json()["count"] == 1
    assert api.get(f"{PRODUCTS}{spu.pk}/").status_code == 200

    committed(services.spu_take_off_shelf, spu=spu, by=None)

    assert api.get(PRODUCTS).json()["count"] == 0
    assert api.get(f"{PRODUCTS}{spu.pk}/").status_code == 404


def test_a_new_or_stopped_promotion_and_a_new_coupon_show_in_the_next_responses(api, catalog, store, committed):
    spu = catalog.phone(store)
    detail = f"{PRODUCTS}{spu.pk}/"
    assert (api.get(detail).json()["promotions"], api.get(PRODUCTS).json()["results"][0]["tags"]) == ([], [])
    now = timezone.now()

    promotion = committed(
        promotion_services.promotion_create,
        store=store,
        by=OperatorFactory(),
        name="店庆满减",
        kind="full_reduction",
        rules={"tiers": [{"threshold": "300", "discount": "50"}]},
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=1),
        scope=GoodsScope(all=True),
    )
    assert [row["id"] for row in api.get(detail).json()["promotions"]] == [promotion.pk]
    assert api.get(PRODUCTS).json()["results"][0]["tags"] == ["Spend 300, save 50"]

    committed(promotion_services.promotion_stop, promotion=promotion, by=OperatorFactory())
    assert api.get(detail).json()["promotions"] == []
    assert api.get(PRODUCTS).json()["results"][0]["tags"] == []

    template = committed(coupon_template, store=store)
    assert [row["id"] for row in api.get(detail).json()["coupons"]] == [template.pk]


def test_a_write_rolled_back_leaves_the_cached_response_in_use(
    api, catalog, store, django_capture_on_commit_callbacks, django_assert_num_queries
):
    spu = catalog.phone(store)
    api.get(f"{PRODUCTS}{spu.pk}/")

    with django_capture_on_commit_callbacks(execute=False):  # the transaction never commits
        services.spu_take_off_shelf(spu=spu, by=None)

    with django_assert_num_queries(0):
        assert api.get(f"{PRODUCTS}{spu.pk}/").status_code == 200


def test_one_query_string_never_answers_for_another(api, catalog, store, django_assert_num_queries):
    first, second = catalog.phone(store, title="A 手机"), catalog.phone(store, title="B 手机")

    assert [row["id"] for row in api.get(f"{PRODUCTS}?page_size=1").json()["results"]] == [second.pk]
    assert [row["id"] for row in api.get(f"{PRODUCTS}?page_size=1&page=2").json()["results"]] == [first.pk]
    # The last of repeated values wins, so their order is part of the key.
    assert [row["id"] for row in api.get(f"{PRODUCTS}?page_size=1&page=2&page=1").json()["results"]] == [second.pk]
    assert [row["id"] for row in api.get(f"{PRODUCTS}?page_size=1&page=1&page=2").json()["results"]] == [first.pk]
    # The order of different parameters is not: the same query written otherwise is a hit.
    with django_assert_num_queries(0):
        reordered = api.get(f"{PRODUCTS}?page=2&page_size=1")
    assert [row["id"] for row in reordered.json()["results"]] == [first.pk]


def test_absolute_urls_are_cached_per_host(api, catalog, store, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "shop.example.com"]
    spu = catalog.phone(store)
    services.spu_image_add(spu=spu, by=None, image=picture(), kind="main")

    here = api.get(PRODUCTS).json()["results"][0]["main_image"]
    there = api.get(PRODUCTS, HTTP_HOST="shop.example.com").json()["results"][0]["main_image"]

    assert here.startswith("http://testserver/media/")
    assert there.startswith("http://shop.example.com/media/")


def test_each_language_has_its_own_entry(api, catalog, store):
    # Promotion labels are translated, so a Chinese page must not answer an English request or the reverse.
    catalog.phone(store)
    api.get(PRODUCTS)

    with CaptureQueriesContext(connection) as chinese:
        api.get(PRODUCTS, HTTP_ACCEPT_LANGUAGE="zh-hans")
    with CaptureQueriesContext(connection) as english:
        api.get(PRODUCTS)

    assert (len(chinese) > 0, len(english)) == (True, 0)


def test_a_bad_token_is_refused_and_a_shopper_sees_what_everyone_sees(api, catalog, store, shopper_api):
    spu = catalog.phone(store)
    anonymous = api.get(f"{PRODUCTS}{spu.pk}/")

    refused = english_client()
    refused.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")

    assert refused.get(f"{PRODUCTS}{spu.pk}/").status_code == 401
    assert shopper_api.get(f"{PRODUCTS}{spu.pk}/").content == anonymous.content


def test_the_rate_limit_still_counts_cached_answers(catalog, store, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": "2/min"},
    }
    catalog.phone(store)
    client = english_client()
    address = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"

    responses = [client.get(PRODUCTS, REMOTE_ADDR=address) for _ in range(3)]

    assert [response.status_code for response in responses] == [200, 200, 429]
    assert responses[2].json()["code"] == "throttled" and 0 < int(responses[2]["Retry-After"]) <= 60


def test_a_cached_answer_costs_one_redis_round_trip_rate_limit_included(catalog, store, monkeypatch):
    spu = catalog.phone(store)
    client = english_client()
    client.get(f"{PRODUCTS}{spu.pk}/")  # warm
    round_trips = []
    monkeypatch.setattr(redis.client.Pipeline, "execute", counted(redis.client.Pipeline.execute, round_trips))
    monkeypatch.setattr(redis.client.Redis, "execute_command", counted(redis.client.Redis.execute_command, round_trips))

    assert client.get(f"{PRODUCTS}{spu.pk}/").status_code == 200
    assert len(round_trips) == 1


def counted(method, calls: list):
    def wrapper(*args, **kwargs):
        calls.append(method.__name__)
        return method(*args, **kwargs)

    return wrapper


def test_without_redis_the_response_is_built_from_the_database(api, catalog, store, redis_down):
    spu = catalog.phone(store)

    assert api.get(f"{PRODUCTS}{spu.pk}/").json()["id"] == spu.pk
