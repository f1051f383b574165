"""Orders under real concurrency: threads with their own PostgreSQL connections, racing for the same rows."""

import json
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client

from catalog.models import Stock
from coupons import services as coupon_services
from coupons.models import CouponStatus
from marketplace.exceptions import DomainError
from orders.checkout.preview import CheckoutRequest
from orders.checkout.services import Submission, order_submit
from orders.models import GatewayEvent, OrderEvent, OrderStatus, StoreOrder, Trade
from orders.payment.gateways import SimulatedGateway
from orders.payment.services import payment_start
from orders.pricing import LineRequest
from tests.catalog.factories import PhoneCatalog
from tests.coupons.factories import coupon_template
from tests.factories import UserFactory
from tests.orders.helpers import address_of, sku_of

pytestmark = pytest.mark.django_db(transaction=True)


def in_threads(calls, workers: int = 16) -> list:
    """Run the calls at once: the first `workers` line up at a barrier and start together, the rest follow as threads
    free up (waiting at the barrier too, the last few would wait for partners that never come). Each result is a
    value or the error."""
    barrier = threading.Barrier(min(workers, len(calls)))

    def run(numbered):
        number, call = numbered
        try:
            if number < barrier.parties:
                barrier.wait(timeout=30)
            return call()
        except DomainError as error:
            return error
        finally:
            connection.close()  # this thread's own connection: left open, it would outlive the test

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, enumerate(calls)))


def buy(user, address, lines, payable: str, coupons="auto"):
    checkout = CheckoutRequest(
        lines=tuple(LineRequest(sku.pk, quantity) for sku, quantity in lines), address_id=address.pk, coupons=coupons
    )
    return lambda: order_submit(user=user, submission=Submission(checkout=checkout, expected_payable=Decimal(payable)))


def test_200_shoppers_racing_for_50_phones_make_exactly_50_orders(store):
    phone = sku_of(PhoneCatalog().phone(store, stock=50))
    shoppers = [UserFactory() for _ in range(200)]
    calls = [buy(user, address_of(user), [(phone, 1)], "5999.00") for user in shoppers]

    results = in_threads(calls)

    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(results) - len(refused) == 50
    assert len(refused) == 150 and {r.code for r in refused} == {"insufficient_stock"}
    assert StoreOrder.objects.count() == Trade.objects.count() == 50
    [stock] = Stock.objects.filter(sku=phone)
    assert (stock.on_hand, stock.reserved) == (50, 50)


def test_carts_a_b_and_b_a_interleaved_never_deadlock(store):
    catalog = PhoneCatalog()
    spu = catalog.phone(store, stock=500)
    a, b = sku_of(spu, "128G"), sku_of(spu, "256G")
    shoppers = [UserFactory() for _ in range(100)]
    calls = [
        buy(user, address_of(user), [(a, 1), (b, 1)] if n % 2 else [(b, 1), (a, 1)], "12998.00")
        for n, user in enumerate(shoppers)
    ]

    results = in_threads(calls)

    assert [r for r in results if isinstance(r, Exception)] == []
    assert StoreOrder.objects.count() == 100
    assert sorted(Stock.objects.filter(sku__in=[a, b]).values_list("reserved", flat=True)) == [100, 100]


def test_50_orders_racing_for_one_coupon_leave_exactly_one_order_holding_it(store):
    """A coupon moves to the member's newest order (the unpaid one holding it is cancelled), so a submit that saw
    it held by a committed order may take it over; whatever the interleaving, one live order holds it in the end,
    every other submit was refused or stands cancelled with its stock back."""
    phone = sku_of(PhoneCatalog().phone(store, stock=100))
    member = UserFactory()
    home = address_of(member)
    coupon = coupon_services.coupon_claim(
        template=coupon_template(value=Decimal("100"), threshold=Decimal("1000")), user=member
    )

    results = in_threads([buy(member, home, [(phone, 1)], "5899.00", coupons=(coupon.pk,)) for _ in range(50)])

    placed = [r for r in results if isinstance(r, Trade)]
    assert len(placed) + len([r for r in results if isinstance(r, DomainError)]) == 50
    assert {r.code for r in results if isinstance(r, DomainError)} <= {"coupon_unavailable"}
    [live] = StoreOrder.objects.filter(status=OrderStatus.PENDING_PAYMENT)
    coupon.refresh_from_db()
    assert (coupon.status, coupon.locked_by) == (CouponStatus.LOCKED, live.order_no)
    moved = StoreOrder.objects.filter(status=OrderStatus.CANCELLED)
    assert moved.count() == len(placed) - 1
    assert set(OrderEvent.objects.filter(order__in=moved, type="cancelled").values_list("reason_code", flat=True)) <= {
        "coupon_moved"
    }
    assert sum(Stock.objects.filter(sku=phone).values_list("reserved", flat=True)) == 1


def test_20_duplicate_callbacks_at_once_pay_once(store):
    phone = sku_of(PhoneCatalog().phone(store))
    member = UserFactory()
    trade = buy(member, address_of(member), [(phone, 1)], "5999.00")()
    payment = payment_start(trade=trade, method="simulated")
    body = json.dumps(
        {"payment_no": payment.payment_no, "amount": "5999.00", "status": "succeeded", "event_id": secrets.token_hex(8)}
    ).encode()
    signature = SimulatedGateway().sign(body)

    def notify():
        return Client().post(
            "/api/v1/payments/callback/simulated/", body, content_type="application/json", HTTP_X_SIGNATURE=signature
        )

    responses = in_threads([notify] * 20)

    assert [r.status_code for r in responses] == [200] * 20
    assert GatewayEvent.objects.count() == 1
    assert StoreOrder.objects.get().status == OrderStatus.PAID
    assert OrderEvent.objects.filter(type="paid").count() == 1
