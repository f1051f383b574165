"""After delivery: confirm receipt (shopper or system), completion when after-sales close, points and growth."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from members.models import PointsEntry, PointsRule
from orders import tasks
from orders.models import OrderEvent, OrderStatus, StoreOrder
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.orders.helpers import address_of, pay, sku_of, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def api(member):
    return client_for(member)


@pytest.fixture
def paid_order(store, member, api) -> StoreOrder:
    phone = sku_of(PhoneCatalog().phone(store))
    trade = submit(api, [(phone, 1)], address=address_of(member).pk, expected="5999.00").json()
    pay(api, trade["trade_no"])
    return StoreOrder.objects.get(trade__trade_no=trade["trade_no"])


def shipped(order: StoreOrder, days_ago: int = 0) -> StoreOrder:
    """Stands in for the parcels leaving (tested with shipments): the order is shipped `days_ago`."""
    StoreOrder.objects.filter(pk=order.pk).update(
        status=OrderStatus.SHIPPED, shipped_at=timezone.now() - timedelta(days=days_ago)
    )
    return StoreOrder.objects.get(pk=order.pk)


def test_the_shopper_confirms_receipt_of_a_shipped_order(paid_order, api, member):
    shipped(paid_order)

    response = api.post(f"/api/v1/orders/{paid_order.order_no}/confirm-receipt/")

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "delivered"
    event = OrderEvent.objects.get(order=paid_order, type="receipt_confirmed")
    assert (event.by, event.from_status, event.to_status) == (member, "shipped", "delivered")


def test_receipt_of_an_order_not_yet_shipped_cannot_be_confirmed(paid_order, api):
    response = api.post(f"/api/v1/orders/{paid_order.order_no}/confirm-receipt/")

    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    assert StoreOrder.objects.get(pk=paid_order.pk).status == OrderStatus.PAID


def test_another_members_order_is_not_found(paid_order):
    shipped(paid_order)

    response = client_for(UserFactory()).post(f"/api/v1/orders/{paid_order.order_no}/confirm-receipt/")

    assert response.status_code == 404
    assert StoreOrder.objects.get(pk=paid_order.pk).status == OrderStatus.SHIPPED


def test_the_system_confirms_after_the_days_allowed_then_completes_after_the_after_sales_window(
    paid_order, member, settings
):
    settings.ORDER_AUTO_CONFIRM_DAYS, settings.ORDER_AFTER_SALES_DAYS = 10, 7
    PointsRule.objects.create(points_per_yuan=2, points_per_yuan_off=100, max_order_share_percent=50)
    shipped(paid_order, days_ago=11)

    assert tasks.advance_delivered_orders.delay().get() == {"confirmed": 1, "completed": 0}
    order = StoreOrder.objects.get(pk=paid_order.pk)
    assert order.status == OrderStatus.DELIVERED
    assert OrderEvent.objects.get(order=order, type="receipt_auto_confirmed").by is None

    StoreOrder.objects.filter(pk=order.pk).update(delivered_at=timezone.now() - timedelta(days=7, minutes=1))
    assert tasks.advance_delivered_orders.delay().get() == {"confirmed": 0, "completed": 1}
    assert tasks.advance_delivered_orders.delay().get() == {"confirmed": 0, "completed": 0}

    order.refresh_from_db()
    member.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED
    assert order.paid_amount == Decimal("5999.00")
    assert member.points_balance == 11_998  # 5999 yuan x 2 points
    assert member.growth == 5999
    assert PointsEntry.objects.get(user=member, reference=order.order_no).delta == 11_998


def test_the_seller_lists_only_its_own_stores_orders(paid_order, store, owner_api, other_store_owner_api):
    mine = owner_api.get("/api/v1/seller/orders/?status=paid")
    theirs = other_store_owner_api.get("/api/v1/seller/orders/")
    foreign = other_store_owner_api.get(f"/api/v1/seller/orders/{paid_order.order_no}/")

    assert mine.status_code == 200
    assert [o["order_no"] for o in mine.json()["results"]] == [paid_order.order_no]
    assert mine.json()["results"][0]["payable"] == "5999.00"
    assert mine.json()["results"][0]["receiver"]["name"] == "张三"
    assert theirs.json()["count"] == 0
    assert foreign.status_code == 404
