"""Cancelling unpaid orders, by the shopper or by the payment timeout: what they held comes back, once."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import close_old_connections, transaction
from django.utils import timezone

from coupons import services as coupon_services
from coupons.models import CouponStatus
from members import services as member_services
from members.models import PointsRule
from orders import tasks
from orders.checkout.preview import CheckoutRequest, checkout_price
from orders.checkout.services import Submission, order_submit
from orders.lifecycle.cancellation import cancel_unpaid_orders, order_cancel
from orders.models import OrderEvent, OrderStatus, StoreOrder, Trade
from orders.pricing import LineRequest
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.coupons.factories import coupon_template
from tests.factories import StoreFactory, UserFactory
from tests.orders.helpers import address_of, available, pay, reserved, sku_of, submit


@pytest.fixture
def catalog(db):
    return PhoneCatalog()


def place(catalog, store, *, member=None, points=0):
    """A member orders one phone (5999.00, store coupon 100 off 5000) and two cases from another store."""
    member = member or UserFactory()
    api = client_for(member)
    phone = sku_of(catalog.phone(store))
    case = sku_of(catalog.phone(StoreFactory(), title="手机壳 Case", prices=("39.00", "49.00")))
    coupon = coupon_services.coupon_claim(
        template=coupon_template(store=store, value=Decimal("100"), threshold=Decimal("5000")), user=member
    )
    expected = "5977.00" if not points else "5877.00"  # 5999 + 78 - 100 (coupon) - 100 (points)
    response = submit(api, [(phone, 1), (case, 2)], address=address_of(member).pk, expected=expected, points=points)
    assert response.status_code == 201, response.json()
    return api, response.json(), phone, case, coupon


@pytest.mark.django_db
def test_the_shopper_cancels_an_unpaid_order_and_gets_stock_coupon_and_points_back(catalog, store):
    member = UserFactory()
    PointsRule.objects.create(points_per_yuan_off=100, max_order_share_percent=50)
    member_services.points_earn(user=member, points=10_000, reference="gift")
    api, trade, phone, case, coupon = place(catalog, store, member=member, points=10_000)
    phone_order = next(o for o in trade["orders"] if o["store"] == store.pk)
    assert (reserved(phone), member.__class__.objects.get(pk=member.pk).points_balance) == (1, 0)

    response = api.post(f"/api/v1/orders/{phone_order['order_no']}/cancel/", {"reason": "买错了"}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "cancelled"
    assert (available(phone), reserved(phone)) == (10, 0)
    assert reserved(case) == 2  # the other store's order still waits for payment
    coupon.refresh_from_db()
    assert (coupon.status, coupon.locked_by) == (CouponStatus.UNUSED, "")
    order = StoreOrder.objects.get(order_no=phone_order["order_no"])
    member.refresh_from_db()
    assert member.points_balance == order.points_used > 0  # its own share of the 10,000 points
    event = OrderEvent.objects.get(order=order, type="cancelled")
    assert (event.by, event.reason_code, event.reason, event.from_status) == (
        member,
        "shopper_cancelled",
        "买错了",  # the shopper's own words, beside the code
        "pending_payment",
    )


@pytest.mark.django_db
def test_a_paid_order_cannot_be_cancelled(catalog, store):
    api, trade, phone, _case, _coupon = place(catalog, store)
    pay(api, trade["trade_no"])

    response = api.post(f"/api/v1/orders/{trade['orders'][0]['order_no']}/cancel/", {}, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    assert reserved(phone) == 1


@pytest.mark.django_db
def test_someone_elses_order_is_not_found(catalog, store):
    _api, trade, phone, _case, _coupon = place(catalog, store)

    response = client_for(UserFactory()).post(f"/api/v1/orders/{trade['orders'][0]['order_no']}/cancel/", {})

    assert response.status_code == 404
    assert reserved(phone) == 1


@pytest.mark.django_db
def test_the_sweep_cancels_orders_past_their_payment_time_and_only_those(catalog, store, settings):
    _api, late, phone, case, coupon = place(catalog, store)
    _api2, fresh, *_ = place(catalog, StoreFactory())
    Trade.objects.filter(trade_no=late["trade_no"]).update(expires_at=timezone.now() - timedelta(seconds=1))

    assert tasks.cancel_unpaid_orders.delay().get() == 2  # both orders of the late trade
    assert tasks.cancel_unpaid_orders.delay().get() == 0  # safe to run again

    assert set(StoreOrder.objects.filter(trade__trade_no=late["trade_no"]).values_list("status", flat=True)) == {
        OrderStatus.CANCELLED
    }
    assert set(StoreOrder.objects.filter(trade__trade_no=fresh["trade_no"]).values_list("status", flat=True)) == {
        OrderStatus.PENDING_PAYMENT
    }
    assert (reserved(phone), reserved(case)) == (0, 0)
    coupon.refresh_from_db()
    assert coupon.status == CouponStatus.UNUSED
    reasons = set(OrderEvent.objects.filter(type="cancelled").values_list("reason_code", "reason", "by"))
    assert reasons == {("payment_timeout", "", None)}


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_cancel_each_order_exactly_once(catalog, store):
    trades = [place(catalog, store if n == 0 else StoreFactory())[1] for n in range(4)]
    Trade.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    counts, barrier = [], threading.Barrier(2)

    def sweep():
        try:
            barrier.wait()
            counts.append(cancel_unpaid_orders())
        finally:
            close_old_connections()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(counts) == 8 == StoreOrder.objects.filter(status=OrderStatus.CANCELLED).count()
    assert OrderEvent.objects.filter(type="cancelled").count() == 8
    assert len(trades) == 4


@pytest.mark.django_db(transaction=True)
def test_the_two_orders_of_a_trade_cancelled_at_once_give_back_its_platform_coupon(catalog, store):
    """Found by killing a worker in the middle of the timeout sweep (tests/marketplace/test_worker_killed.py): the
    given-back sweep and beat's next one each cancelled one order of a trade, each saw the other order still
    unpaid, and neither gave back the coupon the whole trade held. Here the first cancellation waits before
    committing, long enough for the second to finish unless the second waits for it."""
    member = UserFactory()
    coupon = coupon_services.coupon_claim(template=coupon_template(), user=member)  # the platform's 10 off 100
    phone = sku_of(catalog.phone(store))
    case = sku_of(catalog.phone(StoreFactory(), title="手机壳 Case", prices=("39.00", "49.00")))
    checkout = CheckoutRequest(
        lines=(LineRequest(phone.pk, 1), LineRequest(case.pk, 1)), address_id=address_of(member).pk
    )
    payable = checkout_price(user=member, request=checkout, now=timezone.now()).breakdown.payable
    trade = order_submit(user=member, submission=Submission(checkout=checkout, expected_payable=payable))
    first, second = trade.orders.order_by("pk")
    coupon.refresh_from_db()
    assert coupon.locked_by == trade.trade_no
    first_cancelled, second_cancelled = threading.Event(), threading.Event()

    def cancel_first():
        try:
            with transaction.atomic():
                order_cancel(order=first, by=member)
                first_cancelled.set()
                second_cancelled.wait(timeout=0.5)
        finally:
            close_old_connections()

    def cancel_second():
        try:
            first_cancelled.wait(timeout=10)
            order_cancel(order=second, by=member)
            second_cancelled.set()
        finally:
            close_old_connections()

    threads = [threading.Thread(target=cancel_first), threading.Thread(target=cancel_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert set(trade.orders.values_list("status", flat=True)) == {OrderStatus.CANCELLED}
    coupon.refresh_from_db()
    assert (coupon.status, coupon.locked_by) == (CouponStatus.UNUSED, "")
    assert (reserved(phone), reserved(case)) == (0, 0)
