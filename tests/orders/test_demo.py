"""seed_demo places orders in every state, with parcels and refunds, and a second seed adds none; the order to
pay stays payable for the demo's life."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from members.models import PointsEntry, User
from orders.lifecycle.cancellation import cancel_unpaid_orders, order_cancel
from orders.models import LineDiscount, OrderPoints, OrderStatus, Parcel, Refund, StoreOrder
from stores.models import MemberSource, Store

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded_twice(demo_marketplace):
    """The demo seeded a second time over the module's seeding; the number of orders the first seeding made."""
    count = StoreOrder.objects.count()
    call_command("seed_demo", stdout=StringIO())
    return count


def test_the_demo_has_orders_in_every_state_with_parcels_and_refunds_and_seeding_twice_adds_none(seeded_twice):
    assert StoreOrder.objects.count() == seeded_twice
    assert set(StoreOrder.objects.values_list("status", flat=True)) == set(OrderStatus.values)
    assert {"pending", "shipped"} <= set(Parcel.objects.values_list("status", flat=True))
    assert {"refunded", "requested", "arbitrating"} <= set(Refund.objects.values_list("status", flat=True))
    appeal = Refund.objects.get(status="arbitrating")  # the operator's arbitration page has one to rule on
    assert (appeal.reason_code, appeal.reject_reason != "", appeal.escalate_reason != "") == ("damaged", True, True)
    assert sorted(appeal.evidence.values_list("stage", flat=True)) == ["escalation", "rejection", "request"]
    closed = StoreOrder.objects.get(status=OrderStatus.CLOSED)
    assert closed.refunded_amount == closed.paid_amount > 0


def test_the_demo_order_to_pay_outlives_the_payment_timeout_and_comes_back_once_paid_or_cancelled(seeded_twice):
    alice = User.objects.get(username="alice")
    waiting = list(StoreOrder.objects.filter(user=alice, status=OrderStatus.PENDING_PAYMENT).select_related("trade"))

    swept = cancel_unpaid_orders(now=timezone.now() + timedelta(days=30))
    for order in waiting:
        order_cancel(order=order, by=alice, reason="不想要了")
    call_command("seed_demo", stdout=StringIO())
    again = StoreOrder.objects.filter(user=alice, status=OrderStatus.PENDING_PAYMENT)

    assert (len(waiting), swept) == (2, 0)  # one trade across two stores, untouched by a month of sweeps
    assert {order.trade.expires_at > timezone.now() + timedelta(days=300) for order in waiting} == {True}
    assert again.count() == 2
    assert {order.trade_id for order in again}.isdisjoint(order.trade_id for order in waiting)


def test_the_demo_direct_and_franchise_stores_each_have_a_pickup_order_of_their_listing_waiting(seeded_twice):
    waiting = StoreOrder.objects.filter(delivery="pickup", status=OrderStatus.PAID).select_related("store")
    assert sorted(order.store.type for order in waiting) == ["direct", "franchise"]  # once each, seeded twice
    for order in waiting:
        assert order.store.offers_pickup and len(order.pickup_code) == 8
        [line] = order.lines.all()
        assert line.sku.store_id != order.store_id  # HQ's SKU, sold by the store
        assert line.warehouse.store_id == order.store_id  # from the store's own stock


def test_the_demo_stores_sell_their_listings_from_their_own_stock_and_points_earned_in_one_fund_hq_in_another(
    seeded_twice,
):
    """Issue 15 item 7 (decision 0041): alice's order of the direct store's listing, shipped from its own stock and
    completed, earned points there; her points then paid part of a franchise store's order, which HQ funds; the
    stores' QR codes brought members, some through a clerk's code."""
    alice = User.objects.get(username="alice")
    direct, franchise = Store.objects.get(type="direct"), Store.objects.get(type="franchise")

    [earned] = StoreOrder.objects.filter(user=alice, store=direct, status=OrderStatus.COMPLETED)
    assert earned.lines.get().warehouse.store_id == direct.pk
    assert PointsEntry.objects.filter(user=alice, reason="earn", store_id=direct.pk, reference=earned.order_no).exists()
    [spent] = StoreOrder.objects.filter(user=alice, store=franchise, points_used__gt=0)  # once, seeded twice
    [line] = spent.lines.all()
    assert line.points_discount > 0 and line.warehouse.store_id == franchise.pk
    funded = LineDiscount.objects.filter(line=line, source="points")
    assert sum(part.platform_amount for part in funded) == line.points_discount  # none of it the franchise's own
    assert OrderPoints.objects.filter(order=spent, store=direct).exists()
    for store in (direct, franchise):
        sources = MemberSource.objects.filter(store=store)
        assert sources.exists() and sources.filter(staff__isnull=False).exists()


def test_the_demo_franchise_store_sold_to_a_member_and_the_direct_store_to_a_walk_in_customer_at_the_counter(
    seeded_twice,
):
    sales = StoreOrder.objects.filter(sold_by__isnull=False).select_related("store", "user", "sold_by")
    assert sorted((order.store.type, order.user.is_active) for order in sales) == [
        ("direct", False),  # the store's walk-in customer
        ("franchise", True),  # alice, at her member price
    ]
    for order in sales:
        assert order.status == OrderStatus.DELIVERED and order.trade.channel == "pos"
        assert order.sold_by.username.endswith("_clerk")
        assert all(line.warehouse.store_id == order.store_id for line in order.lines.all())
