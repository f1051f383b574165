"""Order submission's SQL statements are pinned: a cart of six lines over two stores, or of thirty over three,
costs what one line costs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.factories import StoreFactory, UserFactory
from tests.orders.helpers import address_of, sku_of, submit

pytestmark = pytest.mark.django_db


def statements_of_submit(api, lines, address: int, **extra) -> int:
    body = {"lines": [{"sku": sku.pk, "quantity": n} for sku, n in lines], "address": address, **extra}
    preview = api.post("/api/v1/checkout/preview/", body, format="json").json()
    with CaptureQueriesContext(connection) as captured:
        response = submit(api, lines, address=address, expected=preview["payable"], **extra)
    assert response.status_code == 201, response.json()
    return len(captured)


def test_submit_costs_the_same_statements_for_one_line_or_six_over_two_stores(store):
    catalog = PhoneCatalog()
    member = UserFactory()
    api, home = client_for(member), address_of(member).pk
    phones = list(catalog.phone(store, colours=("黑色", "白色", "蓝色")).skus.all())
    cases = list(catalog.phone(StoreFactory(), title="手机壳 Case", colours=("黑色", "白色", "蓝色")).skus.all())

    one = statements_of_submit(api, [(sku_of(phones[0].spu), 1)], home)
    six = statements_of_submit(api, [(sku, 1) for sku in phones[:3] + cases[:3]], home)

    # the token's member (with their level and the company they buy for, members.backends), BEGIN, the member's
    # submission lock, the Idempotency-Key's earlier trade, the address, the coupons, the SKUs (with their
    # categories, stock, best warehouse and the picture each line keeps), the member's flash-sale holds; the trade,
    # its orders, lines, discounts, promotion uses and events; then the stock rows locked, and in one statement moved
    # with the SPU totals and the stock movements; COMMIT
    assert one == six == SUBMIT_STATEMENTS


SUBMIT_STATEMENTS = 16


def test_a_submission_that_applies_no_coupon_does_not_read_the_members_coupons(store):
    catalog = PhoneCatalog()
    member = UserFactory()
    api, home = client_for(member), address_of(member).pk
    phone = sku_of(catalog.phone(store))

    chosen_by_us = statements_of_submit(api, [(phone, 1)], home)  # "auto": the best of the member's coupons
    none = statements_of_submit(api, [(phone, 1)], home, coupons=[])

    assert none == chosen_by_us - 1 == SUBMIT_STATEMENTS - 1


def test_a_thirty_line_cart_over_three_stores_costs_the_same_statements(store):
    catalog = PhoneCatalog()
    member = UserFactory()
    api, home = client_for(member), address_of(member).pk
    shops = (store, StoreFactory(), StoreFactory())
    skus = [  # five phones of six SKUs each, each phone's stock in a warehouse of its own
        sku
        for number, shop in enumerate((*shops, shops[0], shops[1]))
        for sku in catalog.phone(shop, title=f"手机 {number}", colours=("黑色", "白色", "蓝色")).skus.all()
    ]
    assert len(skus) == 30

    assert statements_of_submit(api, [(sku, 1) for sku in skus], home) == SUBMIT_STATEMENTS


def test_each_line_keeps_the_picture_of_its_colour_read_with_its_sku(store):
    from catalog.models import ImageKind, SpuImage
    from orders.models import OrderLine

    member = UserFactory()
    api, home = client_for(member), address_of(member).pk
    phone = PhoneCatalog().phone(store, colours=("黑色", "白色"))
    SpuImage.objects.create(spu=phone, kind=ImageKind.MAIN, image="spu/phone.png")
    SpuImage.objects.create(spu=phone, kind=ImageKind.SPEC, spec_value="白色", image="spu/phone-white.png")
    white, black = (phone.skus.get(specs__颜色=colour, specs__内存="128G") for colour in ("白色", "黑色"))

    statements_of_submit(api, [(white, 1), (black, 2)], home)

    kept = dict(OrderLine.objects.filter(order__user=member).values_list("sku_id", "image"))
    assert kept[white.pk].endswith("/spu/phone-white.png") and kept[black.pk].endswith("/spu/phone.png")


def test_a_members_earlier_trade_of_a_key_is_found_by_the_key_not_among_all_their_trades():
    """The Idempotency-Key's read is a prepared statement with one plan for any key: it must still use the unique
    index on (member, key), which is partial (a key is given), not read every trade the member ever placed."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from orders.checkout.services import _TRADE_OF_KEY
    from orders.models import Trade

    member, deadline = UserFactory(), timezone.now() + timedelta(minutes=30)
    Trade.objects.bulk_create(
        Trade(trade_no=f"T{n}", user=member, payable=Decimal("1.00"), expires_at=deadline, idempotency_key=f"k{n}")
        for n in range(500)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE orders_trade")

    assert _TRADE_OF_KEY.instance(user_id=member.pk, key="k7").trade_no == "T7"

    _sql, params = _TRADE_OF_KEY.statement(user_id=member.pk, key="k7")
    with connection.cursor() as cursor:  # the statement the read prepared on this connection, and its one plan
        cursor.execute(
            "SELECT name FROM pg_prepared_statements WHERE statement LIKE %s", ['SELECT "orders_trade"."id"%']
        )
        (name,) = cursor.fetchone()
        cursor.execute(f"EXPLAIN EXECUTE {name}({', '.join(['%s'] * len(params))})", params)
        plan = "\n".join(row for (row,) in cursor.fetchall())
    assert "trade_idempotency_key_unique_per_user" in plan, plan
