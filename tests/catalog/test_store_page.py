"""A store's home page (/stores/<id>/) and the shopper's favourites on the pages: the hearts of the product and
store pages, and /me/favourites/."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from catalog import services, storefront_extras, views
from catalog.models import ImageKind, ProductFavourite, StoreFavourite
from stores.models import StoreStatus, StoreType
from tests.catalog.factories import StorefrontCategoryFactory
from tests.catalog.test_pages import png, titles
from tests.coupons.factories import coupon_template
from tests.factories import StoreFactory, UserFactory

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def member(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def categories(response) -> dict[str, int]:
    """The store page's category links as name -> count."""
    group = re.search(r'data-facet="category">.*?<ul>(.*?)</ul>', html(response), re.S)
    pairs = re.findall(r'<span class="facet-label">(.*?)</span> <span class="count">(\d+)</span>', group.group(1))
    return {name: int(count) for name, count in pairs}


@pytest.fixture
def shelves(catalog, store):
    """数码 > 手机 and 数码 > 配件 storefront categories; the store has two phones on sale, one off the shelf, and
    a phone case in accessories; another store has a phone of its own."""
    digital = StorefrontCategoryFactory(name="数码", backend_categories=[catalog.root])
    phones = StorefrontCategoryFactory(name="手机", parent=digital, backend_categories=[catalog.phones])
    StorefrontCategoryFactory(name="配件", parent=digital, backend_categories=[catalog.accessories])
    StorefrontCategoryFactory(name="家电")  # maps nothing: not among the store's categories
    cheap = catalog.phone(store, title="华为 nova 手机", prices=("1999.00", "2299.00"))
    dear = catalog.phone(store, title="华为 Mate 手机", prices=("5999.00", "6999.00"))
    off = catalog.phone(store, title="下架 手机")
    services.spu_take_off_shelf(spu=off, by=None)
    catalog.phone(StoreFactory(name="别家"), title="别家 手机")
    return {"digital": digital, "phones": phones, "cheap": cheap, "dear": dear}


# --- The store page


def test_the_store_page_shows_the_store_and_its_goods_on_shelf(client, shelves, store):
    response = client.get(f"/stores/{store.pk}/")

    assert response.status_code == 200
    page = html(response)
    assert f'<h1 class="page-title store-name">{store.name}</h1>' in page
    assert 'data-store-type="third_party">第三方商家</span>' in page
    assert sorted(titles(response)) == ["华为 Mate 手机", "华为 nova 手机"]  # not the one off the shelf, nor 别家's
    assert "收藏店铺" in page and f"/accounts/login/?next=/stores/{store.pk}/" in page  # a visitor logs in first
    assert 'class="store-rating"' not in page  # no rating provider plugged


def test_a_franchise_store_shows_the_hq_goods_it_lists(client, catalog):
    hq = StoreFactory(type=StoreType.SELF_OPERATED, name="HQ 自营")
    listed = catalog.phone(hq, title="HQ 一号 手机")
    catalog.phone(hq, title="HQ 二号 手机")
    franchise = StoreFactory(type=StoreType.FRANCHISE, name="西湖加盟店")
    services.listing_create(store=franchise, spu=listed, by=None)

    response = client.get(f"/stores/{franchise.pk}/")

    assert titles(response) == ["HQ 一号 手机"]
    assert "加盟店" in html(response)


@pytest.mark.parametrize("status", [StoreStatus.APPLYING, StoreStatus.FROZEN, StoreStatus.CLOSED])
def test_a_store_that_is_not_open_is_a_404_page(client, catalog, status):
    shut = StoreFactory(status=status)

    response = client.get(f"/stores/{shut.pk}/")

    assert response.status_code == 404
    assert 'href="/"' in html(response)
    assert client.get("/stores/999999/").status_code == 404


def test_the_categories_count_the_stores_goods_and_filter_them(client, shelves, store, catalog):
    accessory = catalog.phone(store, title="华为 手机壳")
    accessory.category = catalog.accessories
    accessory.save(update_fields=["category"])

    everything = client.get(f"/stores/{store.pk}/")
    phones = client.get(f"/stores/{store.pk}/c/{shelves['phones'].pk}/")

    assert categories(everything) == {"数码": 3, "手机": 2, "配件": 1}  # 家电 shows none of the store's goods
    assert sorted(titles(phones)) == ["华为 Mate 手机", "华为 nova 手机"]
    assert categories(phones) == {"数码": 3, "手机": 2, "配件": 1}  # the choice is shown among all of them
    assert f'href="/stores/{store.pk}/" class="selected"' in html(phones)  # choosing it again takes it off
    assert client.get(f"/stores/{store.pk}/c/999999/").status_code == 404


def test_the_store_page_sorts_like_a_listing_and_keeps_the_category(client, shelves, store):
    path = f"/stores/{store.pk}/c/{shelves['phones'].pk}/"

    low_first = client.get(path, {"ordering": "price"})
    high_first = client.get(path, {"ordering": "-price"})

    assert titles(low_first) == ["华为 nova 手机", "华为 Mate 手机"]
    assert titles(high_first) == ["华为 Mate 手机", "华为 nova 手机"]
    assert f'href="{path}?ordering=-price"' in html(low_first)
    # Another category keeps the order chosen.
    assert f'href="/stores/{store.pk}/c/{shelves["digital"].pk}/?ordering=price"' in html(low_first)


def test_the_store_page_is_paged_with_the_shared_pager(client, shelves, store, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 1)

    first = client.get(f"/stores/{store.pk}/", {"ordering": "price"})
    second = client.get(f"/stores/{store.pk}/", {"ordering": "price", "page": 2})

    assert titles(first) == ["华为 nova 手机"] and titles(second) == ["华为 Mate 手机"]
    assert '<span class="current">1 / 2</span>' in html(first)
    assert f'href="/stores/{store.pk}/?ordering=price&amp;page=2" rel="next"' in html(first)


def test_the_stores_claimable_coupons_are_claimed_from_its_page_and_back_to_it(client, shelves, store, shopper):
    mine = coupon_template(store=store, name="本店满100减10")
    coupon_template(store=store, name="隐藏券", public=False)
    coupon_template(store=StoreFactory(), name="别家券")
    coupon_template(name="平台券")

    visitor = html(client.get(f"/stores/{store.pk}/"))
    shopper_client = member(shopper)
    page = html(shopper_client.get(f"/stores/{store.pk}/?ordering=price"))
    claimed = shopper_client.post(
        f"/me/coupons/center/{mine.pk}/claim/", {"next": f"/stores/{store.pk}/?ordering=price"}
    )

    assert re.findall(r'data-coupon="(\d+)"', visitor) == [str(mine.pk)]  # the store's own public coupon only
    assert f"/accounts/login/?next=/stores/{store.pk}/" in visitor
    assert f'action="/me/coupons/center/{mine.pk}/claim/"' in page
    assert f'name="next" value="/stores/{store.pk}/?ordering=price"' in page
    assert claimed.status_code == 302 and claimed["Location"] == f"/stores/{store.pk}/?ordering=price"
    assert shopper.coupons.filter(template=mine).count() == 1


def test_a_plugged_rating_shows_on_the_store_page(client, store, monkeypatch):
    monkeypatch.setattr(storefront_extras, "_store_providers", dict(storefront_extras._store_providers))
    storefront_extras.register_store(
        field="rating", provider=lambda shop, at: {"average": "4.8", "count": 120} if shop == store else None
    )

    page = html(client.get(f"/stores/{store.pk}/"))
    other = html(client.get(f"/stores/{StoreFactory().pk}/"))

    assert 'data-rating="4.8"' in page and "4.8" in page and "120" in page
    assert 'class="store-rating"' not in other


def test_the_store_page_costs_the_same_queries_for_one_product_or_many(client, catalog, store):
    digital = StorefrontCategoryFactory(name="数码", backend_categories=[catalog.root])
    StorefrontCategoryFactory(name="手机", parent=digital, backend_categories=[catalog.phones])
    coupon_template(store=store, name="本店券")
    spu = catalog.phone(store, title="华为 手机 0")
    services.spu_image_add(spu=spu, by=None, image=png(), kind=ImageKind.MAIN)

    def queries(path) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    one = queries(f"/stores/{store.pk}/"), queries(f"/stores/{store.pk}/c/{digital.pk}/")
    for number in range(1, 6):
        spu = catalog.phone(store, title=f"华为 手机 {number}")
        services.spu_image_add(spu=spu, by=None, image=png(), kind=ImageKind.MAIN)
    # The store; the tree (the header's, and the store's categories); the mappings and the category counts; the
    # count, page and main images; the promotions for the labels; the coupons; the rating (the reviews center's);
    # the favourite count. The chosen category's mappings add one.
    assert (queries(f"/stores/{store.pk}/"), queries(f"/stores/{store.pk}/c/{digital.pk}/")) == one == (12, 13)


# --- Favourites on the pages


def test_the_product_page_links_its_store_and_shows_the_heart(client, catalog, store, shopper):
    spu = catalog.phone(store, title="华为 手机")
    services.product_favourite_add(user=UserFactory(), spu=spu)

    visitor = html(client.get(f"/products/{spu.pk}/"))
    shopper_client = member(shopper)
    shopper_client.post(f"/products/{spu.pk}/favourite/", {"favourite": "1", "next": f"/products/{spu.pk}/"})
    mine = html(shopper_client.get(f"/products/{spu.pk}/"))

    assert f'class="store-link" href="/stores/{store.pk}/"' in visitor
    assert "♡</span> 收藏</a>" in visitor and 'data-favourite-count="1"' in visitor
    assert "已收藏" in mine and 'aria-pressed="true"' in mine and 'data-favourite-count="2"' in mine
    assert 'name="favourite" value="0"' in mine  # the heart now takes it out again


def test_favouriting_goes_back_to_the_page_and_a_visitor_logs_in_first(client, catalog, store, shopper):
    spu = catalog.phone(store, title="华为 手机")
    shopper_client = member(shopper)

    visitor = client.post(f"/products/{spu.pk}/favourite/")
    added = shopper_client.post(f"/stores/{store.pk}/favourite/", {"next": f"/stores/{store.pk}/?ordering=price"})
    removed = shopper_client.post(f"/stores/{store.pk}/favourite/", {"favourite": "0"})

    assert visitor.status_code == 302 and visitor["Location"].startswith("/accounts/login/")
    assert not ProductFavourite.objects.exists()
    assert added["Location"] == f"/stores/{store.pk}/?ordering=price"
    assert removed["Location"] == f"/stores/{store.pk}/"
    assert not StoreFavourite.objects.exists()


def test_a_product_off_the_shelf_or_a_closed_store_cannot_be_favourited_from_a_page(catalog, store, shopper):
    off = catalog.phone(store, title="下架 手机")
    services.spu_take_off_shelf(spu=off, by=None)
    closed = StoreFactory(status=StoreStatus.CLOSED)
    shopper_client = member(shopper)

    product = shopper_client.post(f"/products/{off.pk}/favourite/", {"next": "/"})
    shop = shopper_client.post(f"/stores/{closed.pk}/favourite/")

    assert product.status_code == 302  # back, with the reason
    assert shop.status_code == 404
    assert not ProductFavourite.objects.exists() and not StoreFavourite.objects.exists()


def test_the_product_page_with_a_heart_costs_the_same_queries_for_a_member(catalog, store, shopper):
    small = catalog.phone(store, title="两款 手机", colours=("黑色",))
    large = catalog.phone(store, title="多款 手机", colours=("黑色", "白色", "蓝色"))
    services.product_favourite_add(user=shopper, spu=large)
    shopper_client = member(shopper)

    def queries(spu) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert shopper_client.get(f"/products/{spu.pk}/").status_code == 200
        return len(captured)

    assert queries(small) == queries(large)


def test_my_favourites_lists_products_and_stores_and_removes_one(catalog, store, shopper):
    kept = catalog.phone(store, title="在售 手机", prices=("1999.00", "2299.00"))
    gone = catalog.phone(store, title="下架 手机")
    services.product_favourite_add(user=shopper, spu=kept)
    services.product_favourite_add(user=shopper, spu=gone)
    services.spu_take_off_shelf(spu=gone, by=None)
    services.store_favourite_add(user=shopper, store=store)
    stranger_spu = catalog.phone(StoreFactory(), title="别人的 手机")
    services.product_favourite_add(user=UserFactory(), spu=stranger_spu)
    shopper_client = member(shopper)

    products = html(shopper_client.get("/me/favourites/"))
    stores = html(shopper_client.get("/me/favourites/?tab=stores"))
    removed = shopper_client.post(
        f"/products/{gone.pk}/favourite/", {"favourite": "0", "next": "/me/favourites/?tab=products"}
    )

    assert "我的收藏" in products and 'href="/me/favourites/"' in products
    assert f'href="/products/{kept.pk}/">在售 手机</a>' in products and "¥1999.00" in products
    assert (
        '<span class="favourite-title">下架 手机</span> <span class="badge unavailable-badge">已失效</span>' in products
    )
    assert "别人的 手机" not in products
    assert f'href="/stores/{store.pk}/">{store.name}</a>' in stores and "在售 手机" not in stores
    assert removed["Location"] == "/me/favourites/?tab=products"
    assert list(ProductFavourite.objects.filter(user=shopper).values_list("spu_id", flat=True)) == [kept.pk]


def test_my_favourites_are_paged(catalog, store, shopper, monkeypatch):
    monkeypatch.setattr(views, "FAVOURITES_PAGE_SIZE", 1)
    for number in range(3):
        services.product_favourite_add(user=shopper, spu=catalog.phone(store, title=f"手机 {number}"))

    page = html(member(shopper).get("/me/favourites/", {"tab": "products", "page": 2}))

    assert '<span class="current">2 / 3</span>' in page
    assert "手机 1" in page and "手机 2" not in page
