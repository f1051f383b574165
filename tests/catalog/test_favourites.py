"""Favourites (收藏): the services and selectors, and the member API under /api/v1/me/favourites/."""

import pytest

from catalog import selectors, services
from catalog.exceptions import InvalidInput
from catalog.models import ProductFavourite, StoreFavourite
from stores.models import StoreStatus
from tests.conftest import client_for
from tests.factories import StoreFactory, UserFactory

pytestmark = pytest.mark.django_db

PRODUCTS = "/api/v1/me/favourites/products/"
STORES = "/api/v1/me/favourites/stores/"


# --- Services and selectors


def test_a_product_is_kept_once_however_often_it_is_added(catalog, store, shopper):
    spu = catalog.phone(store, title="华为 Mate 60 手机")

    first, created = services.product_favourite_add(user=shopper, spu=spu)
    again, created_again = services.product_favourite_add(user=shopper, spu=spu)

    assert (created, created_again) == (True, False)
    assert first.pk == again.pk
    assert ProductFavourite.objects.filter(user=shopper, spu=spu).count() == 1


def test_removing_a_favourite_says_whether_it_was_there(catalog, store, shopper):
    spu = catalog.phone(store, title="华为 Mate 60 手机")
    services.product_favourite_add(user=shopper, spu=spu)
    services.store_favourite_add(user=shopper, store=store)

    assert services.product_favourite_remove(user=shopper, spu_id=spu.pk) is True
    assert services.product_favourite_remove(user=shopper, spu_id=spu.pk) is False
    assert services.store_favourite_remove(user=shopper, store_id=store.pk) is True
    assert services.store_favourite_remove(user=shopper, store_id=store.pk) is False
    assert not ProductFavourite.objects.exists() and not StoreFavourite.objects.exists()


def test_only_goods_on_sale_and_open_stores_can_be_added(catalog, store, shopper):
    off = catalog.phone(store, title="下架 手机")
    off = services.spu_take_off_shelf(spu=off, by=None)
    frozen = StoreFactory(status=StoreStatus.FROZEN)

    with pytest.raises(InvalidInput) as product_error:
        services.product_favourite_add(user=shopper, spu=off)
    with pytest.raises(InvalidInput) as store_error:
        services.store_favourite_add(user=shopper, store=frozen)

    assert product_error.value.fields == {"spu": ["Not a product on sale."]}
    assert store_error.value.fields == {"store": ["Not an open store."]}
    assert not ProductFavourite.objects.exists() and not StoreFavourite.objects.exists()


def test_a_product_gone_off_the_shelf_stays_in_the_list_as_unavailable(catalog, store, shopper):
    kept = catalog.phone(store, title="在售 手机")
    gone = catalog.phone(store, title="下架 手机")
    services.product_favourite_add(user=shopper, spu=kept)
    services.product_favourite_add(user=shopper, spu=gone)
    services.store_favourite_add(user=shopper, store=store)
    services.spu_take_off_shelf(spu=gone, by=None)
    store.status = StoreStatus.CLOSED
    store.save(update_fields=["status"])

    products = {row.spu.title: row.available for row in selectors.member_product_favourites(user=shopper)}
    stores = [(row.store_id, row.available) for row in selectors.member_store_favourites(user=shopper)]

    assert products == {"在售 手机": False, "下架 手机": False}  # the store closed: nothing of it is on sale
    assert stores == [(store.pk, False)]


def test_the_list_is_the_members_own_newest_first(catalog, store, shopper):
    first = catalog.phone(store, title="一号 手机")
    second = catalog.phone(store, title="二号 手机")
    services.product_favourite_add(user=shopper, spu=first)
    services.product_favourite_add(user=shopper, spu=second)
    services.product_favourite_add(user=UserFactory(), spu=first)

    rows = list(selectors.member_product_favourites(user=shopper))

    assert [(row.spu.title, row.available) for row in rows] == [("二号 手机", True), ("一号 手机", True)]


def test_the_heart_counts_everyone_and_says_whether_it_is_mine(catalog, store, shopper):
    spu = catalog.phone(store, title="华为 手机")
    services.product_favourite_add(user=shopper, spu=spu)
    services.product_favourite_add(user=UserFactory(), spu=spu)
    stranger = UserFactory()

    assert selectors.product_favourite_state(spu_id=spu.pk, user=shopper) == selectors.FavouriteState(2, True)
    assert selectors.product_favourite_state(spu_id=spu.pk, user=stranger) == selectors.FavouriteState(2, False)
    assert selectors.product_favourite_state(spu_id=spu.pk) == selectors.FavouriteState(2, False)
    assert selectors.store_favourite_state(store_id=store.pk, user=shopper) == selectors.FavouriteState(0, False)


# --- API


def test_adding_a_product_answers_201_then_200_and_lists_it(catalog, store, shopper_api):
    spu = catalog.phone(store, title="华为 Mate 60 手机", prices=("5999.00", "6999.00"))

    created = shopper_api.post(PRODUCTS, {"spu": spu.pk}, format="json")
    again = shopper_api.post(PRODUCTS, {"spu": spu.pk}, format="json")
    listed = shopper_api.get(PRODUCTS).json()

    assert (created.status_code, again.status_code) == (201, 200)
    assert created.json()["spu"] == spu.pk
    assert listed["count"] == 1
    row = listed["results"][0]
    assert (row["title"], row["min_price"], row["store"], row["available"]) == (
        "华为 Mate 60 手机",
        "5999.00",
        {"id": store.pk, "name": store.name},
        True,
    )


def test_a_product_not_on_sale_or_unknown_is_a_validation_error_naming_spu(catalog, store, shopper_api):
    off = catalog.phone(store, title="下架 手机")
    services.spu_take_off_shelf(spu=off, by=None)

    for spu_id in (off.pk, 999999):
        response = shopper_api.post(PRODUCTS, {"spu": spu_id}, format="json")
        assert response.status_code == 400
        assert response.json()["code"] == "validation_error"
        assert "spu" in response.json()["fields"]
    assert not ProductFavourite.objects.exists()


def test_stores_are_added_listed_and_removed(store, shopper_api):
    closed = StoreFactory(status=StoreStatus.CLOSED)

    assert shopper_api.post(STORES, {"store": store.pk}, format="json").status_code == 201
    refused = shopper_api.post(STORES, {"store": closed.pk}, format="json")
    listed = shopper_api.get(STORES).json()

    assert refused.status_code == 400 and "store" in refused.json()["fields"]
    assert [(row["store"], row["name"], row["type"], row["available"]) for row in listed["results"]] == [
        (store.pk, store.name, "third_party", True)
    ]
    assert shopper_api.delete(f"{STORES}{store.pk}/").status_code == 204
    assert shopper_api.delete(f"{STORES}{store.pk}/").json()["code"] == "not_found"
    assert not StoreFavourite.objects.exists()


def test_another_members_favourites_are_never_seen_nor_removed(catalog, store, shopper, shopper_api):
    spu = catalog.phone(store, title="华为 手机")
    services.product_favourite_add(user=shopper, spu=spu)
    services.store_favourite_add(user=shopper, store=store)
    other = client_for(UserFactory())

    assert other.get(PRODUCTS).json()["count"] == 0
    assert other.get(STORES).json()["count"] == 0
    assert other.delete(f"{PRODUCTS}{spu.pk}/").status_code == 404
    assert other.delete(f"{STORES}{store.pk}/").status_code == 404
    assert ProductFavourite.objects.filter(user=shopper).count() == 1
    assert StoreFavourite.objects.filter(user=shopper).count() == 1


def test_a_visitor_is_asked_to_log_in(api, catalog, store):
    spu = catalog.phone(store, title="华为 手机")

    assert api.get(PRODUCTS).status_code == 401
    assert api.post(PRODUCTS, {"spu": spu.pk}, format="json").json()["code"] == "not_authenticated"
    assert not ProductFavourite.objects.exists()
