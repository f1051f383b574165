from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coupons import selectors, services
from coupons.holders import CouponHolder
from marketplace.money import ZERO
from promotions import pricing
from tests.coupons.factories import coupon_template
from tests.factories import StoreFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_engine_coupons_hands_the_engine_the_members_usable_coupons_in_one_query():
    member, store = UserFactory(), StoreFactory()
    percent = coupon_template(
        kind="percent",
        value=Decimal("80.00"),
        threshold=Decimal("0.00"),
        max_discount=Decimal("30.00"),
        channels=["app"],
    )
    store_coupon = coupon_template(store=store, name="店铺券")
    for template in (percent, store_coupon, *[coupon_template() for _ in range(5)]):
        services.coupon_claim(template=template, user=member)
    used = services.coupon_claim(template=coupon_template(), user=member)
    services.coupon_lock(user=member, user_coupon_ids=[used.pk], order_no="SO1")
    services.coupon_claim(template=coupon_template(), user=UserFactory())  # someone else's

    with CaptureQueriesContext(connection) as queries:
        coupons = selectors.engine_coupons(user=member)

    assert len(queries) == 1
    assert len(coupons) == 7
    by_template = {coupon.template_id: coupon for coupon in coupons}
    assert by_template[percent.pk].kind is pricing.CouponKind.PERCENT
    assert (by_template[percent.pk].max_discount, by_template[percent.pk].channels) == (
        Decimal("30.00"),
        frozenset({pricing.Channel.APP}),
    )
    assert (by_template[store_coupon.pk].store, by_template[store_coupon.pk].funding.funder) == (
        store.pk,
        pricing.Funder.STORE,
    )
    assert len(selectors.engine_coupons(user=member, movable_from=[CouponHolder.of(order_no="SO1")])) == 8


def test_the_engine_picks_the_largest_coupon_the_member_holds():
    member, store = UserFactory(), StoreFactory()
    for value in ("5.00", "15.00", "10.00"):
        services.coupon_claim(
            template=coupon_template(store=store, value=Decimal(value), threshold=Decimal("100.00")), user=member
        )
    line = pricing.CartLine(line_id=1, sku=1, store=store.pk, quantity=2, price=Decimal("60.00"))

    breakdown = pricing.price_cart(
        pricing.CartInput(lines=(line,), now=timezone.now(), coupons=tuple(selectors.engine_coupons(user=member)))
    )

    assert breakdown.payable == Decimal("105.00")


def test_statistics_count_issues_uses_and_the_gmv_of_the_orders():
    template = coupon_template(total=10, issue_mode="both")
    claimed = [services.coupon_claim(template=template, user=UserFactory()) for _ in range(3)]
    services.coupon_distribute(template=template, user_ids=[UserFactory().pk], by=template.created_by)
    for number, (coupon, amount) in enumerate(zip(claimed[:2], ("180.00", "320.50"), strict=True)):
        services.coupon_lock(user=coupon.user, user_coupon_ids=[coupon.pk], order_no=f"SO{number}")
        services.coupon_consume(order_no=f"SO{number}", order_amount=Decimal(amount))

    stats = selectors.template_statistics(template=template)

    assert (stats.issued, stats.claimed, stats.distributed, stats.used, stats.unused) == (4, 3, 1, 2, 2)
    assert (stats.gmv, stats.use_rate) == (Decimal("500.50"), Decimal("50.00"))


def test_the_coupon_center_lists_public_claimable_coupons_of_open_stores_only():
    shown = coupon_template(name="可领")
    coupon_template(name="隐藏", public=False)
    coupon_template(name="只发放", issue_mode="distribute")
    coupon_template(name="未开始", claim_from=timezone.now() + timedelta(days=1))
    coupon_template(name="冻结店铺", store=StoreFactory(status="frozen"))
    gone = coupon_template(name="领完", total=1)
    services.coupon_claim(template=gone, user=UserFactory())

    assert list(selectors.coupon_center()) == [shown]
    assert selectors.template_statistics(template=shown).gmv == ZERO
