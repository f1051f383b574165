"""The seller backend's pages for franchise and direct stores, which sell HQ's catalogue instead of publishing
(seed 004): browse HQ's products on sale and list one, the store's listings with stop selling / list again, and
stock of a listed product in the store's own warehouses. Roles as in the API: owners and managers list and
remove, clerks look; another store's listing is not found; other kinds of store are told the pages are not theirs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Spu, Stock, StoreListing
from stores.models import StaffRole, StoreType
from tests.factories import MembershipFactory, StoreFactory, WarehouseFactory
from tests.stores.seller import html, seller_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def hq(db):
    return StoreFactory(type=StoreType.SELF_OPERATED, name="HQ 自营")


@pytest.fixture
def franchise(db):
    return StoreFactory(type=StoreType.FRANCHISE, name="西湖加盟店")


@pytest.fixture
def client(franchise):
    return seller_client(MembershipFactory(store=franchise, role=StaffRole.OWNER).user)


@pytest.fixture
def clerk(franchise):
    return seller_client(MembershipFactory(store=franchise, role=StaffRole.CLERK).user)


def row(response, element_id: str) -> str:
    """The table row <tr id="element_id"> of a page."""
    return html(response).split(f'<tr id="{element_id}">')[1].split("</tr>")[0]


def test_a_franchise_owner_lists_an_hq_product_and_finds_it_in_my_listings(client, franchise, hq, catalog):
    spu = catalog.phone(hq, stock=10)
    catalogue = client.get("/seller/hq-catalogue/")
    assert catalogue.status_code == 200
    assert "Not listed" in row(catalogue, f"hq-product-{spu.pk}")
    assert "List it" in row(catalogue, f"hq-product-{spu.pk}")

    response = client.post("/seller/listings/new/", {"spu": spu.pk, "next": "/seller/hq-catalogue/?q=Mate"})

    assert response.status_code == 302 and response["Location"] == "/seller/hq-catalogue/?q=Mate"
    listing = StoreListing.objects.get(store=franchise)
    assert (listing.spu_id, listing.is_active) == (spu.pk, True)
    assert "Listed" in row(client.get("/seller/hq-catalogue/"), f"hq-product-{spu.pk}")
    mine = row(client.get("/seller/listings/"), f"listing-{listing.pk}")
    assert spu.title in mine and "Selling" in mine and f"/seller/products/{spu.pk}/stock/" in mine


def test_the_catalogue_shows_only_hqs_products_on_sale_searched_by_title_a_page_at_a_time(client, hq, catalog):
    for n in range(22):
        catalog.phone(hq, title=f"华为 {n} 号 手机", stock=0)
    catalog.phone(hq, title="小米 14 手机", stock=0)
    catalog.phone(hq, title="HQ 草稿 手机", stock=0, approve=False)
    catalog.phone(StoreFactory(), title="第三方 手机", stock=0)

    first = html(client.get("/seller/hq-catalogue/"))
    assert first.count('<tr id="hq-product-') == 20 and "1 / 2" in first
    assert html(client.get("/seller/hq-catalogue/?page=2")).count('<tr id="hq-product-') == 3
    found = html(client.get("/seller/hq-catalogue/?q=小米"))
    assert found.count('<tr id="hq-product-') == 1 and "小米 14 手机" in found
    everything = html(client.get("/seller/hq-catalogue/?q=手机&page=2"))
    assert "草稿" not in first + everything and "第三方" not in first + everything


def test_stop_selling_then_list_again(client, franchise, hq, catalog):
    spu = catalog.phone(hq, stock=0)
    client.post("/seller/listings/new/", {"spu": spu.pk})
    listing = StoreListing.objects.get(store=franchise)

    assert client.post(f"/seller/listings/{listing.pk}/remove/").status_code == 302
    listing.refresh_from_db()
    assert not listing.is_active
    assert f'<tr id="listing-{listing.pk}">' not in html(client.get("/seller/listings/?state=active"))
    removed = row(client.get("/seller/listings/?state=removed"), f"listing-{listing.pk}")
    assert "Removed" in removed and "List again" in removed
    assert "Not listed" in row(client.get("/seller/hq-catalogue/"), f"hq-product-{spu.pk}")

    assert client.post(f"/seller/listings/{listing.pk}/relist/").status_code == 302
    listing.refresh_from_db()
    assert listing.is_active and StoreListing.objects.count() == 1


def test_a_listed_product_is_stocked_in_the_stores_own_warehouses(client, franchise, hq, catalog):
    spu = catalog.phone(hq, stock=10)
    sku = spu.skus.order_by("pk").first()
    warehouse = WarehouseFactory(store=franchise, name="西湖仓")
    assert client.get(f"/seller/products/{spu.pk}/stock/").status_code == 404  # not listed yet
    client.post("/seller/listings/new/", {"spu": spu.pk})
    page = html(client.get(f"/seller/products/{spu.pk}/stock/"))
    assert "西湖仓" in page and "/seller/listings/" in page

    response = client.post(
        f"/seller/products/{spu.pk}/stock/", {"sku": sku.pk, "warehouse": warehouse.pk, "delta": 6, "reason": "配货"}
    )

    assert response.status_code == 302
    assert Stock.objects.get(sku=sku, warehouse=warehouse).on_hand == 6
    assert Spu.objects.get(pk=spu.pk).stock == 20  # HQ's own stock: the franchise's 6 are the franchise's
    listing = StoreListing.objects.get(store=franchise)
    assert '<td class="num">6</td>' in row(client.get("/seller/listings/"), f"listing-{listing.pk}")
    client.post(f"/seller/listings/{listing.pk}/remove/")
    assert client.get(f"/seller/products/{spu.pk}/stock/").status_code == 404


def test_a_clerk_looks_but_does_not_list_remove_or_stock(client, clerk, franchise, hq, catalog):
    listed, other = catalog.phone(hq, stock=0), catalog.phone(hq, title="另一款 手机", stock=0)
    client.post("/seller/listings/new/", {"spu": listed.pk})
    listing = StoreListing.objects.get(store=franchise)
    warehouse = WarehouseFactory(store=franchise)

    catalogue = clerk.get("/seller/hq-catalogue/")
    assert catalogue.status_code == 200 and "List it" not in html(catalogue)
    mine = clerk.get("/seller/listings/")
    assert mine.status_code == 200 and listed.title in html(mine)
    assert "Stop selling" not in html(mine)

    assert clerk.post("/seller/listings/new/", {"spu": other.pk}).status_code == 403
    assert clerk.post(f"/seller/listings/{listing.pk}/remove/").status_code == 403
    stock = {"sku": listed.skus.first().pk, "warehouse": warehouse.pk, "delta": 5, "reason": "x"}
    clerk.post(f"/seller/products/{listed.pk}/stock/", stock)
    assert StoreListing.objects.filter(store=franchise, is_active=True).count() == 1
    assert not Stock.objects.filter(warehouse=warehouse).exists()


def test_a_manager_lists_and_removes_like_the_owner(franchise, hq, catalog):
    manager = seller_client(MembershipFactory(store=franchise, role=StaffRole.MANAGER).user)
    spu = catalog.phone(hq, stock=0)
    assert manager.post("/seller/listings/new/", {"spu": spu.pk}).status_code == 302
    listing = StoreListing.objects.get(store=franchise)
    assert manager.post(f"/seller/listings/{listing.pk}/remove/").status_code == 302
    assert not StoreListing.objects.get(pk=listing.pk).is_active


@pytest.mark.parametrize("kind", [StoreType.THIRD_PARTY, StoreType.SELF_OPERATED])
def test_a_store_that_publishes_its_own_goods_is_refused_with_a_reason(kind, hq, catalog):
    spu = catalog.phone(hq, stock=0)
    store = hq if kind == StoreType.SELF_OPERATED else StoreFactory(type=kind)
    client = seller_client(MembershipFactory(store=store, role=StaffRole.OWNER).user)

    for response in (
        client.get("/seller/hq-catalogue/"),
        client.get("/seller/listings/"),
        client.post("/seller/listings/new/", {"spu": spu.pk}),
    ):
        assert response.status_code == 403
        assert "Only franchise and direct stores list HQ&#x27;s products" in html(response)
    assert not StoreListing.objects.exists()
    assert "/seller/hq-catalogue/" not in html(client.get("/seller/products/"))


def test_another_stores_listing_is_not_found(client, franchise, hq, catalog):
    spu = catalog.phone(hq, stock=0)
    direct = StoreFactory(type=StoreType.DIRECT)
    theirs = StoreListing.objects.create(store=direct, spu=spu)

    for action in ("remove", "relist"):
        assert client.post(f"/seller/listings/{theirs.pk}/{action}/").status_code == 404
    assert f"listing-{theirs.pk}" not in html(client.get("/seller/listings/"))
    assert StoreListing.objects.get(pk=theirs.pk).is_active


@pytest.mark.parametrize("body", [{}, {"spu": "x"}, {"spu": "999999"}])
def test_listing_nothing_or_an_unknown_product_is_not_found(client, body):
    assert client.post("/seller/listings/new/", body).status_code == 404


def test_a_product_not_for_listing_is_refused_with_the_services_message(client, franchise, catalog):
    third_party = catalog.phone(StoreFactory(), title="第三方 手机", stock=0)
    response = client.post("/seller/listings/new/", {"spu": third_party.pk}, follow=True)
    assert "Only HQ&#x27;s products on sale can be listed." in html(response)
    assert not StoreListing.objects.exists()
    assert client.post("/seller/listings/1/delete/").status_code == 404


def test_the_nav_offers_listing_instead_of_publishing(client, franchise):
    page = html(client.get("/seller/"))
    assert "/seller/listings/" in page and "/seller/hq-catalogue/" in page
    assert 'href="/seller/products/"' not in page
    products = html(client.get("/seller/products/"))
    assert "/seller/products/new/" not in products and "/seller/hq-catalogue/" in products


def test_the_pages_run_a_fixed_number_of_queries(client, hq, catalog):
    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    spu = catalog.phone(hq, title="一号 手机", stock=0)
    client.post("/seller/listings/new/", {"spu": spu.pk})
    few = queries("/seller/hq-catalogue/"), queries("/seller/listings/")
    for n in range(4):
        spu = catalog.phone(hq, title=f"{n} 号 手机", stock=0)
        client.post("/seller/listings/new/", {"spu": spu.pk})
    # Catalogue: the session, the user and their membership; the page's count, its rows with their listing state and the
    # pictures; the header's unread messages. Listings: the same, and the tab counts (the store's stock of each is in
    # the rows' query).
    assert (queries("/seller/hq-catalogue/"), queries("/seller/listings/")) == few == (7, 8)


def test_the_dashboards_restock_link_of_a_listed_product_opens_its_stock_page(client, franchise, hq, catalog):
    spu = catalog.phone(hq, stock=0)
    spu.skus.update(low_stock_threshold=5)
    client.post("/seller/listings/new/", {"spu": spu.pk})
    sku = spu.skus.order_by("pk").first()

    link = f"/seller/products/{spu.pk}/stock/?sku={sku.pk}"
    assert link in html(client.get("/seller/"))
    assert client.get(link).status_code == 200
