"""The checkout's reads compiled once and prepared (decision 0036) return what the ORM's querysets return; and a
submission whose lines were written with a warehouse that another order emptied meanwhile moves them to the
warehouse its reservation chose."""

from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.utils import timezone

from catalog.models import Stock
from catalog.services import stock_adjust
from coupons import selectors as coupon_selectors
from coupons import services as coupon_services
from coupons.holders import CouponHolder
from flashsales import services as flash_services
from orders.checkout import preview, services
from orders.models import OrderLine
from orders.pricing import OWN_SKUS, LineRequest, _own_skus
from promotions.serializers import CartBreakdownSerializer, breakdown_data
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.coupons.factories import coupon_template
from tests.factories import StoreFactory, UserFactory, WarehouseFactory
from tests.flashsales.helpers import published_session
from tests.orders.helpers import address_of, submit

pytestmark = pytest.mark.django_db


def test_the_skus_read_compiled_is_what_the_orm_reads(store):
    catalog = PhoneCatalog()
    skus = [*catalog.phone(store, colours=("黑色", "白色")).skus.all(), *catalog.phone(StoreFactory()).skus.all()]
    ids = [sku.pk for sku in skus][::-1]

    def seen(rows):
        return [
            (
                sku.pk,
                sku.available,
                sku.on_hand,
                sku.warehouse,
                sorted(sku.category_path),
                sku.spu.title,
                sku.store.name,
            )
            for sku in rows
        ]

    compiled = seen(OWN_SKUS.instances(sku_ids=ids))
    assert compiled == seen(_own_skus(ids))
    assert len(compiled) == 6 and all(row[1] == 10 and row[3] is not None for row in compiled)
    assert seen(OWN_SKUS.instances(sku_ids=ids[:1])) == seen(_own_skus(ids[:1]))


def test_the_best_warehouse_is_the_one_with_the_most_available(store):
    sku = PhoneCatalog().phone(store).skus.first()
    fuller = WarehouseFactory(store=store)
    stock_adjust(sku=sku, warehouse=fuller, delta=11, reason="到货", by=None)

    (read,) = OWN_SKUS.instances(sku_ids=[sku.pk])

    assert (read.warehouse, read.available) == (fuller.pk, 21)


def test_the_checkout_coupons_are_the_unused_and_the_held_as_the_orm_reads_them():
    member = UserFactory()
    unused = [coupon_services.coupon_claim(template=coupon_template(), user=member) for _ in range(3)]
    held = coupon_services.coupon_claim(template=coupon_template(), user=member)
    coupon_services.coupon_lock(user=member, user_coupon_ids=[held.pk], order_no="SO1")
    coupon_services.coupon_claim(template=coupon_template(), user=UserFactory())  # someone else's
    now = timezone.now()

    compiled = coupon_selectors.checkout_coupons(user=member, now=now)
    orm = coupon_selectors.engine_coupons(
        user=member, now=now, movable_from=coupon_selectors.coupon_holders(user=member).values()
    )

    assert compiled == orm
    assert sorted(coupon.id for coupon in compiled) == sorted([held.pk, *(coupon.pk for coupon in unused)])
    assert CouponHolder.of(order_no="SO1") in coupon_selectors.coupon_holders(user=member).values()
    assert coupon_selectors.checkout_coupons(user=member, now=now + timedelta(days=400)) == []


def test_the_address_read_compiled_is_the_members_own():
    member, other = UserFactory(), UserFactory()
    home, theirs = address_of(member), address_of(other)

    found = preview.address_for_checkout(member, home.pk)

    assert (found.pk, found.name, found.region_id, found.detail) == (home.pk, "张三", "310104", "1 号")
    with pytest.raises(preview.InvalidInput):
        preview.address_for_checkout(member, theirs.pk)


def test_the_live_holds_read_compiled_is_what_the_orm_reads(store):
    session, sku = published_session(store, price="4999.00")
    member = UserFactory()
    flash_services.flash_attempt(session_id=session.pk, sku_id=sku.pk, user_id=member.pk)
    now = timezone.now()

    holds = flash_services.member_live_holds(user_id=member.pk, sku_ids=[sku.pk, sku.pk + 1000], now=now)

    orm = list(flash_services._live_holds(member.pk, [sku.pk], now))
    assert [tuple(vars(hold).values()) for hold in holds.values()] == orm
    assert holds[sku.pk].flash_price == Decimal("4999.00") and holds[sku.pk].quantity == 1
    assert flash_services.member_live_holds(user_id=member.pk, sku_ids=[sku.pk], now=now + timedelta(days=9)) == {}


def test_a_line_written_with_a_warehouse_emptied_meanwhile_is_moved_to_the_one_reserved(store):
    sku = PhoneCatalog().phone(store, stock=1).skus.first()
    first = Stock.objects.get(sku=sku).warehouse
    other = WarehouseFactory(store=store)
    stock_adjust(sku=sku, warehouse=other, delta=5, reason="到货", by=None)
    member = UserFactory()
    api = client_for(member)
    real = services.with_gift_skus

    def guessed_first(priced):  # as if the read came before another order took the other warehouse's units
        skus = real(priced)
        skus[sku.pk].warehouse = first.pk
        return skus

    home = address_of(member).pk
    body = {"lines": [{"sku": sku.pk, "quantity": 2}], "address": home}
    payable = api.post("/api/v1/checkout/preview/", body, format="json").json()["payable"]

    with mock.patch.object(services, "with_gift_skus", guessed_first):
        response = submit(api, [(sku, 2)], address=home, expected=payable)

    assert response.status_code == 201, response.json()
    assert OrderLine.objects.get(sku=sku).warehouse_id == other.pk
    stocks = {stock.warehouse_id: (stock.on_hand, stock.reserved) for stock in Stock.objects.filter(sku=sku)}
    assert stocks == {first.pk: (1, 0), other.pk: (5, 2)}


def test_the_breakdown_drawn_by_the_one_serializer_is_what_a_new_serializer_draws(store):
    phone = PhoneCatalog().phone(store, colours=("黑色", "白色"))
    member = UserFactory()
    held = coupon_services.coupon_claim(template=coupon_template(), user=member)
    lines = tuple(LineRequest(sku.pk, 1) for sku in phone.skus.all())
    request = preview.CheckoutRequest(lines=lines, address_id=address_of(member).pk)

    breakdown = preview.checkout_price(user=member, request=request, now=timezone.now()).breakdown

    assert breakdown.coupons.applied == (held.pk,)
    assert breakdown_data(breakdown) == breakdown_data(breakdown) == CartBreakdownSerializer(breakdown).data
