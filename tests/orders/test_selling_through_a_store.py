"""Selling through a store (issue 15 item 1): a franchise store's listing is sold as that store's order, from that
store's stock, at HQ's price or the store's own where HQ allows it; HQ's online store is unchanged."""

from decimal import Decimal

import pytest

from catalog.services.listings import listing_price_set
from marketplace.exceptions import InvalidInput, PermissionDenied
from orders.models import CartItem, OrderStatus, StoreOrder
from stores.models import ChosenStore, StaffRole, StoreType
from tests.conftest import client_for
from tests.factories import MembershipFactory, StoreFactory, UserFactory
from tests.orders.helpers import address_of, pay
from tests.orders.o2o import listed_phone, stock_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed():
    return listed_phone()


@pytest.fixture
def member():
    return UserFactory()


@pytest.fixture
def member_api(member):
    return client_for(member)


def checkout_cart(api, member, expected: str):
    return api.post(
        "/api/v1/checkout/submit/",
        {"address": address_of(member).pk, "expected_payable": expected},
        format="json",
        HTTP_IDEMPOTENCY_KEY="o2o-1",
    )


def test_an_order_of_a_franchise_listing_is_the_stores_and_takes_its_stock(listed, member, member_api):
    added = member_api.post("/api/v1/cart/items/", {"sku": listed.sku.pk, "quantity": 2, "store": listed.franchise.pk})
    assert added.status_code == 201, added.json()
    assert CartItem.objects.get(user=member).seller == listed.franchise
    cart = member_api.get("/api/v1/cart/").json()
    assert [store["store"] for store in cart["stores"]] == [{"id": listed.franchise.pk, "name": "西湖加盟店"}]

    response = checkout_cart(member_api, member, "11998.00")

    assert response.status_code == 201, response.json()
    [order] = StoreOrder.objects.all()
    assert (order.store, order.payable) == (listed.franchise, Decimal("11998.00"))
    assert [line.warehouse_id for line in order.lines.all()] == [listed.warehouse.pk]
    assert stock_of(listed.sku, listed.franchise) == (3, 2)
    assert stock_of(listed.sku, listed.hq) == (10, 0)  # HQ's stock untouched
    pay(member_api, response.json()["trade_no"])
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert stock_of(listed.sku, listed.hq) == (10, 0)


def test_without_a_store_or_with_one_that_does_not_list_it_hq_sells_as_before(listed, member, member_api):
    other = StoreFactory(type=StoreType.FRANCHISE)  # lists nothing
    member_api.post("/api/v1/cart/items/", {"sku": listed.sku.pk, "quantity": 1, "store": other.pk})
    assert CartItem.objects.get(user=member).seller is None

    response = checkout_cart(member_api, member, "5999.00")

    assert response.status_code == 201, response.json()
    [order] = StoreOrder.objects.all()
    assert order.store == listed.hq
    assert stock_of(listed.sku, listed.hq) == (10, 1)
    assert stock_of(listed.sku, listed.franchise) == (3, 0)


def test_the_store_cannot_sell_more_than_its_own_stock_even_when_hq_has_plenty(listed, member, member_api):
    member_api.post("/api/v1/cart/items/", {"sku": listed.sku.pk, "quantity": 4, "store": listed.franchise.pk})

    response = checkout_cart(member_api, member, "23996.00")

    assert response.status_code == 409
    assert response.json()["code"] == "insufficient_stock"
    assert not StoreOrder.objects.exists()


def test_the_store_that_sold_it_sees_the_order_and_hq_does_not(listed, member, member_api):
    member_api.post("/api/v1/cart/items/", {"sku": listed.sku.pk, "quantity": 1, "store": listed.franchise.pk})
    order_no = checkout_cart(member_api, member, "5999.00").json()["orders"][0]["order_no"]
    franchise_clerk = client_for(MembershipFactory(store=listed.franchise, role=StaffRole.CLERK).user)
    hq_owner = client_for(MembershipFactory(store=listed.hq, role=StaffRole.OWNER).user)

    theirs = franchise_clerk.get("/api/v1/seller/orders/").json()["results"]
    assert [row["order_no"] for row in theirs] == [order_no]
    assert hq_owner.get("/api/v1/seller/orders/").json()["results"] == []
    assert hq_owner.get(f"/api/v1/seller/orders/{order_no}/").status_code == 404


def test_the_chosen_store_is_remembered_for_the_member_and_used_by_add_to_cart(listed, member, member_api):
    chosen = member_api.post("/api/v1/stores/choose/", {"store": listed.franchise.pk}, format="json")
    assert chosen.status_code == 200, chosen.json()
    assert ChosenStore.objects.get(member=member).store == listed.franchise

    member_api.post("/api/v1/cart/items/", {"sku": listed.sku.pk, "quantity": 1})  # no store named: the chosen one

    assert CartItem.objects.get(user=member).seller == listed.franchise


def test_a_store_price_applies_only_where_hq_allows_it_and_not_below_the_floor(listed, member, member_api):
    clerk = MembershipFactory(store=listed.franchise, role=StaffRole.MANAGER).user
    with pytest.raises(PermissionDenied):
        listing_price_set(listing=listed.listing, sku=listed.sku, price=Decimal("5799.00"), by=clerk)
    listed.listing.store_price_allowed, listed.listing.price_floor_percent = True, 90
    listed.listing.save()
    with pytest.raises(InvalidInput) as below:
        listing_price_set(listing=listed.listing, sku=listed.sku, price=Decimal("5399.00"), by=clerk)
    assert below.value.fields["price"] == ["At least 5399.10 yuan (90% of HQ's price)."]
    listing_price_set(listing=listed.listing, sku=listed.sku, price=Decimal("5399.10"), by=clerk)
    member_api.post("/api/v1/cart/items/", {"sku": listed.sku.pk, "quantity": 1, "store": listed.franchise.pk})

    assert checkout_cart(member_api, member, "5399.10").status_code == 201
    [line] = StoreOrder.objects.get().lines.all()
    assert line.unit_price == Decimal("5399.10")

    # HQ withdraws the permission: the store sells at HQ's price again; HQ's own store always did.
    listed.listing.store_price_allowed = False
    listed.listing.save()
    member_api.post("/api/v1/cart/items/", {"sku": listed.sku.pk, "quantity": 1, "store": listed.franchise.pk})
    preview = member_api.post("/api/v1/checkout/preview/", {}, format="json").json()
    assert preview["payable"] == "5999.00"


def test_the_store_sets_its_price_through_the_seller_api_where_hq_allows_it(listed):
    manager = client_for(MembershipFactory(store=listed.franchise, role=StaffRole.MANAGER).user)
    url = f"/api/v1/seller/listings/{listed.listing.pk}/prices/"

    refused = manager.post(url, {"sku": listed.sku.pk, "price": "5799.00"}, format="json")
    assert (refused.status_code, refused.json()["code"]) == (403, "permission_denied")
    listed.listing.store_price_allowed = True
    listed.listing.save()
    low = manager.post(url, {"sku": listed.sku.pk, "price": "4799.00"}, format="json")
    assert (low.status_code, low.json()["fields"]["price"]) == (400, ["At least 4799.20 yuan (80% of HQ's price)."])
    done = manager.post(url, {"sku": listed.sku.pk, "price": "5799.00"}, format="json")
    assert done.json() == {"sku": listed.sku.pk, "price": "5799.00"}
    assert listed.listing.prices.get().price == Decimal("5799.00")
