"""The presale's jobs and its ways back: the deposit window's close, the balance reminder (once), the balance
window's close (unpaid deposits kept, their goods back on sale, an unpaid balance order cancelled), the store's
cancellation (every deposit refunded in full, whatever the window), the member's withdrawal (in the deposit window
only). Each job run twice changes nothing the second time."""

from decimal import Decimal

import pytest

from marketplace.notifications.models import Message, MessageKind
from orders.aftersales.services import refund_in_full
from orders.models import OrderReason, OrderStatus, StoreOrder
from presales.exceptions import PresaleRefused
from presales.models import DepositStatus, PresaleEventType, PresaleStatus
from presales.services import (
    deposit_withdraw,
    presale_cancel,
    presales_close_deposits,
    presales_end,
    presales_remind_balances,
)
from tests.factories import UserFactory
from tests.orders.helpers import available, reserved
from tests.presales.helpers import move_to, pay_balance, pay_deposit, place_balance, published_presale

pytestmark = pytest.mark.django_db


def test_the_deposit_window_closes_once(store):
    presale, sku = published_presale(store)
    pay_deposit(UserFactory(), presale, sku)
    move_to(presale, "waiting")

    assert (presales_close_deposits(), presales_close_deposits()) == (1, 0)

    presale.refresh_from_db()
    assert presale.deposits_closed_at is not None
    event = presale.events.get(type=PresaleEventType.DEPOSITS_CLOSED)
    assert event.data == {"deposits": 1}


def test_members_are_reminded_of_the_balance_once_when_its_window_opens(store):
    presale, sku = published_presale(store)
    member = UserFactory()
    pay_deposit(member, presale, sku, quantity=2)
    assert presales_remind_balances() == 0  # not yet
    move_to(presale, "balance")

    assert (presales_remind_balances(), presales_remind_balances()) == (1, 0)

    message = Message.objects.get(recipient=member, kind=MessageKind.PRESALE_BALANCE_DUE)
    assert message.params["balance"] == "11398.00"


def test_an_unpaid_balance_keeps_the_deposit_and_puts_the_goods_back_on_sale(store):
    presale, sku = published_presale(store, stock=5)
    kept = pay_deposit(UserFactory(), presale, sku, quantity=2)
    paid_member = UserFactory()
    used = pay_deposit(paid_member, presale, sku)
    move_to(presale, "balance")
    pay_balance(paid_member, used, expected="5699.00")
    move_to(presale, "ended")

    assert (presales_end(), presales_end()) == (1, 0)

    kept.refresh_from_db()
    order = StoreOrder.objects.get(pk=kept.deposit_order_id)
    assert kept.status == DepositStatus.FORFEITED
    assert (order.status, order.refunded_amount) == (OrderStatus.COMPLETED, Decimal("0.00"))
    assert order.events.get(to_status=OrderStatus.COMPLETED).reason_code == OrderReason.DEPOSIT_KEPT
    assert (available(sku), reserved(sku)) == (4, 1)  # the kept deposit's 2 back on sale; the paid one ships
    presale.refresh_from_db()
    assert presale.status == PresaleStatus.ENDED


def test_the_balance_windows_close_cancels_an_unpaid_balance_order(store):
    presale, sku = published_presale(store, stock=3)
    member = UserFactory()
    deposit = pay_deposit(member, presale, sku)
    move_to(presale, "balance")
    placed = place_balance(member, deposit, expected="5699.00")
    move_to(presale, "ended")

    presales_end()

    balance = StoreOrder.objects.get(order_no=placed.json()["orders"][0]["order_no"])
    deposit.refresh_from_db()
    assert (balance.status, deposit.status) == (OrderStatus.CANCELLED, DepositStatus.FORFEITED)
    assert (available(sku), reserved(sku)) == (3, 0)


def test_a_cancelled_presale_refunds_every_deposit_in_full_after_its_window(store):
    presale, sku = published_presale(store, stock=5)
    waiting = pay_deposit(UserFactory(), presale, sku, quantity=2)
    member = UserFactory()
    placed = pay_deposit(member, presale, sku)
    move_to(presale, "balance")
    place_balance(member, placed, expected="5699.00")

    presale_cancel(presale=presale, by=None)
    presale_cancel(presale=presale, by=None)  # again: nothing more

    for deposit in (waiting, placed):
        deposit.refresh_from_db()
        order = StoreOrder.objects.get(pk=deposit.deposit_order_id)
        assert deposit.status == DepositStatus.REFUNDED
        assert (order.status, order.refunded_amount) == (OrderStatus.CLOSED, order.paid_amount)
    assert (available(sku), reserved(sku)) == (5, 0)
    assert StoreOrder.objects.filter(play_kind="presale_balance", status=OrderStatus.CANCELLED).count() == 1


def test_a_member_withdraws_a_deposit_only_in_the_deposit_window(store):
    presale, sku = published_presale(store, stock=5)
    member = UserFactory()
    early = pay_deposit(member, presale, sku)

    deposit_withdraw(deposit=early, user=member)

    early.refresh_from_db()
    assert early.status == DepositStatus.REFUNDED
    late = pay_deposit(member, presale, sku)
    move_to(presale, "waiting")
    with pytest.raises(PresaleRefused) as refused:
        deposit_withdraw(deposit=late, user=member)
    assert refused.value.code == "presale_not_refundable"
    late.refresh_from_db()
    assert late.status == DepositStatus.PAID


def test_a_deposit_the_store_refunded_through_after_sales_is_no_longer_payable_nor_kept(store):
    presale, sku = published_presale(store, stock=5)
    member = UserFactory()
    deposit = pay_deposit(member, presale, sku)
    refund_in_full(order=deposit.deposit_order, reason_code="agreed_with_store", reason="协商退定金")
    move_to(presale, "balance")

    refused = place_balance(member, deposit, expected="5699.00")
    move_to(presale, "ended")
    kept = presales_end()

    deposit.refresh_from_db()
    assert (refused.json()["code"], kept, deposit.status) == ("presale_deposit_not_payable", 0, DepositStatus.REFUNDED)
    assert (available(sku), reserved(sku)) == (5, 0)
