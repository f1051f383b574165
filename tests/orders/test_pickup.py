"""Store pickup (自提, issue 15 item 2): checkout without freight, a pickup code and its QR on the shopper's order,
the clerk hands the order over by the code (refused for another store, twice, or when unpaid or closed), and the
sweep reminds, then refunds, orders nobody collects."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from catalog.services.listings import listing_price_set
from marketplace.notifications.models import Message
from orders.models import CartItem, Delivery, OrderEvent, OrderEventType, OrderStatus, Parcel, Refund, StoreOrder
from orders.pickup.expiry import pickup_sweep
from orders.shipping.services import shipment_split
from stores.models import StaffRole
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory
from tests.orders.helpers import address_of, pay
from tests.orders.o2o import Listed, listed_phone, stock_of

pytestmark = pytest.mark.django_db


def pickup_submit(api, listed: Listed, **extra):
    body = {
        "lines": [{"sku": listed.sku.pk, "quantity": 1, "store": listed.franchise.pk}],
        "pickup_store": listed.franchise.pk,
        "expected_payable": "5999.00",
        **extra,
    }
    return api.post("/api/v1/checkout/submit/", body, format="json", HTTP_IDEMPOTENCY_KEY=str(extra))


def paid_pickup_order(listed: Listed) -> StoreOrder:
    """A member's paid pickup order of one phone at the franchise store."""
    api = client_for(UserFactory(phone=""))
    response = pickup_submit(api, listed)
    assert response.status_code == 201, response.json()
    pay(api, response.json()["trade_no"])
    return StoreOrder.objects.get(order_no=response.json()["orders"][0]["order_no"])


@pytest.fixture
def listed():
    return listed_phone()


@pytest.fixture
def clerk_api(listed):
    return client_for(MembershipFactory(store=listed.franchise, role=StaffRole.CLERK).user)


def collect(api, code: str):
    return api.post("/api/v1/seller/pickups/collect/", {"code": code}, format="json")


def test_a_pickup_order_has_no_freight_a_code_and_waits_at_the_store_without_parcels(listed):
    member = UserFactory()
    api = client_for(member)
    address = address_of(member)  # with a freight-charging address the order would cost more; pickup charges none
    response = pickup_submit(api, listed, address=address.pk)

    assert response.status_code == 201, response.json()
    [body] = response.json()["orders"]
    assert (body["delivery"], body["payable"]) == ("pickup", "5999.00")
    assert len(body["pickup_code"]) == 8 and body["pickup_code"].isdigit()
    order = StoreOrder.objects.get(order_no=body["order_no"])
    assert (order.store, order.freight, order.receiver_name) == (listed.franchise, Decimal("0.00"), "张三")
    assert order.receiver_address == listed.franchise.address
    pay(api, response.json()["trade_no"])
    assert shipment_split(order_id=order.pk) == []
    assert not Parcel.objects.filter(order=order).exists()
    detail = api.get(f"/api/v1/orders/{order.order_no}/").json()
    assert (detail["delivery"], detail["pickup_code"]) == ("pickup", order.pickup_code)
    page = Client()
    page.force_login(member)
    html = page.get(f"/orders/{order.order_no}/").content.decode()
    assert order.pickup_code in html and "<svg" in html


def test_pickup_is_refused_at_a_store_that_does_not_offer_it_or_does_not_sell_the_line(listed):
    api = client_for(UserFactory())
    hq_line = {"lines": [{"sku": listed.sku.pk, "quantity": 1}]}  # sold by HQ, picked up at the franchise

    assert pickup_submit(api, listed, **hq_line).json()["code"] == "pickup_unavailable"
    listed.franchise.offers_pickup = False
    listed.franchise.save()
    response = pickup_submit(api, listed)
    assert (response.status_code, response.json()["code"]) == (409, "pickup_unavailable")
    assert not StoreOrder.objects.exists()


def test_the_clerk_hands_the_order_over_once_and_the_stock_leaves_the_stores_shelf(listed, clerk_api):
    order = paid_pickup_order(listed)
    assert stock_of(listed.sku, listed.franchise) == (3, 1)

    response = collect(clerk_api, order.pickup_code)

    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["delivery"]) == ("delivered", "pickup")
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED and order.collected_at is not None
    assert stock_of(listed.sku, listed.franchise) == (2, 0)
    assert stock_of(listed.sku, listed.hq) == (10, 0)
    again = collect(clerk_api, order.pickup_code)
    assert (again.status_code, again.json()["code"]) == (409, "pickup_already_collected")
    assert OrderEvent.objects.filter(order=order, type=OrderEventType.PICKED_UP).count() == 1


def test_another_stores_clerk_an_unknown_code_and_an_unpaid_or_closed_order_are_refused(listed, clerk_api):
    order = paid_pickup_order(listed)
    hq_clerk = client_for(MembershipFactory(store=listed.hq, role=StaffRole.CLERK).user)

    assert collect(hq_clerk, order.pickup_code).json()["code"] == "pickup_wrong_store"
    unknown = "0" * 8 if order.pickup_code != "0" * 8 else "1" * 8
    assert collect(clerk_api, unknown).json()["code"] == "pickup_code_unknown"
    assert collect(clerk_api, "12ab").status_code == 400
    unpaid = pickup_submit(client_for(UserFactory()), listed).json()["orders"][0]["pickup_code"]
    assert collect(clerk_api, unpaid).json()["code"] == "pickup_not_collectable"
    StoreOrder.objects.filter(pk=order.pk).update(paid_at=timezone.now() - timedelta(days=8))
    pickup_sweep()
    assert collect(clerk_api, order.pickup_code).json()["code"] == "pickup_not_collectable"
    assert StoreOrder.objects.get(pk=order.pk).status == OrderStatus.CLOSED


def test_the_clerks_page_hands_over_by_code_and_says_why_not(listed):
    order = paid_pickup_order(listed)
    clerk = MembershipFactory(store=listed.franchise, role=StaffRole.CLERK).user
    page = Client()
    page.force_login(clerk)

    listing = page.get("/seller/pickups/")
    assert listing.status_code == 200 and order.order_no in listing.content.decode()
    done = page.post("/seller/pickups/", {"code": order.pickup_code})
    assert done.status_code == 302
    refused = page.post("/seller/pickups/", {"code": order.pickup_code})
    assert refused.status_code == 409
    assert "该订单已被提走。" in refused.content.decode()  # the site speaks Chinese unless asked otherwise


def test_the_sweep_reminds_after_n_days_and_refunds_after_m_days_once_each(listed, settings):
    settings.PICKUP_REMIND_AFTER_DAYS, settings.PICKUP_CANCEL_AFTER_DAYS = 2, 5
    order = paid_pickup_order(listed)
    paid_at = order.paid_at

    assert pickup_sweep(now=paid_at + timedelta(days=1)) == {"reminded": 0, "expired": 0}
    assert pickup_sweep(now=paid_at + timedelta(days=2, minutes=1)) == {"reminded": 1, "expired": 0}
    assert pickup_sweep(now=paid_at + timedelta(days=2, minutes=2)) == {"reminded": 0, "expired": 0}
    assert Message.objects.filter(recipient=order.user, kind="pickup_waiting").count() == 1

    assert pickup_sweep(now=paid_at + timedelta(days=5, minutes=1)) == {"reminded": 0, "expired": 1}
    assert pickup_sweep(now=paid_at + timedelta(days=5, minutes=2)) == {"reminded": 0, "expired": 0}
    order.refresh_from_db()
    assert order.status == OrderStatus.CLOSED and order.refunded_amount == Decimal("5999.00")
    [refund] = Refund.objects.filter(order=order)
    assert refund.reason_code == "pickup_uncollected"
    assert stock_of(listed.sku, listed.franchise) == (3, 0)
    assert order.delivery == Delivery.PICKUP


def test_the_checkout_page_offers_pickup_at_the_selling_store_and_places_it(listed):
    member = UserFactory()
    page = Client()
    page.force_login(member)
    page.post("/cart/add/", {"sku": listed.sku.pk, "quantity": 1, "store": listed.franchise.pk})

    assert CartItem.objects.get(user=member).seller == listed.franchise
    shown = page.get("/checkout/").content.decode()
    assert 'data-delivery="pickup"' in shown and "西湖加盟店" in shown
    picked = page.get("/checkout/", {"pickup": listed.franchise.pk}).content.decode()
    assert 'data-testid="pickup-at"' in picked
    placed = page.post(
        "/checkout/",
        {
            "pickup": listed.franchise.pk,
            "coupons": "auto",
            "expected_payable": "5999.00",
            "idempotency_key": "pickup-page-0001",
        },
    )

    assert placed.status_code == 302, placed.content.decode()[:500]
    order = StoreOrder.objects.get()
    assert (order.store, order.delivery, order.freight) == (listed.franchise, Delivery.PICKUP, Decimal("0.00"))


def test_the_product_page_for_a_listing_store_shows_its_stock_and_sells_through_it(listed):
    listed.listing.store_price_allowed = True
    listed.listing.save()
    listing_price_set(listing=listed.listing, sku=listed.sku, price=Decimal("5799.00"), by=listed.hq.applicant)
    page = Client()
    html = page.get(f"/products/{listed.sku.spu_id}/", {"store": listed.franchise.pk}).content.decode()

    assert 'data-testid="seller"' in html and f'name="store" value="{listed.franchise.pk}"' in html
    assert '"available": 3' in html  # the franchise's three, not HQ's ten
    assert '<strong class="price" id="price">¥5799.00</strong>' in html  # its own price, the lowest of its SKUs
    hq_page = page.get(f"/products/{listed.sku.spu_id}/").content.decode()
    assert 'data-testid="seller"' not in hq_page
