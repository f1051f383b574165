"""POST /api/v1/checkout/submit/: a trade, one order per store, stock reserved, coupons locked, points spent."""

from decimal import Decimal

import pytest

from catalog.models import ImageKind, Spu, SpuImage, StockMovement
from coupons import services as coupon_services
from coupons.models import CouponStatus
from members import services as member_services
from members.models import PointsRule
from orders.checkout.serializers import TradeSerializer
from orders.models import CartItem, LineDiscount, OrderEvent, OrderLine, StoreOrder, Trade
from stores.models import Store
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.coupons.factories import coupon_template
from tests.factories import StoreFactory, UserFactory
from tests.orders.helpers import address_of, available, reserved, sku_of, submit
from tests.orders.test_checkout_preview_api import promote

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(db):
    return PhoneCatalog()


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def api(member):
    return client_for(member)


def test_two_stores_make_one_trade_with_an_order_each_and_everything_is_held(catalog, store, member, api):
    other = StoreFactory(name="配件店")
    phone = sku_of(catalog.phone(store))  # 5999.00
    case = sku_of(catalog.phone(other, title="手机壳 Case", prices=("39.00", "49.00")))
    coupon = coupon_services.coupon_claim(
        template=coupon_template(name="平台满5000减200", value=Decimal("200"), threshold=Decimal("5000")), user=member
    )
    PointsRule.objects.create(points_per_yuan_off=100, max_order_share_percent=50)
    member_services.points_earn(user=member, points=10_000, reference="gift")
    home = address_of(member)

    # 5999.00 + 2 x 39.00 = 6077.00. The platform coupon's 200.00 is spread by amount: 200 x 5999 / 6077 =
    # 197.43 and 2.57. Points pay 100.00 of what is left (5801.57 and 75.43): 98.7165 -> 98.72 and 1.28.
    # 5777.00 payable, no freight (the goods have no freight template).
    response = submit(api, [(phone, 1), (case, 2)], address=home.pk, expected="5777.00", points=10_000)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["payable"] == "5777.00"
    trade = Trade.objects.get(trade_no=body["trade_no"])
    assert body == TradeSerializer(trade).data  # the answer drawn directly is the schema's, read back
    phone_order = StoreOrder.objects.get(trade=trade, store=store)
    case_order = StoreOrder.objects.get(trade=trade, store=other)
    assert {(o["order_no"], o["payable"], o["status"]) for o in body["orders"]} == {
        (phone_order.order_no, "5702.85", "pending_payment"),  # 5999.00 - 197.43 - 98.72
        (case_order.order_no, "74.15", "pending_payment"),  # 78.00 - 2.57 - 1.28
    }
    [phone_line] = phone_order.lines.all()
    assert (phone_line.title, phone_line.specs, phone_line.unit_price, phone_line.payable) == (
        "华为 Mate 60 Pro 手机",
        {"颜色": "黑色", "内存": "128G"},
        Decimal("5999.00"),
        Decimal("5702.85"),
    )
    assert phone_line.commission_percent == store.commission_percent
    # Each discount is kept per line with its funder: the platform coupon and the points are the platform's.
    parts = LineDiscount.objects.filter(line=phone_line).order_by("source")
    assert [(p.source, p.amount, p.platform_amount) for p in parts] == [
        ("coupon", Decimal("197.43"), Decimal("197.43")),
        ("points", Decimal("98.72"), Decimal("98.72")),
    ]
    assert (available(phone), reserved(phone), available(case), reserved(case)) == (9, 1, 8, 2)
    assert StockMovement.objects.filter(reference=trade.trade_no).count() == 2
    coupon.refresh_from_db()
    assert (coupon.status, coupon.locked_by) == (CouponStatus.LOCKED, trade.trade_no)  # spans both stores
    member.refresh_from_db()
    assert member.points_balance == 0
    assert (phone_order.points_used, case_order.points_used) == (9872, 128)
    assert OrderEvent.objects.filter(order__trade=trade, type="created").count() == 2
    assert Spu.objects.get(pk=phone.spu_id).stock == 19  # 2 SKUs x 10, one held


def test_a_total_that_moved_is_price_changed_and_nothing_is_left_behind(catalog, store, member, api):
    phone = sku_of(catalog.phone(store))

    response = submit(api, [(phone, 1)], address=address_of(member).pk, expected="5899.00")

    assert response.status_code == 409
    assert response.json()["code"] == "price_changed"
    assert response.json()["fields"] == {"payable": ["5999.00"]}
    assert (Trade.objects.count(), StoreOrder.objects.count(), available(phone)) == (0, 0, 10)


def test_the_same_idempotency_key_returns_the_first_trade_and_another_body_is_refused(catalog, store, member, api):
    phone = sku_of(catalog.phone(store))
    home = address_of(member).pk

    first = submit(api, [(phone, 1)], address=home, expected="5999.00", key="k-1")
    again = submit(api, [(phone, 1)], address=home, expected="5999.00", key="k-1")
    other = submit(api, [(phone, 2)], address=home, expected="11998.00", key="k-1")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_conflict"
    assert (Trade.objects.count(), reserved(phone)) == (1, 1)


def test_another_members_address_is_refused_and_changes_nothing(catalog, store, api):
    phone = sku_of(catalog.phone(store))
    strangers = address_of(UserFactory())

    response = submit(api, [(phone, 1)], address=strangers.pk, expected="5999.00")

    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert "address" in response.json()["fields"]
    assert (Trade.objects.count(), reserved(phone)) == (0, 0)


def test_more_than_is_in_stock_is_insufficient_stock(catalog, store, member, api):
    phone = sku_of(catalog.phone(store, stock=3))

    response = submit(api, [(phone, 4)], address=address_of(member).pk, expected="23996.00")

    assert response.status_code == 409
    assert response.json()["code"] == "insufficient_stock"
    assert response.json()["fields"]["available"] == [3]
    assert (Trade.objects.count(), reserved(phone)) == (0, 0)


def test_an_off_shelf_product_cannot_be_ordered(catalog, store, member, api):
    phone = sku_of(catalog.phone(store, approve=False))

    response = submit(api, [(phone, 1)], address=address_of(member).pk, expected="5999.00")

    assert response.status_code == 400
    assert response.json()["fields"]["lines"] == [{"sku": phone.pk, "reason": "off_shelf"}]
    assert Trade.objects.count() == 0


def test_ordering_from_the_cart_takes_its_selected_lines_out_of_it(catalog, store, member, api):
    spu = catalog.phone(store)
    for memory in ("128G", "256G"):
        api.post("/api/v1/cart/items/", {"sku": sku_of(spu, memory).pk, "quantity": 1})
    kept = CartItem.objects.get(sku=sku_of(spu, "256G"))
    api.patch(f"/api/v1/cart/items/{kept.pk}/", {"selected": False})

    response = api.post(
        "/api/v1/checkout/submit/",
        {"address": address_of(member).pk, "expected_payable": "5999.00"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="cart-1",
    )

    assert response.status_code == 201, response.json()
    assert list(CartItem.objects.values_list("sku_id", flat=True)) == [kept.sku_id]
    assert OrderLine.objects.get().sku_id == sku_of(spu, "128G").pk


def test_a_cross_border_store_splits_so_that_no_order_exceeds_2000_yuan(catalog, member, api):
    store = StoreFactory(name="海外旗舰店")
    Store.objects.filter(pk=store.pk).update(cross_border=True)
    vitamins = sku_of(catalog.phone(store, title="进口 维生素 Vitamin", prices=("900.00", "300.00")))
    fish_oil = sku_of(catalog.phone(store, title="进口 鱼油 Fish", prices=("700.00", "300.00")))

    # 3 x 900.00 + 2 x 700.00 = 4100.00: first fit, largest first: [900, 900] [900, 700] [700].
    response = submit(api, [(vitamins, 3), (fish_oil, 2)], address=address_of(member).pk, expected="4100.00")

    assert response.status_code == 201, response.json()
    orders = StoreOrder.objects.filter(trade__trade_no=response.json()["trade_no"]).order_by("pk")
    assert [order.payable for order in orders] == [Decimal("1800.00"), Decimal("1600.00"), Decimal("700.00")]
    assert all(order.cross_border for order in orders)
    lines = OrderLine.objects.filter(order__in=orders)
    assert sum(line.quantity for line in lines if line.sku_id == vitamins.pk) == 3
    assert sum(line.quantity for line in lines if line.sku_id == fish_oil.pk) == 2
    assert (reserved(vitamins), reserved(fish_oil)) == (3, 2)


def test_a_cross_border_item_above_the_cap_alone_is_refused(catalog, member, api):
    store = StoreFactory(name="海外旗舰店")
    Store.objects.filter(pk=store.pk).update(cross_border=True)
    watch = sku_of(catalog.phone(store, title="进口 手表 Watch", prices=("2500.00", "3000.00")))

    response = submit(api, [(watch, 1)], address=address_of(member).pk, expected="2500.00")

    assert response.status_code == 400
    assert response.json()["fields"] == {"sku": [watch.pk]}
    assert Trade.objects.count() == 0


def test_a_gift_from_a_promotion_becomes_a_free_line_with_its_stock_held(catalog, store, member, api):
    spu = catalog.phone(store)
    phone, gift = sku_of(spu, "128G"), sku_of(catalog.phone(store, title="自拍杆 Stick", prices=("59.00", "69.00")))
    promote(store, "gift", {"gifts": [{"sku": gift.pk, "quantity": 1}]})

    response = submit(api, [(phone, 1)], address=address_of(member).pk, expected="5999.00")

    assert response.status_code == 201, response.json()
    lines = {line.sku_id: line for line in OrderLine.objects.all()}
    assert (lines[gift.pk].gift, lines[gift.pk].unit_price, lines[gift.pk].title) == (
        True,
        Decimal("0.00"),
        "自拍杆 Stick",
    )
    assert (reserved(phone), reserved(gift)) == (1, 1)


def test_a_gift_that_ran_out_leaves_the_order_instead_of_blocking_it(catalog, store, member, api):
    phone = sku_of(catalog.phone(store), "128G")
    gift = sku_of(catalog.phone(store, title="自拍杆 Stick", prices=("59.00", "69.00"), stock=0))
    promote(store, "gift", {"gifts": [{"sku": gift.pk, "quantity": 1}]})

    response = submit(api, [(phone, 1)], address=address_of(member).pk, expected="5999.00")

    assert response.status_code == 201, response.json()
    assert list(OrderLine.objects.values_list("sku_id", flat=True)) == [phone.pk]


def test_a_coupon_held_by_an_unpaid_order_moves_to_the_new_one_which_cancels_the_old(catalog, store, member, api):
    phone = sku_of(catalog.phone(store))
    coupon = coupon_services.coupon_claim(
        template=coupon_template(value=Decimal("100"), threshold=Decimal("1000")), user=member
    )
    home = address_of(member).pk
    first = submit(api, [(phone, 1)], address=home, expected="5899.00").json()

    preview = api.post("/api/v1/checkout/preview/", {"lines": [{"sku": phone.pk, "quantity": 2}]}, format="json")
    second = submit(api, [(phone, 2)], address=home, expected="11898.00")  # 2 x 5999.00 - 100.00

    assert preview.json()["coupons"]["applied"] == [coupon.pk]
    assert second.status_code == 201, second.json()
    old = StoreOrder.objects.get(order_no=first["orders"][0]["order_no"])
    assert old.status == "cancelled"
    assert OrderEvent.objects.get(order=old, type="cancelled").reason_code == "coupon_moved"
    coupon.refresh_from_db()
    assert coupon.locked_by == second.json()["orders"][0]["order_no"]
    assert reserved(phone) == 2  # the old order's unit went back


def test_an_order_line_keeps_the_picture_of_the_colour_chosen(catalog, store, member, api):
    """Issue 13 item 6: the order list showed the product's main picture, not the SKU's."""
    spu = catalog.phone(store, colours=("黑色", "白色"))
    SpuImage.objects.create(spu=spu, kind=ImageKind.MAIN, image="spu/main.png")
    SpuImage.objects.create(spu=spu, kind=ImageKind.SPEC, spec_value="白色", image="spu/white.png")
    white = next(sku for sku in spu.skus.all() if sku.specs == {"颜色": "白色", "内存": "128G"})
    black = next(sku for sku in spu.skus.all() if sku.specs == {"颜色": "黑色", "内存": "128G"})

    response = submit(api, [(white, 1), (black, 1)], address=address_of(member).pk, expected="11998.00")

    assert response.status_code == 201, response.json()
    pictures = dict(OrderLine.objects.values_list("sku_id", "image"))
    assert pictures[white.pk].endswith("spu/white.png") and pictures[black.pk].endswith("spu/main.png")
