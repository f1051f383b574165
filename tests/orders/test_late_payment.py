"""A payment the gateway confirms after its order was cancelled goes back to the payer, automatically and once
(decision 0014). Found by a probe: submit, start paying, cancel (or let the timeout sweep cancel while the shopper
is on the gateway page), then a correctly signed success notification answered 409; the money stayed taken."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Value
from django.utils import timezone

from catalog.models import Stock
from marketplace.models import OutboxMessage
from marketplace.tasks import deliver_outbox
from orders.lifecycle.cancellation import cancel_unpaid_orders, order_cancel
from orders.models import OrderEvent, OrderStatus, Payment, ReturnedPayment, SimulatedGatewayRefund, StoreOrder
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.factories import StoreFactory, UserFactory
from tests.orders.helpers import address_of, callback, sku_of, submit
from tests.orders.test_concurrency import in_threads

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def api(member):
    return client_for(member)


@pytest.fixture
def two_store_trade(api, member, store):
    """A phone (5999.00) from `store` and two cases (2 x 39.00) from another: one trade, two store orders."""
    catalog = PhoneCatalog()
    phone = sku_of(catalog.phone(store))
    case = sku_of(catalog.phone(StoreFactory(), title="手机壳 Case", prices=("39.00", "49.00")))
    response = submit(api, [(phone, 1), (case, 2)], address=address_of(member).pk, expected="6077.00")
    assert response.status_code == 201, response.json()
    return response.json()


def start_paying(api, trade) -> dict:
    return api.post(f"/api/v1/payments/{trade['trade_no']}/", {"method": "simulated"}, format="json").json()


def orders_of(trade) -> list[StoreOrder]:
    return list(StoreOrder.objects.filter(trade__trade_no=trade["trade_no"]).order_by("payable"))


def test_a_payment_confirmed_after_the_shopper_cancelled_goes_back_in_full(
    api, member, two_store_trade, django_capture_on_commit_callbacks
):
    payment = start_paying(api, two_store_trade)
    for order in orders_of(two_store_trade):
        order_cancel(order=order, by=member, reason="不想要了")

    with django_capture_on_commit_callbacks(execute=True):
        response = callback(api, payment["payment_no"], "6077.00")

    assert response.status_code == 200
    assert {order.status for order in orders_of(two_store_trade)} == {OrderStatus.CANCELLED}
    returned = ReturnedPayment.objects.order_by("amount")
    assert [(r.amount, r.reason, r.status) for r in returned] == [
        (Decimal("78.00"), "cancelled", "sent"),
        (Decimal("5999.00"), "cancelled", "sent"),
    ]
    assert sum(r.amount for r in returned) == Decimal(payment["amount"])
    assert all(r.gateway_refund_id == f"sim-{r.refund_no}" and r.sent_at for r in returned)
    assert OrderEvent.objects.filter(type="payment_returned").count() == 2
    assert Payment.objects.get(payment_no=payment["payment_no"]).status == "succeeded"


def test_a_payment_confirmed_after_the_timeout_sweep_goes_back_and_paying_again_is_refused(
    api, two_store_trade, django_capture_on_commit_callbacks
):
    payment = start_paying(api, two_store_trade)
    assert cancel_unpaid_orders(now=timezone.now() + timedelta(hours=1)) == 2  # the shopper is on the gateway page

    with django_capture_on_commit_callbacks(execute=True):
        late = callback(api, payment["payment_no"], "6077.00")
    again = api.post(f"/api/v1/payments/{two_store_trade['trade_no']}/", {"method": "simulated"}, format="json")

    assert late.status_code == 200
    assert ReturnedPayment.objects.filter(status="sent").count() == 2
    assert (again.status_code, again.json()["code"]) == (409, "invalid_transition")


def test_the_order_still_waiting_is_paid_and_only_the_cancelled_ones_share_goes_back(
    api, member, two_store_trade, django_capture_on_commit_callbacks
):
    payment = start_paying(api, two_store_trade)
    case_order, phone_order = orders_of(two_store_trade)
    order_cancel(order=case_order, by=member, reason="买多了")

    with django_capture_on_commit_callbacks(execute=True):
        response = callback(api, payment["payment_no"], "6077.00")

    phone_order.refresh_from_db()
    assert response.status_code == 200
    assert (phone_order.status, phone_order.paid_amount) == (OrderStatus.PAID, Decimal("5999.00"))
    [returned] = ReturnedPayment.objects.all()
    assert (returned.share.order, returned.amount) == (case_order, Decimal("78.00"))
    assert phone_order.parcels.exists()  # its shipment split ran after commit


def test_a_second_payment_of_orders_another_payment_paid_goes_back(
    api, two_store_trade, django_capture_on_commit_callbacks
):
    first, second = start_paying(api, two_store_trade), start_paying(api, two_store_trade)

    with django_capture_on_commit_callbacks(execute=True):
        paid = callback(api, first["payment_no"], "6077.00")
        doubled = callback(api, second["payment_no"], "6077.00")

    assert (paid.status_code, doubled.status_code) == (200, 200)
    assert {order.status for order in orders_of(two_store_trade)} == {OrderStatus.PAID}
    returned = ReturnedPayment.objects.all()
    assert {r.share.payment.payment_no for r in returned} == {second["payment_no"]}
    assert {r.reason for r in returned} == {"paid"}
    assert sum(r.amount for r in returned) == Decimal("6077.00")


def test_the_notification_told_again_returns_nothing_more(
    api, member, two_store_trade, django_capture_on_commit_callbacks
):
    payment = start_paying(api, two_store_trade)
    for order in orders_of(two_store_trade):
        order_cancel(order=order, by=member)

    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            callback(api, payment["payment_no"], "6077.00", event_id="evt-1").status_code,
            callback(api, payment["payment_no"], "6077.00", event_id="evt-1").status_code,
            callback(api, payment["payment_no"], "6077.00", event_id="evt-2").status_code,
        ]

    assert statuses == [200, 200, 200]
    assert ReturnedPayment.objects.count() == 2
    assert OrderEvent.objects.filter(type="payment_returned").count() == 2


def test_a_return_whose_message_was_lost_is_sent_by_the_sweep_once(api, member, two_store_trade):
    payment = start_paying(api, two_store_trade)
    for order in orders_of(two_store_trade):
        order_cancel(order=order, by=member)
    callback(api, payment["payment_no"], "6077.00")  # committed nowhere: its on-commit send never runs

    assert set(ReturnedPayment.objects.values_list("status", flat=True)) == {"pending"}
    assert deliver_outbox() == {"delivered": 2}  # the outbox's sweep, every minute
    assert deliver_outbox() == {}
    assert set(ReturnedPayment.objects.values_list("status", flat=True)) == {"sent"}
    book = SimulatedGatewayRefund.objects.order_by("amount")
    assert [(r.refund_no, r.amount, r.requests) for r in book] == list(
        ReturnedPayment.objects.order_by("amount").values_list("refund_no", "amount", Value(1))
    )  # the gateway paid each back once, asked once


def test_a_returned_payment_rolled_back_with_its_notification_never_reaches_the_gateway(
    api, member, two_store_trade, django_capture_on_commit_callbacks
):
    payment = start_paying(api, two_store_trade)
    for order in orders_of(two_store_trade):
        order_cancel(order=order, by=member)

    with django_capture_on_commit_callbacks(execute=True) as sent, pytest.raises(RuntimeError), transaction.atomic():
        callback(api, payment["payment_no"], "6077.00")
        raise RuntimeError("the notification's transaction fails after the returns were written")

    assert not ReturnedPayment.objects.exists() and not OutboxMessage.objects.exists()
    assert sent == [] and not SimulatedGatewayRefund.objects.exists()  # no money moved for what was rolled back


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_a_notification_racing_the_timeout_sweep_either_pays_or_returns_never_both(store):
    """Twenty trades, each notified of its payment at the moment the sweep cancels it: every trade ends paid, or
    cancelled with its money returned; never paid and returned, never cancelled and kept."""
    phone = sku_of(PhoneCatalog().phone(store, stock=20))
    trades = []
    for _ in range(20):
        member = UserFactory()
        api = client_for(member)
        trade = submit(api, [(phone, 1)], address=address_of(member).pk, expected="5999.00").json()
        trades.append((api, start_paying(api, trade)))
    later = timezone.now() + timedelta(hours=1)

    in_threads(
        [lambda: cancel_unpaid_orders(now=later)]
        + [lambda api=api, payment=payment: callback(api, payment["payment_no"], "5999.00") for api, payment in trades],
        workers=21,
    )

    outcomes = {}
    for order in StoreOrder.objects.all():
        returned = ReturnedPayment.objects.filter(share__order=order).count()
        outcomes[order.order_no] = (order.status, returned)
    assert set(outcomes.values()) <= {(OrderStatus.PAID, 0), (OrderStatus.CANCELLED, 1)}
    paid = sum(1 for status, _ in outcomes.values() if status == OrderStatus.PAID)
    stock = Stock.objects.get(sku=phone)
    assert (stock.on_hand, stock.reserved) == (20, paid)  # cancelled orders gave their phones back
