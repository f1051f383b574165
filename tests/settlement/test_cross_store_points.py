"""Cross-store points end to end (issue 15 item 4, decision 0041): points earned in store A and spent on store B's
order are HQ's in B's bill, to the cent; B's own points are B's; a refund gives points back to the stores that
earned them; an order received earns points for its own store."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from members.models import PointsEntry, PointsReason
from members.services.points import points_earn
from orders.lifecycle.cancellation import order_cancel
from orders.lifecycle.receipt import complete_due_orders
from orders.models import LineDiscount, OrderPoints, StoreOrder
from settlement.models import Bill
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.factories import FinanceFactory, MembershipFactory, StoreFactory, UserFactory
from tests.orders.helpers import address_of, pay, sku_of, submit
from tests.orders.test_refunds import ask
from tests.settlement.test_bills import conserved, received, run, terms

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def stores(db):
    return StoreFactory(name="静安直营店"), StoreFactory(name="西湖加盟店")


@pytest.fixture
def member(stores):
    """30000 points earned in store A (300.00 yuan), then 20000 in store B: A's lot expires first."""
    a, b = stores
    member = UserFactory()
    points_earn(user=member, points=30000, reference="A-1", store_id=a.pk)
    points_earn(user=member, points=20000, reference="B-1", store_id=b.pk)
    return member


def order_with_points(member, store, *, quantity: int, points: int, paid: bool = True) -> StoreOrder:
    """One phone of `store` (5999.00), `points` spent on it, through the API (preview, submit, pay)."""
    api = client_for(member)
    phone = sku_of(PhoneCatalog().phone(store, stock=50))
    address = address_of(member).pk
    lines = [{"sku": phone.pk, "quantity": quantity}]
    preview = api.post(
        "/api/v1/checkout/preview/", {"lines": lines, "address": address, "points": points}, format="json"
    ).json()
    trade = submit(api, [(phone, quantity)], address=address, expected=preview["payable"], points=points)
    assert trade.status_code == 201, trade.json()
    if paid:
        pay(api, trade.json()["trade_no"])
    return StoreOrder.objects.get(trade__trade_no=trade.json()["trade_no"])


def lots_left(member) -> dict:
    """Points left in the member's lots, per store that earned them."""
    left: dict = {}
    for store_id, remaining in PointsEntry.objects.filter(user=member, remaining__gt=0).values_list(
        "store_id", "remaining"
    ):
        left[store_id] = left.get(store_id, 0) + remaining
    return left


def test_points_earned_in_a_and_spent_in_b_are_funded_by_hq_in_bs_bill_and_bs_own_by_b(stores, member):
    a, b = stores
    finance = FinanceFactory()
    terms(b, finance, rate=Decimal("5"))

    order = order_with_points(member, b, quantity=1, points=40000)  # 400.00: A's 30000 first, then 10000 of B's

    [line] = order.lines.all()
    assert (line.points_discount, line.payable) == (Decimal("400.00"), Decimal("5599.00"))
    parts = sorted(LineDiscount.objects.filter(line=line).values_list("kind", "amount", "platform_amount"))
    assert parts == [
        ("points", Decimal("300.00"), Decimal("300.00")),  # A's points: HQ
        ("points_own_store", Decimal("100.00"), Decimal("0.00")),  # B's own: B
    ]
    assert sorted(OrderPoints.objects.filter(order=order).values_list("store_id", "points")) == sorted(
        [(a.pk, 30000), (b.pk, 10000)]
    )
    received(order, days_ago=4)
    run(by=finance)

    [bill] = Bill.objects.filter(store=b)
    assert (bill.gross, bill.store_discounts, bill.platform_discounts) == (
        Decimal("5999.00"),
        Decimal("100.00"),
        Decimal("300.00"),
    )
    # HQ's take is 5 % of net sales (gross less the store's own discounts); HQ pays B the 300.00 it funded
    assert bill.hq_take == Decimal("294.95")
    assert bill.store_due == Decimal("5999.00") - Decimal("100.00") - Decimal("294.95")
    conserved(bill)
    assert not Bill.objects.filter(store=a).exists()  # A earned the points; it bears nothing


def test_refunds_give_points_back_to_the_stores_that_earned_them_own_store_first(stores, member):
    a, b = stores
    order = order_with_points(member, b, quantity=2, points=40000)
    assert lots_left(member) == {b.pk: 10000}
    owner = MembershipFactory(store=b).user
    shopper, seller = client_for(member), client_for(owner)

    refund = ask(shopper, order, 1).json()  # half the line: 20000 points back, B's 10000 first, then A's
    assert seller.post(f"/api/v1/seller/refunds/{refund['id']}/approve/", {}).status_code == 200
    assert lots_left(member) == {b.pk: 20000, a.pk: 10000}

    refund = ask(shopper, order, 1).json()  # the rest: A's other 20000
    seller.post(f"/api/v1/seller/refunds/{refund['id']}/approve/", {})

    member.refresh_from_db()
    assert member.points_balance == 50000
    assert lots_left(member) == {a.pk: 30000, b.pk: 20000}  # as before the order
    returns = PointsEntry.objects.filter(user=member, reason=PointsReason.RETURN)
    assert sorted(returns.values_list("store_id", "delta")) == sorted([(b.pk, 10000), (a.pk, 10000), (a.pk, 20000)])
    assert sorted(OrderPoints.objects.filter(order=order).values_list("points", "returned")) == [
        (10000, 10000),
        (30000, 30000),
    ]


def test_cancelling_an_unpaid_order_gives_every_store_its_points_back(stores, member):
    a, b = stores
    order = order_with_points(member, b, quantity=1, points=40000, paid=False)

    order_cancel(order=order, by=member, reason="不想要了")

    assert lots_left(member) == {a.pk: 30000, b.pk: 20000}


def test_an_order_completed_earns_its_points_in_its_own_store(stores, settings):
    _, b = stores
    buyer = UserFactory()
    order = order_with_points(buyer, b, quantity=1, points=0)
    received(order, days_ago=30)
    StoreOrder.objects.filter(pk=order.pk).update(delivered_at=timezone.now() - timedelta(days=30))
    settings.ORDER_AFTER_SALES_DAYS = 7

    complete_due_orders()

    [lot] = PointsEntry.objects.filter(user=buyer, reason=PointsReason.EARN)
    assert (lot.store_id, lot.delta) == (b.pk, 5999)  # 1 point a yuan paid, for store B
