"""The counter (POS) under real concurrency (threads with their own PostgreSQL connections): clerks selling the
store's last units, and sales on account racing for one credit limit."""

from decimal import Decimal

import pytest

from marketplace.exceptions import DomainError
from orders.models import PosAccount, PosAccountEntry, StoreOrder
from orders.pos.services import PosLine, Tender, pos_sale
from stores.models import StaffRole
from tests.factories import MembershipFactory
from tests.orders.o2o import stock_of
from tests.orders.pos import counter
from tests.orders.test_concurrency import in_threads

pytestmark = pytest.mark.django_db(transaction=True)


def sale(shop, clerk, sku, tender: Tender):
    return lambda: pos_sale(store=shop.store, clerk=clerk, lines=[PosLine(sku.pk, 1)], member=None, tender=tender)


def test_clerks_selling_the_stores_last_units_at_once_never_sell_more_than_it_holds():
    shop = counter(stock=2)
    clerks = [MembershipFactory(store=shop.store, role=StaffRole.CLERK).user for _ in range(6)]
    cash = Tender("cash", tendered=Decimal("6000.00"))

    results = in_threads([sale(shop, clerk, shop.small, cash) for clerk in clerks], workers=6)

    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(refused) == 4 and {r.code for r in refused} == {"insufficient_stock"}
    assert StoreOrder.objects.filter(store=shop.store).count() == 2
    assert stock_of(shop.small, shop.store) == (0, 0)
    assert stock_of(shop.small, shop.hq) == (10, 0)  # HQ's own stock is never the store's


def test_two_sales_on_account_racing_for_one_limit_never_exceed_it():
    shop = counter()
    account = PosAccount.objects.create(store=shop.store, kind="on_account", name="王老板", credit_limit=Decimal(7000))
    tender = Tender("on_account", account_id=account.pk)
    clerks = [shop.clerk, shop.manager, shop.owner, MembershipFactory(store=shop.store, role=StaffRole.CLERK).user]

    results = in_threads([sale(shop, clerk, shop.small, tender) for clerk in clerks], workers=4)

    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(refused) == 3 and {r.code for r in refused} == {"pos_credit_limit_reached"}
    account.refresh_from_db()
    assert account.balance == Decimal("5999.00") <= account.credit_limit
    assert PosAccountEntry.objects.filter(account=account).count() == 1
    assert stock_of(shop.small, shop.store) == (4, 0)  # the refused sales took nothing
