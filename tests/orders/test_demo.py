"""seed_demo places orders in every state, with parcels and refunds, and a second seed adds none."""

from io import StringIO

import pytest
from django.core.management import call_command

from orders.models import OrderStatus, Parcel, Refund, StoreOrder

pytestmark = pytest.mark.django_db


def test_the_demo_has_orders_in_every_state_with_parcels_and_refunds_and_seeding_twice_adds_none():
    call_command("seed_demo", stdout=StringIO())
    count = StoreOrder.objects.count()

    call_command("seed_demo", stdout=StringIO())

    assert StoreOrder.objects.count() == count
    assert set(StoreOrder.objects.values_list("status", flat=True)) == set(OrderStatus.values)
    assert {"pending", "shipped"} <= set(Parcel.objects.values_list("status", flat=True))
    assert {"refunded", "requested"} <= set(Refund.objects.values_list("status", flat=True))
    closed = StoreOrder.objects.get(status=OrderStatus.CLOSED)
    assert closed.refunded_amount == closed.paid_amount > 0
