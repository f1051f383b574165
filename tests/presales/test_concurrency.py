"""Presales under real concurrency: threads with their own PostgreSQL connections, through the checkout API."""

from collections import Counter

import pytest

from orders.models import OrderStatus, StoreOrder
from presales.models import DepositStatus, PresaleDeposit
from presales.services import presale_cancel, presales_end
from tests.catalog.factories import PhoneCatalog
from tests.factories import UserFactory
from tests.orders.helpers import address_of, available, reserved
from tests.orders.test_concurrency import in_threads
from tests.presales.helpers import buy, move_to, pay_deposit, published_presale

pytestmark = pytest.mark.django_db(transaction=True)


def deposit_call(member, presale, sku):
    return lambda: buy(member, sku, quantity=1, play=f"presale:{presale.pk}", expected="100.00").status_code


def test_20_members_racing_for_5_units_place_5_deposits(store):
    presale, sku = published_presale(store, stock=5)
    members = [UserFactory() for _ in range(20)]
    for member in members:
        address_of(member)

    results = in_threads([deposit_call(member, presale, sku) for member in members])

    assert Counter(results)[201] == 5
    assert PresaleDeposit.objects.count() == 5
    assert (available(sku), reserved(sku)) == (0, 5)


def test_one_member_submitting_deposits_at_once_holds_one(store):
    presale, sku = published_presale(store, stock=10)
    member = UserFactory()
    address_of(member)

    results = in_threads([deposit_call(member, presale, sku) for _ in range(6)])

    assert Counter(results)[201] == 1
    assert PresaleDeposit.objects.count() == 1 and reserved(sku) == 1


def test_one_deposits_balance_submitted_at_once_is_one_order_and_the_goods_reserved_once(store):
    presale, sku = published_presale(store, stock=3)
    member = UserFactory()
    deposit = pay_deposit(member, presale, sku)
    move_to(presale, "balance")
    play = f"presale_balance:{deposit.pk}"

    results = in_threads([lambda: buy(member, sku, quantity=1, play=play, expected="5699.00").status_code] * 6)

    assert Counter(results)[201] == 1
    assert StoreOrder.objects.filter(play_kind="presale_balance").count() == 1
    assert (available(sku), reserved(sku)) == (2, 1)


def test_two_closings_and_two_cancellations_at_once_settle_each_deposit_once(store):
    catalog = PhoneCatalog()
    ending, sku = published_presale(store, stock=6, catalog=catalog)
    cancelled, other = published_presale(store, stock=6, catalog=catalog)
    kept = [pay_deposit(UserFactory(), ending, sku) for _ in range(3)]
    refunded = [pay_deposit(UserFactory(), cancelled, other) for _ in range(3)]
    move_to(ending, "ended")

    results = in_threads(
        [presales_end, presales_end, lambda: presale_cancel(presale=cancelled, by=None)] * 2, workers=6
    )

    assert [r for r in results if isinstance(r, Exception)] == []
    assert sum(r for r in results if isinstance(r, int)) == 3  # each kept deposit counted once
    assert {d.status for d in PresaleDeposit.objects.filter(pk__in=[d.pk for d in kept])} == {DepositStatus.FORFEITED}
    for deposit in PresaleDeposit.objects.filter(pk__in=[d.pk for d in refunded]):
        order = StoreOrder.objects.get(pk=deposit.deposit_order_id)
        assert deposit.status == DepositStatus.REFUNDED
        assert (order.status, order.refunded_amount) == (OrderStatus.CLOSED, order.paid_amount)
    assert (reserved(sku), reserved(other)) == (0, 0)
