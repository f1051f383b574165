"""A deposit, then the balance, through the existing checkout (orders' play seam): prices to the cent, the goods
reserved once from the deposit on, the deposit order completed as "deposit used" when the balance is paid, and the
refusals (outside a window, over the limit, a second deposit, another member's deposit)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from orders.models import LineDiscount, OrderReason, OrderStatus, StoreOrder
from presales.models import DepositStatus, PresaleEventType
from promotions.pricing import GoodsScope
from promotions.services import promotion_create
from tests.conftest import client_for
from tests.factories import OperatorFactory, UserFactory
from tests.orders.helpers import available, reserved
from tests.presales.helpers import buy, move_to, pay_balance, pay_deposit, place_balance, published_presale

pytestmark = pytest.mark.django_db


def test_a_deposit_order_costs_the_deposit_reserves_the_goods_and_never_ships(store):
    presale, sku = published_presale(store, stock=10)
    member = UserFactory()

    deposit = pay_deposit(member, presale, sku, quantity=2)

    order = deposit.deposit_order
    order.refresh_from_db()
    assert (deposit.status, deposit.quantity) == (DepositStatus.PAID, 2)
    assert (order.status, order.payable, order.play_kind, order.play_ref) == (
        OrderStatus.PAID,
        Decimal("200.00"),
        "presale",
        presale.pk,
    )
    assert order.shipping_held and not order.parcels.exists()
    (line,) = order.lines.all()
    assert (line.unit_price, line.promotion_discount, line.payable) == (
        Decimal("5999.00"),
        Decimal("11798.00"),
        Decimal("200.00"),
    )
    assert LineDiscount.objects.get(line=line).platform_amount == Decimal("0.00")  # not a discount: the store's
    assert (available(sku), reserved(sku)) == (8, 2)
    assert [event.type for event in deposit.events.all()] == [
        PresaleEventType.DEPOSIT_PLACED,
        PresaleEventType.DEPOSIT_PAID,
    ]


def test_the_balance_is_the_price_less_the_counted_value_and_takes_the_deposits_goods(store):
    presale, sku = published_presale(store, stock=10)
    member = UserFactory()
    deposit = pay_deposit(member, presale, sku, quantity=2)
    move_to(presale, "balance")

    balance = pay_balance(member, deposit, expected="11398.00")  # 2 x (5999.00 - 300.00)

    deposit.refresh_from_db()
    assert deposit.status == DepositStatus.COMPLETED and deposit.balance_order == balance
    assert (balance.status, balance.payable, balance.shipping_held) == (OrderStatus.PAID, Decimal("11398.00"), False)
    deposit_order = StoreOrder.objects.get(pk=deposit.deposit_order_id)
    assert deposit_order.status == OrderStatus.COMPLETED
    assert deposit_order.events.get(to_status=OrderStatus.COMPLETED).reason_code == OrderReason.DEPOSIT_USED
    assert (available(sku), reserved(sku)) == (8, 2)  # reserved once: moved from the deposit to the balance


def test_a_platform_presale_funds_the_extra_value_and_the_store_the_deposit_part(store):
    presale, sku = published_presale(store, platform=True)
    member = UserFactory()
    deposit = pay_deposit(member, presale, sku, quantity=1)
    move_to(presale, "balance")

    balance = pay_balance(member, deposit, expected="5699.00")

    part = LineDiscount.objects.get(line__order=balance)
    assert (part.source, part.kind, part.amount, part.platform_amount) == (
        "play",
        "presale_balance",
        Decimal("300.00"),
        Decimal("200.00"),
    )


def test_a_store_presale_funds_all_of_the_counted_value(store):
    presale, sku = published_presale(store)
    member = UserFactory()
    deposit = pay_deposit(member, presale, sku)
    move_to(presale, "balance")

    balance = pay_balance(member, deposit, expected="5699.00")

    part = LineDiscount.objects.get(line__order=balance)
    assert (part.amount, part.platform_amount) == (Decimal("300.00"), Decimal("0.00"))


def test_deposits_are_taken_only_in_the_deposit_window(store):
    presale, sku = published_presale(store, phase="upcoming")
    member = UserFactory()

    early = buy(member, sku, quantity=1, play=f"presale:{presale.pk}", expected="100.00")
    move_to(presale, "waiting")
    late = buy(member, sku, quantity=1, play=f"presale:{presale.pk}", expected="100.00")

    assert [early.json()["code"], late.json()["code"]] == ["presale_not_open", "presale_not_open"]
    assert not StoreOrder.objects.exists()


def test_a_member_holds_one_deposit_within_the_limit(store):
    presale, sku = published_presale(store, limit=2)
    member = UserFactory()

    over = buy(member, sku, quantity=3, play=f"presale:{presale.pk}", expected="300.00")
    pay_deposit(member, presale, sku, quantity=1)
    again = buy(member, sku, quantity=1, play=f"presale:{presale.pk}", expected="100.00")

    assert (over.status_code, over.json()["code"]) == (409, "presale_limit_reached")
    assert (again.status_code, again.json()["code"]) == (409, "presale_deposit_exists")
    assert StoreOrder.objects.count() == 1


def test_the_balance_waits_for_its_window_and_is_the_members_own(store):
    presale, sku = published_presale(store)
    member = UserFactory()
    deposit = pay_deposit(member, presale, sku)

    early = place_balance(member, deposit, expected="5699.00")
    move_to(presale, "balance")
    stranger = place_balance(UserFactory(), deposit, expected="5699.00")

    assert early.json()["code"] == "presale_balance_not_open"
    assert stranger.status_code in (400, 404)
    assert StoreOrder.objects.count() == 1


def test_a_balance_is_paid_once(store):
    presale, sku = published_presale(store)
    member = UserFactory()
    deposit = pay_deposit(member, presale, sku)
    move_to(presale, "balance")
    pay_balance(member, deposit, expected="5699.00")

    again = place_balance(member, deposit, expected="5699.00")

    assert (again.status_code, again.json()["code"]) == (409, "presale_deposit_not_payable")


def test_a_cancelled_balance_order_gives_the_goods_back_to_the_deposit(store):
    presale, sku = published_presale(store, stock=3)
    member = UserFactory()
    deposit = pay_deposit(member, presale, sku)
    move_to(presale, "balance")
    placed = place_balance(member, deposit, expected="5699.00")
    order_no = placed.json()["orders"][0]["order_no"]

    cancelled = client_for(member).post(f"/api/v1/orders/{order_no}/cancel/", {}, format="json")

    assert cancelled.status_code == 200, cancelled.json()
    deposit.refresh_from_db()
    assert (deposit.status, deposit.balance_order) == (DepositStatus.PAID, None)
    assert (available(sku), reserved(sku)) == (2, 1)  # still the deposit's
    pay_balance(member, deposit, expected="5699.00")  # and it may pay again in the window
    assert (available(sku), reserved(sku)) == (2, 1)


@pytest.mark.parametrize(("exclusive", "payable"), [(False, "5599.00"), (True, "5699.00")])
def test_order_promotions_apply_to_the_balance_when_the_seller_allows_them(
    store, exclusive, payable, django_capture_on_commit_callbacks
):
    presale, sku = published_presale(store, exclusive=exclusive)
    member = UserFactory()
    deposit = pay_deposit(member, presale, sku)
    move_to(presale, "balance")
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):  # the pricing configuration follows the commit
        promotion_create(
            store=store,
            by=OperatorFactory(),
            name="满5000减100",
            kind="full_reduction",
            rules={"tiers": [{"threshold": "5000", "discount": "100"}]},
            starts_at=now - timedelta(hours=1),
            ends_at=now + timedelta(days=1),
            scope=GoodsScope(all=True),
        )

    preview = client_for(member).post(
        "/api/v1/checkout/preview/",
        {"lines": [{"sku": sku.pk, "quantity": 1}], "play": f"presale_balance:{deposit.pk}"},
        format="json",
    )

    assert preview.status_code == 200, preview.json()
    assert preview.json()["payable"] == payable
    assert [play["kind"] for play in preview.json()["stores"][0]["plays"]] == ["presale_balance"]
