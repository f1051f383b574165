"""Selling through a store and pickup under real concurrency (threads with their own PostgreSQL connections)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from marketplace.exceptions import DomainError
from orders.checkout.preview import CheckoutRequest
from orders.checkout.services import Submission, order_submit
from orders.models import OrderEvent, OrderEventType, OrderStatus, Refund, StoreOrder
from orders.pickup.expiry import pickup_sweep
from orders.pickup.services import pickup_collect
from orders.pricing import LineRequest
from stores.models import StaffRole
from tests.factories import MembershipFactory, UserFactory
from tests.orders.helpers import address_of
from tests.orders.o2o import listed_phone, stock_of
from tests.orders.test_concurrency import in_threads
from tests.orders.test_pickup import paid_pickup_order

pytestmark = pytest.mark.django_db(transaction=True)


def buy_from(store, sku, user, *, pickup: bool = False):
    checkout = CheckoutRequest(
        lines=(LineRequest(sku.pk, 1, seller_id=store.pk),),
        address_id=None if pickup else address_of(user).pk,
        pickup_store=store.pk if pickup else None,
    )
    return lambda: order_submit(user=user, submission=Submission(checkout=checkout, expected_payable=Decimal("5999")))


def test_shoppers_racing_for_the_stores_last_unit_make_one_order_and_leave_hq_alone():
    listed = listed_phone(franchise_stock=1)
    calls = [buy_from(listed.franchise, listed.sku, UserFactory()) for _ in range(8)]

    results = in_threads(calls, workers=8)

    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(refused) == 7 and {r.code for r in refused} == {"insufficient_stock"}
    [order] = StoreOrder.objects.all()
    assert order.store == listed.franchise
    assert stock_of(listed.sku, listed.franchise) == (1, 1)
    assert stock_of(listed.sku, listed.hq) == (10, 0)


def test_two_clerks_scanning_one_code_at_once_hand_it_over_once():
    listed = listed_phone()
    order = paid_pickup_order(listed)
    clerks = [MembershipFactory(store=listed.franchise, role=StaffRole.CLERK).user for _ in range(2)]

    results = in_threads(
        [lambda c=c: pickup_collect(store=listed.franchise, code=order.pickup_code, by=c) for c in clerks]
    )

    refused = [r for r in results if isinstance(r, DomainError)]
    assert [r.code for r in refused] == ["pickup_already_collected"]
    assert OrderEvent.objects.filter(order=order, type=OrderEventType.PICKED_UP).count() == 1
    assert stock_of(listed.sku, listed.franchise) == (2, 0)


def test_two_sweeps_at_once_remind_once_and_refund_once():
    listed = listed_phone()
    reminded, expired = paid_pickup_order(listed), paid_pickup_order(listed)
    now = timezone.now()
    StoreOrder.objects.filter(pk=reminded.pk).update(paid_at=now - timedelta(days=4))
    StoreOrder.objects.filter(pk=expired.pk).update(paid_at=now - timedelta(days=8))

    in_threads([lambda: pickup_sweep(now=now), lambda: pickup_sweep(now=now)])

    assert OrderEvent.objects.filter(order=reminded, type=OrderEventType.PICKUP_REMINDED).count() == 1
    assert Refund.objects.filter(order=expired).count() == 1
    assert StoreOrder.objects.get(pk=expired.pk).status == OrderStatus.CLOSED
    assert stock_of(listed.sku, listed.franchise) == (3, 1)  # the expired order's unit is back; the other waits
