"""The storefront's browsing pages as a shopper meets them: home, storefront category, search and product pages."""

import json
import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from catalog import services, views
from catalog.models import ImageKind, StorefrontCategory
from marketplace.models import Banner, validate_banner_link
from stores.models import StoreStatus
from tests.catalog.factories import StorefrontCategoryFactory
from tests.factories import StoreFactory, UserFactory

pytestmark = pytest.mark.django_db


def png(name="picture.png", size=(40, 40), colour=(200, 30, 30)) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def html(response) -> str:
    return response.content.decode()


def titles(response) -> list[str]:
    """The product cards' titles, in the order shown."""
    return re.findall(r'<span class="product-title">(.*?)</span>', html(response))


def facet(response, key: str) -> dict[str, int]:
    """One facet group's links as label -> count; `key` is "brand" or "attr-<attribute id>"."""
    group = re.search(rf'data-facet="{key}">.*?<ul>(.*?)</ul>', html(response), re.S)
    assert group, f"no facet {key}"
    pairs = re.findall(r'<span class="facet-label">(.*?)</span> <span class="count">(\d+)</span>', group.group(1))
    return {label: int(count) for label, count in pairs}


def facet_href(response, label: str) -> str:
    match = re.search(rf'<a href="([^"]+)"[^>]*><span class="facet-label">{re.escape(label)}</span>', html(response))
    assert match, f"no facet link {label}"
    return match.group(1).replace("&amp;", "&")


@pytest.fixture
def phones(catalog, store):
    """数码 storefront category with two Huawei phones and an Apple one; plus a category that shows nothing."""
    digital = StorefrontCategoryFactory(name="数码", backend_categories=[catalog.root])
    mate = catalog.phone(store, title="华为 Mate 60 Pro 手机", prices=("5999.00", "6999.00"))
    nova = catalog.phone(store, title="华为 nova 12 手机", prices=("2999.00", "3299.00"), screen="6.1英寸", stock=0)
    iphone = catalog.phone(store, title="苹果 iPhone 15 手机", brand=catalog.apple, prices=("5399.00", "6199.00"))
    return {"digital": digital, "mate": mate, "nova": nova, "iphone": iphone}


# --- Category listing


def test_a_category_page_shows_its_goods_with_lowest_price_and_struck_market_price(client, phones, catalog, store):
    catalog.phone(store, title="草稿 手机", approve=False)

    response = client.get(f"/c/{phones['digital'].pk}/")

    assert response.status_code == 200
    page = html(response)
    assert '<html lang="zh-hans">' in page
    assert '<h1 class="page-title">数码</h1>' in page
    assert sorted(titles(response)) == ["华为 Mate 60 Pro 手机", "华为 nova 12 手机", "苹果 iPhone 15 手机"]
    assert '<strong class="price">¥5999.00</strong> <s class="market-price">¥6999.00</s>' in page
    assert "草稿 手机" not in page


def test_the_facets_count_the_matching_goods_and_link_to_the_filtered_page(client, phones, catalog):
    listing = client.get(f"/c/{phones['digital'].pk}/", {"ordering": "price"})

    assert facet(listing, "brand") == {"华为": 2, "苹果": 1}
    assert facet(listing, f"attr-{catalog.screen.pk}") == {"6.7英寸": 2, "6.1英寸": 1}

    href = facet_href(listing, "华为")
    assert href == f"/c/{phones['digital'].pk}/?brand={catalog.huawei.pk}&ordering=price"  # the order is kept
    filtered = client.get(href)

    assert titles(filtered) == ["华为 nova 12 手机", "华为 Mate 60 Pro 手机"]  # price, low to high
    assert re.search(r'class="chip" href="[^"]*"[^>]*>华为 <span', html(filtered))  # the chosen filter, removable
    # Choosing the brand again removes it.
    assert facet_href(filtered, "华为") == f"/c/{phones['digital'].pk}/?ordering=price"


def test_attribute_price_and_stock_filters_narrow_the_list_as_the_api_does(client, phones, catalog):
    path = f"/c/{phones['digital'].pk}/"

    assert titles(client.get(path, {"attr": f"{catalog.screen.pk}:6.1英寸"})) == ["华为 nova 12 手机"]
    assert sorted(titles(client.get(path, {"price_min": "5000", "price_max": "5500"}))) == ["苹果 iPhone 15 手机"]
    assert "华为 nova 12 手机" not in titles(client.get(path, {"in_stock": "1"}))  # its stock is 0
    api = client.get("/api/v1/catalog/products/", {"category": phones["digital"].pk, "in_stock": "true"}).json()
    assert sorted(titles(client.get(path, {"in_stock": "1"}))) == sorted(row["title"] for row in api["results"])


def test_sorting_by_price_both_ways(client, phones):
    path = f"/c/{phones['digital'].pk}/"

    assert titles(client.get(path, {"ordering": "price"})) == [
        "华为 nova 12 手机",
        "苹果 iPhone 15 手机",
        "华为 Mate 60 Pro 手机",
    ]
    assert titles(client.get(path, {"ordering": "-price"})) == [
        "华为 Mate 60 Pro 手机",
        "苹果 iPhone 15 手机",
        "华为 nova 12 手机",
    ]


def test_pages_of_results_link_to_each_other_keeping_the_filters(client, catalog, store, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for number in range(5):
        catalog.phone(store, title=f"华为 畅享 {number} 手机", stock=0 if number else 5)
    category = StorefrontCategoryFactory(name="数码", backend_categories=[catalog.root])

    first = client.get(f"/c/{category.pk}/", {"brand": catalog.huawei.pk, "ordering": "-created"})

    assert len(titles(first)) == 2
    assert 'aria-current="page">1</span>' in html(first)
    assert f'href="/c/{category.pk}/?brand={catalog.huawei.pk}&amp;ordering=-created&amp;page=3"' in html(first)
    last = client.get(f"/c/{category.pk}/", {"brand": catalog.huawei.pk, "ordering": "-created", "page": 3})
    assert titles(last) == ["华为 畅享 0 手机"]


def test_an_unknown_or_inactive_category_is_a_404_page(client, catalog):
    hidden = StorefrontCategoryFactory(name="下线", is_active=False)
    below_hidden = StorefrontCategoryFactory(name="子类", parent=hidden)

    for path in ("/c/999999/", f"/c/{hidden.pk}/", f"/c/{below_hidden.pk}/"):
        response = client.get(path)
        assert response.status_code == 404
        assert "text/html" in response["Content-Type"]


def test_addresses_the_page_cannot_read_are_forgiven_not_refused(client, phones):
    response = client.get(
        f"/c/{phones['digital'].pk}/",
        {
            "brand": ["abc", "-1"],
            "attr": ["x", "1"],
            "price_min": "cheap",
            "price_max": "NaN",
            "page": "999",
            "ordering": "?",
        },
    )

    assert response.status_code == 200
    assert len(titles(response)) == 3  # every filter left out; the last page shown


def test_a_category_page_costs_the_same_queries_for_one_product_or_many(client, catalog, store):
    category = StorefrontCategoryFactory(name="数码", backend_categories=[catalog.root])
    StorefrontCategoryFactory(name="手机", parent=category, backend_categories=[catalog.phones])
    spu = catalog.phone(store, title="华为 手机 0")
    services.spu_image_add(spu=spu, by=None, image=png(), kind=ImageKind.MAIN)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/c/{category.pk}/", {"brand": catalog.huawei.pk}).status_code == 200
        return len(captured)

    one = queries()
    for number in range(1, 6):
        spu = catalog.phone(store, title=f"华为 手机 {number}")
        services.spu_image_add(spu=spu, by=None, image=png(), kind=ImageKind.MAIN)
    # The tree (one for the nav, breadcrumbs and children), the mappings, count, page, main images, two facet
    # aggregates, the chosen brand's name, and the live promotions for the cards' labels.
    assert queries() == one == 9


# --- Search


def test_search_finds_by_title_and_explains_an_empty_result(client, phones):
    found = client.get("/search/", {"q": "华为 手机"})

    assert sorted(titles(found)) == ["华为 Mate 60 Pro 手机", "华为 nova 12 手机"]
    assert 'value="华为 手机"' in html(found)  # the words stay in the search box

    empty = client.get("/search/", {"q": "洗衣机"})
    assert empty.status_code == 200
    assert titles(empty) == []
    assert 'class="empty"' in html(empty)
    assert "洗衣机" in html(empty)


def test_search_with_filters_that_leave_nothing_offers_to_clear_them(client, phones, catalog):
    response = client.get("/search/", {"q": "华为", "brand": catalog.apple.pk})

    assert titles(response) == []
    assert 'class="clear" href="/search/?q=%E5%8D%8E%E4%B8%BA"' in html(response)


def test_the_store_filter_shows_the_goods_a_store_sells(client, phones, catalog):
    other = StoreFactory(name="别家小店")
    catalog.phone(other, title="别家 手机")

    response = client.get("/search/", {"store": other.pk})

    assert titles(response) == ["别家 手机"]
    assert "别家小店" in html(response)  # the chosen store, as a removable filter


# --- Product page


def test_the_product_page_shows_what_a_shopper_decides_on(client, catalog, store):
    spu = catalog.phone(store, title="华为 Mate 60 Pro 手机", prices=("5999.00", "6999.00"), colours=("黑色", "白色"))
    services.spu_image_add(spu=spu, by=None, image=png("main.png"), kind=ImageKind.MAIN)
    services.spu_image_add(spu=spu, by=None, image=png("detail.png"), kind=ImageKind.DETAIL)
    services.spu_image_add(spu=spu, by=None, image=png("white.png"), kind=ImageKind.SPEC, spec_value="白色")

    response = client.get(f"/products/{spu.pk}/")

    assert response.status_code == 200
    page = html(response)
    assert '<h1 class="product-name">华为 Mate 60 Pro 手机</h1>' in page
    assert '<strong class="price" id="price">¥5999.00</strong><span class="price-from"' in page  # the lowest, "from"
    assert store.name in page and "华为" in page
    assert "<dt>屏幕</dt><dd>6.7英寸</dd>" in page
    assert page.count('class="thumbnail') - page.count('class="thumbnails') == 2  # main and detail pictures
    assert 'data-value="白色"' in page and 'data-value="256G"' in page
    data = json.loads(re.search(r'<script id="product-data" type="application/json">(.*?)</script>', page, re.S)[1])
    prices = {(sku["specs"]["颜色"], sku["specs"]["内存"]): (sku["price"], sku["available"]) for sku in data["skus"]}
    assert prices == {
        ("黑色", "128G"): ("5999.00", 10),
        ("黑色", "256G"): ("6999.00", 10),
        ("白色", "128G"): ("5999.00", 10),
        ("白色", "256G"): ("6999.00", 10),
    }
    colour = data["specs"][0]
    assert [value["value"] for value in colour["values"]] == ["黑色", "白色"]
    assert colour["values"][1]["image"]["url"].startswith("/media/")
    assert colour["values"][0]["image"] is None
    assert 'action="/cart/add/"' in page and 'formaction="/checkout/buy-now/"' in page  # a visitor's cart, or buy


def test_an_off_shelf_unknown_or_closed_store_product_is_a_404_page(client, catalog, store):
    off = catalog.phone(store, title="下架 手机")
    services.spu_take_off_shelf(spu=off, by=None)
    draft = catalog.phone(store, title="草稿 手机", approve=False)
    frozen = catalog.phone(StoreFactory(status=StoreStatus.FROZEN), title="冻结店 手机")

    for spu_id in (off.pk, draft.pk, frozen.pk, 999999):
        response = client.get(f"/products/{spu_id}/")
        assert response.status_code == 404
        assert "text/html" in response["Content-Type"]
        assert 'href="/"' in html(response)  # a way back home, not a bare error


def test_the_product_page_costs_the_same_queries_for_two_skus_or_twelve(client, catalog, store):
    small = catalog.phone(store, title="两款 手机", colours=("黑色",))
    large = catalog.phone(store, title="多款 手机", colours=("黑色", "白色", "蓝色"))

    def queries(spu) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/products/{spu.pk}/").status_code == 200
        return len(captured)

    # The product, its attributes, SKUs with stock, images; the live promotions, the claimable coupons, the
    # flash-sale sessions, the group buys, running auctions and presales (one statement); the favourite count; the
    # header's category tree; and the reviews section's rating and count (no reviews: no rows or photos to read;
    # tests/reviews/test_pages.py pins it with reviews).
    assert queries(small) == queries(large) == 12


def test_the_page_token_lets_a_logged_in_shopper_add_to_the_cart_through_the_api(catalog, store):
    """What product.js does: read the form's CSRF token and post to the cart API with the session."""
    spu = catalog.phone(store)
    shopper = UserFactory()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(shopper)
    page = html(browser.get(f"/products/{spu.pk}/"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    assert 'data-cart-url="/api/v1/cart/items/"' in page
    sku = spu.skus.order_by("pk").first()

    refused = browser.post("/api/v1/cart/items/", {"sku": sku.pk, "quantity": 2}, content_type="application/json")
    added = browser.post(
        "/api/v1/cart/items/", {"sku": sku.pk, "quantity": 2}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )

    assert refused.status_code == 403  # no token, no write
    assert added.status_code == 201
    assert added.json()["count"] == 2


# --- Home


def test_home_shows_effective_banners_categories_and_recommended_goods(client, catalog, store):
    now = timezone.now()
    Banner.objects.create(title="开学季", image=png(), link="/c/1/", sort_order=2)
    Banner.objects.create(title="新品首发", image=png(), sort_order=1, starts_at=now - timedelta(days=1))
    Banner.objects.create(title="已结束", image=png(), ends_at=now - timedelta(minutes=1))
    Banner.objects.create(title="明天开始", image=png(), starts_at=now + timedelta(days=1))
    Banner.objects.create(title="已停用", image=png(), is_active=False)
    digital = StorefrontCategoryFactory(name="数码", backend_categories=[catalog.root])
    StorefrontCategoryFactory(name="手机", parent=digital, backend_categories=[catalog.phones])
    best = catalog.phone(store, title="畅销 手机")
    best.sales = 50
    best.save(update_fields=["sales"])
    catalog.phone(store, title="新品 手机")

    response = client.get("/")

    page = html(response)
    shown = re.findall(r"<figcaption>(.*?)</figcaption>", page)
    assert shown == ["新品首发", "开学季"]
    assert f'href="/c/{digital.pk}/"' in page and ">手机</a>" in page
    assert titles(response) == ["畅销 手机", "新品 手机"]


def test_a_banner_link_must_be_a_site_path_or_a_web_address():
    for good in ("/c/3/", "https://example.com/sale", ""):
        if good:
            validate_banner_link(good)
    for bad in ("javascript:alert(1)", "//evil.example/", "data:text/html,hi"):
        with pytest.raises(ValidationError):
            validate_banner_link(bad)


def test_the_header_nav_lists_top_level_categories_with_their_children(client, catalog):
    digital = StorefrontCategoryFactory(name="数码", backend_categories=[catalog.root])
    StorefrontCategoryFactory(name="手机", parent=digital)
    StorefrontCategoryFactory(name="下线类目", is_active=False)

    page = html(client.get("/search/"))

    nav = re.search(r'<nav class="category-nav".*?</nav>', page, re.S)[0]
    assert ">数码</a>" in nav and ">手机</a>" in nav and "下线类目" not in nav
    assert StorefrontCategory.objects.count() == 3


def test_the_product_page_shows_its_live_promotion_and_the_list_its_label(client, catalog, store):
    from datetime import timedelta

    from django.utils import timezone

    from promotions import services as promotion_services
    from promotions.pricing import GoodsScope
    from tests.factories import OperatorFactory

    spu = catalog.phone(store)
    promotion_services.promotion_create(
        store=store,
        by=OperatorFactory(),
        name="满5000减300",
        kind="full_reduction",
        rules={"tiers": [{"threshold": "5000", "discount": "300"}]},
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() + timedelta(days=1),
        scope=GoodsScope(all=True),
    )

    page = html(client.get(f"/products/{spu.pk}/"))
    listing_page = html(client.get("/search/", {"q": "华为"}))

    assert "满5000减300" in page
    assert 'class="tag"' in listing_page


@pytest.mark.parametrize("junk", ["9" * 5000, "²", "١٢"])
def test_a_listing_reads_numbers_that_are_not_numbers_as_no_filter(client, catalog, store, junk):
    """Issue 13's walk as an attacker: ids in the address that str.isdigit() takes and int() refuses were a 500."""
    catalog.phone(store)
    response = client.get(f"/search/?brand={junk}&store={junk}&attr={junk}:黑色")
    assert response.status_code == 200
    assert "华为 Mate 60 Pro 手机" in response.content.decode()  # no filter read: the phone is listed
