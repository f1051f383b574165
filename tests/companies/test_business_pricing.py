"""A business buyer's prices through orders' pricing, the cart and checkout (issue 16, acceptance 2): tiers and the
minimum order quantity for members of an approved company only, negotiated prices within their validity and of the
selling store only, retail-only promotions, and the stable error code below the minimum."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from companies.exceptions import BelowMinimumQuantity
from companies.models import CompanyRole
from orders.cart.services import cart_add
from orders.models import CartItem, Trade
from orders.pricing import LineRequest, price_lines
from promotions import pricing
from promotions import services as promotion_services
from tests.catalog.factories import PhoneCatalog
from tests.companies.factories import company_with_users, price_list, tiers, user_in
from tests.conftest import client_for
from tests.factories import StoreFactory, UserFactory
from tests.orders.helpers import address_of, sku_of, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def sku(store):
    """5999.00 a unit (128G), 100 in stock."""
    return sku_of(PhoneCatalog().phone(store, stock=100))


@pytest.fixture
def company():
    return company_with_users()


@pytest.fixture
def buyer(company):
    return user_in(company, CompanyRole.BUYER)


def unit_price(user, sku, quantity: int) -> str:
    priced = price_lines(user=user, lines=[LineRequest(sku_id=sku.pk, quantity=quantity)], now=timezone.now())
    return str(priced.breakdown.lines[0].unit_price)


def test_tiers_apply_from_their_quantity_to_business_buyers_only(store, sku, buyer):
    tiers(store, sku, 1, (10, "5800.00"), (50, "5600.00"))
    assert [unit_price(buyer, sku, n) for n in (9, 10, 49, 50)] == ["5999.00", "5800.00", "5800.00", "5600.00"]
    assert unit_price(UserFactory(), sku, 50) == "5999.00"  # a retail shopper
    assert unit_price(None, sku, 50) == "5999.00"  # a visitor


def test_a_pending_companys_users_buy_at_retail_prices(store, sku):
    pending = company_with_users(approved=False)
    tiers(store, sku, 1, (10, "5800.00"))
    assert unit_price(user_in(pending, CompanyRole.BUYER), sku, 10) == "5999.00"


def test_the_negotiated_price_wins_below_the_tier_and_the_tier_wins_below_it(store, sku, company, buyer):
    tiers(store, sku, 1, (10, "5800.00"), (50, "5600.00"))
    price_list(company, store, {sku: "5700.00"})
    assert [unit_price(buyer, sku, n) for n in (1, 10, 50)] == ["5700.00", "5700.00", "5600.00"]
    # the company's other users buy at it too; another company's do not
    assert unit_price(user_in(company, CompanyRole.FINANCE), sku, 1) == "5700.00"
    other = company_with_users(code="9144030071526726XG")
    assert unit_price(user_in(other, CompanyRole.BUYER), sku, 1) == "5999.00"


def test_a_negotiated_price_counts_only_inside_its_validity(store, sku, company, buyer):
    price_list(company, store, {sku: "5500.00"}, days=(-30, -1))  # ended yesterday
    price_list(company, store, {sku: "5400.00"}, days=(1, 30))  # starts tomorrow
    assert unit_price(buyer, sku, 1) == "5999.00"
    price_list(company, store, {sku: "5650.00"}, days=(0, 0))  # today only, both days included
    assert unit_price(buyer, sku, 1) == "5650.00"


def test_a_store_cannot_list_another_stores_sku(store, sku, company):
    with pytest.raises(Exception) as refused:
        price_list(company, StoreFactory(), {sku: "1.00"})
    assert refused.value.fields == {"items": [refused.value.detail]}


def test_a_retail_only_promotion_skips_business_buyers(store, owner, sku, buyer):
    now = timezone.now()
    promotion_services.promotion_create(
        store=store,
        by=owner,
        name="零售九折",
        kind="item_discount",
        rules={"percent": "90"},
        scope=pricing.GoodsScope(skus=[sku.pk]),
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=1),
        retail_only=True,
    )
    line = [LineRequest(sku_id=sku.pk, quantity=1)]
    retail = price_lines(user=UserFactory(), lines=line, now=now).breakdown.lines[0]
    business = price_lines(user=buyer, lines=line, now=now).breakdown.lines[0]
    assert (str(retail.payable), str(business.payable)) == ("5399.10", "5999.00")


def test_add_to_cart_below_the_minimum_is_refused_with_its_code_and_at_it_is_taken(store, sku, buyer):
    tiers(store, sku, 5)
    with pytest.raises(BelowMinimumQuantity) as refused:
        cart_add(user=buyer, sku_id=sku.pk, quantity=4)
    assert (refused.value.code, refused.value.fields["minimum"]) == ("below_minimum_quantity", [5])
    assert not CartItem.objects.filter(user=buyer).exists()
    assert cart_add(user=buyer, sku_id=sku.pk, quantity=5).quantity == 5
    assert cart_add(user=buyer, sku_id=sku.pk, quantity=1).quantity == 6  # the line holds 5 already
    assert cart_add(user=UserFactory(), sku_id=sku.pk, quantity=1).quantity == 1  # retail: no minimum


def test_the_cart_api_answers_below_minimum_quantity(store, sku, buyer):
    tiers(store, sku, 3)
    response = client_for(buyer).post("/api/v1/cart/items/", {"sku": sku.pk, "quantity": 2}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "below_minimum_quantity"


def test_checkout_below_the_minimum_is_refused_and_at_it_places_the_order_at_the_tier(store, sku, buyer):
    tiers(store, sku, 10, (10, "5800.00"))
    api = client_for(buyer)
    address = address_of(buyer).pk
    refused = submit(api, [(sku, 9)], address=address, expected="53991.00")
    assert (refused.status_code, refused.json()["code"]) == (400, "below_minimum_quantity")
    assert not Trade.objects.filter(user=buyer).exists()
    placed = submit(api, [(sku, 10)], address=address, expected="58000.00")
    assert placed.status_code == 201, placed.json()
    assert Trade.objects.get(user=buyer).payable == Decimal("58000.00")
