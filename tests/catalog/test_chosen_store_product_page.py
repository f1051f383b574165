"""The product page without `?store=` follows the store the visitor chose (decision 0041): kept in the cache per
chosen store, so a shopper who chose the franchise sees its price and stock, and one who did not sees HQ's, whoever
asked first; a member's remembered store follows them to a new device from login."""

from decimal import Decimal

import pytest
from django.test import Client

from catalog.models import StoreListing
from catalog.services.listings import listing_price_set
from stores.models import ChosenStore, StoreType
from tests.factories import OperatorFactory, StoreFactory, UserFactory
from tests.orders.o2o import listed_phone

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def response_cache(settings):
    settings.CATALOG_RESPONSE_CACHE_SECONDS = 30


@pytest.fixture
def listed():
    listed = listed_phone(franchise_stock=3)
    StoreListing.objects.filter(pk=listed.listing.pk).update(store_price_allowed=True)
    listed.listing.refresh_from_db()
    listing_price_set(listing=listed.listing, sku=listed.sku, price=Decimal("5799.00"), by=OperatorFactory())
    return listed


def shopper(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def choose(client: Client, store) -> None:
    assert client.post("/stores/choose/", {"store": store.pk}).status_code == 302


def product_page(client: Client, listed) -> str:
    response = client.get(f"/products/{listed.sku.spu_id}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("logged_in", [False, True])
def test_the_page_shows_the_chosen_stores_price_and_seller_and_others_still_hqs(listed, logged_in):
    hq_first = product_page(shopper(UserFactory() if logged_in else None), listed)  # kept for HQ's page
    chooser = shopper(UserFactory() if logged_in else None)
    choose(chooser, listed.franchise)
    product_page(chooser, listed)  # the message "you are shopping at ..." is shown once, on a page rendered for them

    chosen = product_page(chooser, listed)  # from the cache, the chosen store's entry
    again_hq = product_page(shopper(UserFactory() if logged_in else None), listed)

    assert 'data-testid="seller"' in chosen and "西湖加盟店" in chosen
    assert "5799.00" in chosen and f'name="store" value="{listed.franchise.pk}"' in chosen
    for page in (hq_first, again_hq):
        assert 'data-testid="seller"' not in page and "5799.00" not in page


def test_a_member_who_chose_a_store_on_another_device_sees_it_from_login(listed):
    member = UserFactory()
    ChosenStore.objects.create(member=member, store=listed.franchise)

    page = product_page(shopper(member), listed)

    assert 'data-testid="seller"' in page and "5799.00" in page


def test_a_chosen_store_that_does_not_list_the_product_leaves_hqs_page(listed):
    member = UserFactory()
    client = shopper(member)
    other = StoreFactory(type=StoreType.FRANCHISE)  # lists nothing
    choose(client, other)
    product_page(client, listed)

    page = product_page(client, listed)

    assert 'data-testid="seller"' not in page and "5799.00" not in page
