"""Asking for a quote where the buyer is (decision 0042): from the cart (its lines of one store, one click) and from
a product page (the SKU and quantity chosen). Store staff see the request as a draft deal carrying those lines."""

import pytest
from django.test import Client

from companies.models import CompanyRole, Deal, DealEvent, DealStatus
from orders.models import CartItem
from tests.catalog.factories import PhoneCatalog
from tests.companies.factories import company_with_users, user_in
from tests.factories import StoreFactory, UserFactory
from tests.orders.helpers import sku_of


@pytest.fixture
def world(store):
    catalog = PhoneCatalog()
    spu = catalog.phone(store, stock=50)
    other = catalog.phone(StoreFactory(), stock=50, title="小米 14")
    company = company_with_users()
    return {
        "store": store,
        "spu": spu,
        "small": sku_of(spu, "128G"),
        "big": sku_of(spu, "256G"),
        "elsewhere": sku_of(other, "128G"),
        "company": company,
        "buyer": user_in(company, CompanyRole.BUYER),
        "approver": user_in(company, CompanyRole.APPROVER),
    }


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def fill_cart(user, *pairs):
    for sku, quantity in pairs:
        CartItem.objects.create(user=user, sku=sku, quantity=quantity)


@pytest.mark.django_db
def test_the_carts_lines_of_one_store_become_a_draft_quote_to_it_in_one_click(world):
    buyer = world["buyer"]
    fill_cart(buyer, (world["small"], 20), (world["big"], 5), (world["elsewhere"], 3))
    client = logged_in(buyer)

    page = client.get("/cart/").content.decode()
    assert page.count('data-testid="cart-quote"') == 2  # one per store of the cart

    response = client.post(f"/cart/quote/{world['store'].pk}/")

    deal = Deal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/me/company/quotes/{deal.pk}/"
    assert (deal.store, deal.company, deal.buyer, deal.status) == (
        world["store"],
        world["company"],
        buyer,
        DealStatus.DRAFT,
    )
    assert sorted(deal.lines.values_list("sku_id", "quantity")) == sorted(
        [(world["small"].pk, 20), (world["big"].pk, 5)]
    )
    event = DealEvent.objects.get(deal=deal)
    assert (event.type, event.data["source"]) == ("requested", "cart")
    assert CartItem.objects.filter(user=buyer).count() == 3  # the cart is left as it was


@pytest.mark.django_db
def test_a_retail_shopper_or_the_companys_approver_gets_no_quote_button_and_the_post_writes_nothing(world):
    retail, approver = UserFactory(), world["approver"]
    for user in (retail, approver):
        fill_cart(user, (world["small"], 2))
        client = logged_in(user)
        assert 'data-testid="cart-quote"' not in client.get("/cart/").content.decode()
        client.post(f"/cart/quote/{world['store'].pk}/")
    assert not Deal.objects.exists()


@pytest.mark.django_db
def test_a_store_with_nothing_in_the_cart_asks_nothing(world):
    client = logged_in(world["buyer"])
    response = client.post(f"/cart/quote/{world['store'].pk}/", follow=True)
    assert "购物车里没有该店铺自营的商品" in response.content.decode()  # "Nothing of this store's own goods ..."
    assert not Deal.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_product_page_asks_for_the_chosen_sku_and_quantity(world):
    client = logged_in(world["buyer"])
    page = client.get(f"/products/{world['spu'].pk}/").content.decode()
    assert 'data-testid="product-quote"' in page
    assert (
        'data-testid="product-quote"'
        not in logged_in(UserFactory()).get(f"/products/{world['spu'].pk}/").content.decode()
    )

    response = client.post(
        "/me/company/quotes/",
        {"sku": world["big"].pk, "quantity": "120", "next": f"/products/{world['spu'].pk}/"},
    )

    deal = Deal.objects.get()
    assert response["Location"] == f"/me/company/quotes/{deal.pk}/"
    assert list(deal.lines.values_list("sku_id", "quantity", "list_price")) == [
        (world["big"].pk, 120, world["big"].price)
    ]
    assert DealEvent.objects.get(deal=deal).data["source"] == "product"


@pytest.mark.django_db
def test_a_bad_quantity_from_the_product_page_goes_back_with_the_error_and_writes_nothing(world):
    client = logged_in(world["buyer"])
    back = f"/products/{world['spu'].pk}/"
    response = client.post("/me/company/quotes/", {"sku": world["big"].pk, "quantity": "0", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    response = client.post("/me/company/quotes/", {"sku": world["elsewhere"].pk + 999, "quantity": "1", "next": back})
    assert response["Location"] == back
    assert not Deal.objects.exists()


@pytest.mark.django_db
def test_store_staff_see_the_carts_request_as_a_draft_with_its_lines(world, owner):
    fill_cart(world["buyer"], (world["small"], 20))
    logged_in(world["buyer"]).post(f"/cart/quote/{world['store'].pk}/")
    deal = Deal.objects.get()
    page = logged_in(owner).get(f"/seller/deals/{deal.pk}/").content.decode()
    assert deal.number in page and "20" in page


@pytest.mark.django_db
def test_the_quotes_page_lists_the_companys_deals_and_tells_a_buyer_where_to_ask(world):
    fill_cart(world["buyer"], (world["small"], 2))
    logged_in(world["buyer"]).post(f"/cart/quote/{world['store'].pk}/")
    deal = Deal.objects.get()
    page = logged_in(world["buyer"]).get("/me/company/quotes/").content.decode()
    assert deal.number in page and 'data-testid="quote-how"' in page
    approver_page = logged_in(world["approver"]).get("/me/company/quotes/").content.decode()
    assert deal.number in approver_page and 'data-testid="quote-how"' not in approver_page
