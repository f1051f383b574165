"""After-sales: amounts exact from apportionment, freight only when an unshipped order is emptied, stock, points
and decisions by the store and the platform; someone else's refund is not found."""

from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.models import Stock
from coupons import services as coupon_services
from members import services as member_services
from members.models import PointsRule
from orders.models import OrderEvent, OrderStatus, PaymentShare, Refund, StoreOrder
from orders.shipping.services import shipment_split
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.coupons.factories import coupon_template
from tests.factories import OperatorFactory, UserFactory
from tests.orders.helpers import address_of, pay, reserved, sku_of, submit
from tests.orders.test_checkout_preview_api import by_piece, ship_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def api(member):
    return client_for(member)


def paid_order(api, member, store, *, quantity=3, coupon=None, freight=False, points=0) -> StoreOrder:
    spu = PhoneCatalog().phone(store)
    if freight:
        ship_with(spu, by_piece(store))
    phone = sku_of(spu)
    preview = api.post(
        "/api/v1/checkout/preview/",
        {"lines": [{"sku": phone.pk, "quantity": quantity}], "address": address_of(member).pk, "points": points},
        format="json",
    ).json()
    trade = submit(
        api, [(phone, quantity)], address=address_of(member).pk, expected=preview["payable"], points=points
    ).json()
    pay(api, trade["trade_no"])
    return StoreOrder.objects.get(trade__trade_no=trade["trade_no"])


def ask(api, order, quantity, *, kind="refund_only"):
    [line] = order.lines.all()
    return api.post(
        f"/api/v1/orders/{order.order_no}/refunds/",
        {"kind": kind, "lines": [{"line": line.pk, "quantity": quantity}], "reason": "不想要了"},
        format="json",
    )


def test_refunds_of_a_discounted_line_take_its_exact_payable_unit_by_unit(api, member, store, owner_api):
    coupon_services.coupon_claim(
        template=coupon_template(store=store, value=Decimal("100"), threshold=Decimal("5000")), user=member
    )
    order = paid_order(api, member, store, quantity=3)
    [line] = order.lines.all()
    assert line.payable == Decimal("17897.00")  # 3 x 5999.00 - 100.00

    first = ask(api, order, 1)
    assert first.status_code == 201, first.json()
    assert first.json()["amount"] == "5965.67"  # 17897.00 / 3 = 5965.666..., rounded half up
    assert owner_api.post(f"/api/v1/seller/refunds/{first.json()['id']}/approve/", {}).json()["status"] == "refunded"
    rest = ask(api, order, 2)
    assert rest.json()["amount"] == "11931.33"  # what is left of the line: 17897.00 - 5965.67
    owner_api.post(f"/api/v1/seller/refunds/{rest.json()['id']}/approve/", {})

    order.refresh_from_db()
    line.refresh_from_db()
    assert (line.refunded_quantity, line.refunded_amount) == (3, Decimal("17897.00"))
    assert order.refunded_amount == order.paid_amount == Decimal("17897.00")
    assert order.status == OrderStatus.CLOSED
    assert PaymentShare.objects.get(order=order).refunded == Decimal("17897.00")
    assert reserved(line.sku) == 0  # never shipped: the reservation went with the refunds
    assert OrderEvent.objects.filter(order=order, type="refund_refunded").count() == 2


def test_more_than_was_bought_is_refused_and_changes_nothing(api, member, store):
    order = paid_order(api, member, store, quantity=2)
    assert ask(api, order, 1).status_code == 201

    response = ask(api, order, 2)  # one is already asked for

    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert Refund.objects.count() == 1


def test_freight_comes_back_only_with_the_refund_that_empties_an_unshipped_order(api, member, store, owner_api):
    order = paid_order(api, member, store, quantity=2, freight=True)
    assert order.freight == Decimal("10.00")  # 8.00 for the first piece, 2.00 for the second

    first = ask(api, order, 1).json()
    last = ask(api, order, 1).json()

    assert (first["amount"], first["freight"]) == ("5999.00", "0.00")
    assert (last["amount"], last["freight"]) == ("6009.00", "10.00")
    for refund in (first, last):
        owner_api.post(f"/api/v1/seller/refunds/{refund['id']}/approve/", {})
    order.refresh_from_db()
    assert order.refunded_amount == order.paid_amount == Decimal("12008.00")


def test_a_shipped_order_refunds_no_freight(api, member, store):
    order = paid_order(api, member, store, quantity=1, freight=True)
    StoreOrder.objects.filter(pk=order.pk).update(status=OrderStatus.SHIPPED, shipped_at=timezone.now())

    response = ask(api, order, 1)

    assert (response.json()["amount"], response.json()["freight"]) == ("5999.00", "0.00")


def test_a_return_is_refunded_when_the_goods_arrive_back_on_hand(api, member, store, owner_api):
    order = paid_order(api, member, store, quantity=1)
    [line] = order.lines.all()
    StoreOrder.objects.filter(pk=order.pk).update(status=OrderStatus.DELIVERED, delivered_at=timezone.now())
    Stock.objects.filter(sku=line.sku).update(on_hand=9, reserved=0)  # stands in for the parcel leaving

    refund = ask(api, order, 1, kind="return_refund").json()
    accepted = owner_api.post(f"/api/v1/seller/refunds/{refund['id']}/approve/", {}).json()
    received = owner_api.post(f"/api/v1/seller/refunds/{refund['id']}/receive/", {}).json()

    assert (accepted["status"], received["status"], received["amount"]) == ("returning", "refunded", "5999.00")
    assert Stock.objects.get(sku=line.sku).on_hand == 10
    assert StoreOrder.objects.get(pk=order.pk).status == OrderStatus.CLOSED


def test_a_return_cannot_be_asked_for_before_the_goods_were_sent(api, member, store):
    order = paid_order(api, member, store, quantity=1)

    response = ask(api, order, 1, kind="return_refund")

    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_a_rejection_can_be_escalated_and_the_operator_grants_it(api, member, store, owner_api):
    order = paid_order(api, member, store, quantity=1)
    refund = ask(api, order, 1).json()

    rejected = owner_api.post(f"/api/v1/seller/refunds/{refund['id']}/reject/", {"reason": "已发货"}).json()
    escalated = api.post(f"/api/v1/refunds/{refund['id']}/escalate/", {"reason": "没有收到"}).json()
    operator = client_for(OperatorFactory())
    queue = operator.get("/api/v1/platform/refunds/?status=arbitrating").json()
    granted = operator.post(
        f"/api/v1/platform/refunds/{refund['id']}/arbitrate/", {"grant": True, "reason": "物流无记录"}, format="json"
    ).json()

    assert (rejected["status"], rejected["reject_reason"]) == ("rejected", "已发货")
    assert escalated["status"] == "arbitrating"
    assert [r["id"] for r in queue["results"]] == [refund["id"]]
    assert granted["status"] == "refunded"
    assert StoreOrder.objects.get(pk=order.pk).refunded_amount == Decimal("5999.00")


def test_points_come_back_in_proportion(api, member, store, owner_api):
    PointsRule.objects.create(points_per_yuan_off=100, max_order_share_percent=50)
    member_services.points_earn(user=member, points=3_000, reference="gift")
    order = paid_order(api, member, store, quantity=3, points=3_000)  # 30.00 off, 10.00 a unit

    refund = ask(api, order, 1).json()
    owner_api.post(f"/api/v1/seller/refunds/{refund['id']}/approve/", {})

    member.refresh_from_db()
    assert Refund.objects.get(pk=refund["id"]).points == 1_000
    assert member.points_balance == 1_000


def test_other_peoples_refunds_are_not_found(api, member, store, other_store_owner_api):
    order = paid_order(api, member, store, quantity=1)
    refund = ask(api, order, 1).json()

    stranger = client_for(UserFactory())
    assert stranger.get(f"/api/v1/refunds/{refund['id']}/").status_code == 404
    assert stranger.post(f"/api/v1/orders/{order.order_no}/refunds/", {}).status_code == 404
    assert other_store_owner_api.post(f"/api/v1/seller/refunds/{refund['id']}/approve/", {}).status_code == 404
    assert Refund.objects.get().status == "requested"


def test_a_refund_before_shipping_takes_the_units_out_of_their_parcel(api, member, store, owner_api):
    order = paid_order(api, member, store, quantity=3)
    [parcel] = shipment_split(order_id=order.pk)  # what the job run after payment does
    [line] = order.lines.all()

    refund = ask(api, order, 1).json()
    owner_api.post(f"/api/v1/seller/refunds/{refund['id']}/approve/", {})

    assert parcel.lines.get().quantity == 2
    assert reserved(line.sku) == 2


def test_stored_value_pays_part_and_comes_back_with_refunds_and_cancellation(api, member, store, owner_api):
    member_services.stored_value_load(user=member, amount=Decimal("1000.00"), reference="gift-card")
    phone = sku_of(PhoneCatalog().phone(store))
    home = address_of(member).pk
    trade = submit(api, [(phone, 2)], address=home, expected="11998.00", stored_value="1000.00").json()
    assert (trade["stored_value"], trade["cash_payable"]) == ("1000.00", "10998.00")
    member.refresh_from_db()
    assert member.stored_value_balance == Decimal("0.00")

    payment = pay(api, trade["trade_no"])
    assert payment["amount"] == "10998.00"  # the gateway takes only the cash part
    order = StoreOrder.objects.get(trade__trade_no=trade["trade_no"])
    assert order.paid_amount == Decimal("11998.00")

    first = ask(api, order, 1).json()  # 5999.00: 1000 x 5999 / 11998 = 500.00 back to the balance
    owner_api.post(f"/api/v1/seller/refunds/{first['id']}/approve/", {})
    last = ask(api, order, 1).json()
    owner_api.post(f"/api/v1/seller/refunds/{last['id']}/approve/", {})

    refunds = Refund.objects.order_by("pk")
    assert [(r.amount, r.stored_value) for r in refunds] == [
        (Decimal("5999.00"), Decimal("500.00")),
        (Decimal("5999.00"), Decimal("500.00")),
    ]
    member.refresh_from_db()
    assert member.stored_value_balance == Decimal("1000.00")
    assert PaymentShare.objects.get(order=order).refunded == Decimal("10998.00")


def test_a_trade_paid_in_full_by_stored_value_is_paid_at_once(api, member, store):
    member_services.stored_value_load(user=member, amount=Decimal("5000.00"), reference="gift-card")
    case = sku_of(PhoneCatalog().phone(store, title="手机壳 Case", prices=("39.00", "49.00")))
    trade = submit(api, [(case, 1)], address=address_of(member).pk, expected="39.00", stored_value="39.00").json()

    payment = api.post(f"/api/v1/payments/{trade['trade_no']}/", {"method": "simulated"}, format="json").json()

    assert payment["amount"] == "0.00"
    assert StoreOrder.objects.get(trade__trade_no=trade["trade_no"]).status == OrderStatus.PAID


def test_cancelling_gives_the_stored_value_back(api, member, store):
    member_services.stored_value_load(user=member, amount=Decimal("300.00"), reference="gift-card")
    phone = sku_of(PhoneCatalog().phone(store))
    trade = submit(api, [(phone, 1)], address=address_of(member).pk, expected="5999.00", stored_value="300.00").json()

    api.post(f"/api/v1/orders/{trade['orders'][0]['order_no']}/cancel/", {}, format="json")

    member.refresh_from_db()
    assert member.stored_value_balance == Decimal("300.00")
