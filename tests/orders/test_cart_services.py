"""The cart's services for several lines at once: select all, and buy an order's goods again, each in one
transaction."""

import pytest

from catalog.models import Spu, SpuStatus
from orders.cart.services import cart_add, cart_buy_again, cart_select_all
from orders.models import CartItem, StoreOrder
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.orders.helpers import address_of, sku_of, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def phone(store):
    return PhoneCatalog().phone(store)


def test_select_all_selects_every_line_and_counts_those_it_changed(member, phone):
    first = cart_add(user=member, sku_id=sku_of(phone, "128G").pk, quantity=1)
    cart_add(user=member, sku_id=sku_of(phone, "256G").pk, quantity=1)
    CartItem.objects.filter(pk=first.item_id).update(selected=False)

    assert cart_select_all(user=member, selected=True) == 1
    assert set(CartItem.objects.filter(user=member).values_list("selected", flat=True)) == {True}

    assert cart_select_all(user=member, selected=False) == 2
    assert set(CartItem.objects.filter(user=member).values_list("selected", flat=True)) == {False}


def test_select_all_leaves_other_members_carts_alone(member, phone):
    other = UserFactory()
    cart_add(user=other, sku_id=sku_of(phone).pk, quantity=1)

    cart_select_all(user=member, selected=False)

    assert CartItem.objects.get(user=other).selected is True


def two_line_order(member, store) -> StoreOrder:
    catalog = PhoneCatalog()
    phone = sku_of(catalog.phone(store))
    case = sku_of(catalog.phone(store, title="手机壳 Case", prices=("39.00", "49.00")))
    trade = submit(client_for(member), [(phone, 1), (case, 2)], address=address_of(member).pk, expected="6077.00")
    assert trade.status_code == 201, trade.json()
    return StoreOrder.objects.get(trade__trade_no=trade.json()["trade_no"])


def test_buy_again_puts_every_line_back_with_its_quantity(member, store):
    order = two_line_order(member, store)
    CartItem.objects.filter(user=member).delete()

    again = cart_buy_again(user=member, order=order)

    assert (again.added, again.missing) == (2, ())
    wanted = sorted((line.sku_id, line.quantity) for line in order.lines.all())
    assert sorted(CartItem.objects.filter(user=member).values_list("sku_id", "quantity")) == wanted


def test_buy_again_names_the_goods_no_longer_for_sale_and_adds_the_rest(member, store):
    order = two_line_order(member, store)
    CartItem.objects.filter(user=member).delete()
    gone = order.lines.get(title__startswith="手机壳")
    Spu.objects.filter(skus__pk=gone.sku_id).update(status=SpuStatus.OFF_SHELF)

    again = cart_buy_again(user=member, order=order)

    assert (again.added, again.missing) == (1, (gone.title,))
    assert list(CartItem.objects.filter(user=member).values_list("sku_id", flat=True)) == [
        order.lines.exclude(pk=gone.pk).get().sku_id
    ]
