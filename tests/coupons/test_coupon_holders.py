"""What holds a locked coupon is a pair, the kind of unpaid order and its number (coupons.holders), kept and
answered for by the coupons center: the orders center locks, consumes and returns coupons by a store order's
or a trade's number and asks coupons.selectors.coupon_holders who holds what, never the rows."""

from decimal import Decimal

import pytest

from coupons import selectors, services
from coupons.exceptions import CouponUnavailable
from coupons.holders import CouponHolder, CouponHolderKind
from coupons.models import CouponStatus
from tests.coupons.factories import coupon_template
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def claimed(member):
    return services.coupon_claim(template=coupon_template(), user=member)


def test_the_holders_selector_says_which_coupons_are_held_and_by_which_order_or_trade():
    member, someone_else = UserFactory(), UserFactory()
    by_order, by_trade, free = claimed(member), claimed(member), claimed(member)
    services.coupon_lock(user=member, user_coupon_ids=[by_order.pk], order_no="S1")
    services.coupon_lock(user=member, user_coupon_ids=[by_trade.pk], trade_no="T1")
    services.coupon_lock(user=someone_else, user_coupon_ids=[claimed(someone_else).pk], order_no="S9")

    held = selectors.coupon_holders(user=member)

    assert held == {
        by_order.pk: CouponHolder(CouponHolderKind.STORE_ORDER, "S1"),
        by_trade.pk: CouponHolder(CouponHolderKind.TRADE, "T1"),
    }
    assert selectors.coupon_holders(user=member, coupon_ids=[by_trade.pk, free.pk]) == {by_trade.pk: held[by_trade.pk]}
    by_trade.refresh_from_db()
    assert (by_trade.status, by_trade.locked_by_kind, by_trade.locked_by) == (CouponStatus.LOCKED, "trade", "T1")


def test_a_store_order_and_a_trade_are_told_apart_even_under_one_number():
    member = UserFactory()
    coupon = claimed(member)
    services.coupon_lock(user=member, user_coupon_ids=[coupon.pk], trade_no="X1")

    assert services.coupon_consume(order_no="X1", order_amount=Decimal("100.00")) == []
    assert services.coupon_return(order_no="X1") == []
    coupon.refresh_from_db()
    assert coupon.status == CouponStatus.LOCKED

    [used] = services.coupon_consume(trade_no="X1", order_amount=Decimal("100.00"))
    assert (used.pk, used.status, used.locked_by_kind, used.locked_by, used.used_order_no) == (
        coupon.pk,
        CouponStatus.USED,
        "",
        "",
        "X1",
    )


def test_a_coupon_moves_only_from_the_holders_the_orders_center_names():
    member = UserFactory()
    coupon = claimed(member)
    services.coupon_lock(user=member, user_coupon_ids=[coupon.pk], trade_no="T1")

    with pytest.raises(CouponUnavailable) as refused:
        services.coupon_lock(
            user=member, user_coupon_ids=[coupon.pk], order_no="S2", movable_from=[CouponHolder.of(order_no="T1")]
        )
    assert refused.value.reason == "not_usable"
    services.coupon_lock(
        user=member, user_coupon_ids=[coupon.pk], order_no="S2", movable_from=[CouponHolder.of(trade_no="T1")]
    )

    assert selectors.coupon_holders(user=member) == {coupon.pk: CouponHolder.of(order_no="S2")}


def test_a_holder_is_named_by_exactly_one_number():
    with pytest.raises(TypeError):
        CouponHolder.of()
    with pytest.raises(TypeError):
        CouponHolder.of(order_no="S1", trade_no="T1")
