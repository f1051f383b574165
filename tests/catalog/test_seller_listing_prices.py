"""The listing store's own prices (issue 15 item 1, decisions 0037 and 0041): where HQ allows it, an owner or manager
sets the store's price of each SKU on the listing's price page, never below HQ's floor; an empty price goes back to
HQ's; a clerk looks; where HQ sets the price the page says so and a price sent anyway changes nothing."""

from decimal import Decimal

import pytest

from catalog.models import ListingPrice, StoreListing
from stores.models import StaffRole
from tests.factories import MembershipFactory
from tests.orders.o2o import listed_phone
from tests.stores.seller import html, seller_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed():
    listed = listed_phone()
    StoreListing.objects.filter(pk=listed.listing.pk).update(store_price_allowed=True, price_floor_percent=90)
    return listed


def staff(listed, role):
    return seller_client(MembershipFactory(store=listed.franchise, role=role).user)


def test_a_manager_sets_the_stores_price_within_the_floor_and_the_listings_page_links_it(listed):
    manager = staff(listed, StaffRole.MANAGER)
    url = f"/seller/listings/{listed.listing.pk}/prices/"
    assert url in html(manager.get("/seller/listings/"))
    page = manager.get(url)
    assert page.status_code == 200
    assert "¥5999.00" in html(page) and "¥5399.10" in html(page)  # HQ's price and 90 % of it

    below = manager.post(url, {"sku": listed.sku.pk, "price": "5399.09"})
    assert below.status_code == 400 and "5399.10" in html(below)
    assert not ListingPrice.objects.exists()

    saved = manager.post(url, {"sku": listed.sku.pk, "price": "5399.10"})
    assert saved.status_code == 302
    assert ListingPrice.objects.get(listing=listed.listing, sku=listed.sku).price == Decimal("5399.10")
    assert "¥5399.10" in html(manager.get(url)).split('data-testid="my-price">')[1].split("</td>")[0]

    manager.post(url, {"sku": listed.sku.pk, "price": ""})  # back to HQ's price
    assert not ListingPrice.objects.exists()


def test_where_hq_sets_the_price_the_page_says_so_and_a_price_sent_anyway_is_refused(listed):
    StoreListing.objects.filter(pk=listed.listing.pk).update(store_price_allowed=False)
    owner = staff(listed, StaffRole.OWNER)
    url = f"/seller/listings/{listed.listing.pk}/prices/"

    page = html(owner.get(url))
    refused = owner.post(url, {"sku": listed.sku.pk, "price": "5999.00"})

    assert "HQ sells this product at its own price in every store." in page and 'name="price"' not in page
    assert refused.status_code == 403 and not ListingPrice.objects.exists()


def test_a_clerk_looks_and_another_stores_listing_or_sku_is_not_theirs(listed):
    clerk = staff(listed, StaffRole.CLERK)
    url = f"/seller/listings/{listed.listing.pk}/prices/"

    assert clerk.get(url).status_code == 200 and 'name="price"' not in html(clerk.get(url))
    assert clerk.post(url, {"sku": listed.sku.pk, "price": "5999.00"}).status_code == 403
    # another store's listing is a 404: the access matrix's owner2 row
    manager = staff(listed, StaffRole.MANAGER)
    assert manager.post(url, {"sku": 999999, "price": "5999.00"}).status_code == 400
    assert not ListingPrice.objects.exists()
