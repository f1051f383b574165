"""Expiry and refunds of unused uses, exact to the cent, through after-sales: on expiry where the goods say so (the
job twice changes nothing), or asked for by the shopper before; otherwise the voucher just expires."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from orders.models import OrderStatus, Refund
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.vouchers.helpers import buy, clerk_of, tea_tasting, vouchers_of
from vouchers.exceptions import VoucherRefused
from vouchers.models import Voucher, VoucherStatus
from vouchers.services import voucher_redeem, voucher_refund, vouchers_expire_due
from vouchers.tasks import expire_vouchers

pytestmark = pytest.mark.django_db


def expire(*vouchers) -> None:
    Voucher.objects.filter(pk__in=[v.pk for v in vouchers]).update(expires_at=timezone.now() - timedelta(seconds=1))


def test_expiry_refunds_the_unused_uses_exactly_and_the_order_adds_up(store):
    order = buy(UserFactory(), tea_tasting(store, price="100.00", uses=3), quantity=2)
    first, second = vouchers_of(order)
    voucher_redeem(code=first.code, store=store, clerk=clerk_of(store), uses=2)  # 66.66 used
    expire(first, second)

    assert expire_vouchers() == 2
    assert vouchers_expire_due() == 0  # a second run changes nothing

    refunds = {r.lines.get().amount for r in Refund.objects.filter(order=order)}
    assert refunds == {Decimal("33.34"), Decimal("100.00")}
    order.refresh_from_db()
    assert order.refunded_amount == Decimal("133.34")
    assert order.refunded_amount + Decimal("66.66") == order.paid_amount  # redeemed + refunded = paid, to the cent
    assert order.status == OrderStatus.CLOSED  # every unit came back (in part or whole)
    assert {v.status for v in vouchers_of(order)} == {VoucherStatus.REFUNDED}


def test_goods_that_do_not_refund_just_expire(store):
    order = buy(UserFactory(), tea_tasting(store, refund=False))
    [voucher] = vouchers_of(order)
    expire(voucher)

    assert vouchers_expire_due() == 1
    voucher.refresh_from_db()
    assert voucher.status == VoucherStatus.EXPIRED
    assert not Refund.objects.filter(order=order).exists()
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED


def test_the_shopper_may_have_unused_uses_refunded_before_expiry_once(store):
    member = UserFactory()
    [voucher] = vouchers_of(buy(member, tea_tasting(store, price="99.99", uses=4)))  # 24.99 x3 + 25.02
    voucher_redeem(code=voucher.code, store=store, clerk=clerk_of(store))

    refunded = voucher_refund(voucher_id=voucher.pk, user=member)

    assert refunded.refunded_amount == Decimal("75.00")  # 24.99 + 24.99 + 25.02
    with pytest.raises(VoucherRefused) as again:
        voucher_refund(voucher_id=voucher.pk, user=member)
    assert again.value.code == "voucher_not_refundable"
    assert Refund.objects.filter(order=voucher.order).count() == 1


def test_the_ordinary_after_sales_request_is_refused_for_a_voucher_line(store):
    member = UserFactory()
    order = buy(member, tea_tasting(store))
    line = order.lines.get()

    response = client_for(member).post(
        f"/api/v1/orders/{order.order_no}/refunds/",
        {"kind": "refund_only", "reason_code": "unwanted", "lines": [{"line": line.pk, "quantity": 1}]},
        format="json",
    )

    assert response.status_code == 400 and response.json()["fields"]["lines"] == [{"line": line.pk}]
    assert not Refund.objects.filter(order=order).exists()
