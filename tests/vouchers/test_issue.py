"""Paying for service goods issues one voucher per unit, worth its share of the line to the cent; nothing ships and
the units' stock leaves at once."""

from datetime import timedelta
from decimal import Decimal

import pytest

from catalog.models import Stock
from orders.models import OrderStatus, Parcel
from orders.shipping.services import orders_missing_parcels, shipment_split
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.orders.helpers import address_of, pay, sku_of, submit
from tests.vouchers.helpers import buy, tea_tasting, vouchers_of
from vouchers.models import Voucher, VoucherEvent, VoucherStatus

pytestmark = pytest.mark.django_db


def test_paying_issues_one_voucher_per_unit_with_a_random_digit_code(store):
    sku = tea_tasting(store, uses=3)
    order = buy(UserFactory(), sku, quantity=3)

    vouchers = vouchers_of(order)
    assert len(vouchers) == 3
    assert [v.value for v in vouchers] == [Decimal("100.00")] * 3
    assert all(v.uses == v.uses_left == 3 and v.status == VoucherStatus.ACTIVE for v in vouchers)
    codes = {v.code for v in vouchers}
    assert len(codes) == 3 and all(len(code) == 12 and code.isdigit() for code in codes)
    assert VoucherEvent.objects.filter(voucher__order=order, type="issued").count() == 3
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_a_line_split_over_units_puts_the_remainder_on_the_last_voucher(store):
    sku = tea_tasting(store, price="33.34")
    member = UserFactory()
    order = buy(member, sku, quantity=3)  # 100.02 over 3 units: 33.34 each
    assert sum(v.value for v in vouchers_of(order)) == order.lines.get().payable == Decimal("100.02")


def test_service_goods_ship_nothing_and_their_stock_leaves_at_payment(store):
    sku = tea_tasting(store, stock=10)
    order = buy(UserFactory(), sku, quantity=2)

    assert shipment_split(order_id=order.pk) == []
    assert not Parcel.objects.filter(order=order).exists()
    [stock] = Stock.objects.filter(sku=sku)
    assert (stock.on_hand, stock.reserved) == (8, 0)
    assert order.pk not in orders_missing_parcels(now=order.paid_at + timedelta(hours=1))


def test_goods_in_the_same_order_still_ship_in_parcels(store):
    catalog = PhoneCatalog()
    tea = tea_tasting(store, catalog=catalog)
    phone = sku_of(catalog.phone(store, title="华为 Mate 70 手机"))
    member = UserFactory()
    api = client_for(member)
    response = submit(api, [(tea, 1), (phone, 1)], address=address_of(member).pk, expected="6099.00")
    assert response.status_code == 201, response.json()
    pay(api, response.json()["trade_no"])

    [voucher] = Voucher.objects.filter(user=member)
    parcels = shipment_split(order_id=voucher.order_id)
    assert [[line.sku_id for line in parcel.lines.all()] for parcel in parcels] == [[phone.pk]]
    [stock] = Stock.objects.filter(sku=phone)
    assert (stock.on_hand, stock.reserved) == (10, 1)  # the phone waits in its parcel
