"""Staff figures (issue 15 item 6): a clerk's own counter sales and members gained, today and this month, to the
cent; owners and managers see every staff member's; settlement's ledger, bill run and reports count a counter sale
as any paid order."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from members.models import User
from orders.models import OrderEvent, StoreOrder
from settlement import services as settlement
from settlement.models import Bill, LedgerEntry, SalesDay
from settlement.reports.services import rollup_refresh
from stores.invitations import invitation_code_for
from stores.models import MemberSource
from tests.factories import UserFactory
from tests.orders.pos import counter, sell

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    return counter()


def gained(shop, staff, *, days_ago: int = 0) -> User:
    member = UserFactory()
    source = MemberSource.objects.create(
        member=member, store=shop.store, staff=staff, code=invitation_code_for(store=shop.store, staff=staff)
    )
    MemberSource.objects.filter(pk=source.pk).update(registered_at=timezone.now() - timedelta(days=days_ago))
    return member


def figures(api) -> dict:
    response = api.get("/api/v1/seller/staff/figures/")
    assert response.status_code == 200
    return {row["user"]: row for row in response.json()}


def test_a_clerk_sees_their_own_sales_and_members_and_a_manager_every_clerks_to_the_cent(shop):
    sell(shop.api(), [(shop.small, 1)], tendered="6000", member="13700000001")  # 5699.05 at the member's level
    sell(shop.api(), [(shop.large, 1)], method="card", reference="T1")  # 6999.00
    earlier = StoreOrder.objects.get(sold_by=shop.clerk, payable=Decimal("6999.00"))
    StoreOrder.objects.filter(pk=earlier.pk).update(paid_at=timezone.now() - timedelta(days=1))
    sell(shop.api(shop.manager), [(shop.small, 2)], tendered="11998")  # 11998.00, the manager's
    gained(shop, shop.clerk)
    gained(shop, shop.clerk, days_ago=1)
    today = timezone.localdate()

    mine = figures(shop.api())
    assert list(mine) == [shop.clerk.pk]  # a clerk sees only their own
    row = mine[shop.clerk.pk]
    assert (row["orders_today"], row["amount_today"], row["members_today"]) == (1, "5699.05", 1)
    if today.day > 1:  # yesterday was this month
        assert (row["orders_month"], row["amount_month"], row["members_month"]) == (2, "12698.05", 2)

    every = figures(shop.api(shop.manager))
    assert set(every) == {shop.clerk.pk, shop.manager.pk, shop.owner.pk}
    assert (every[shop.manager.pk]["orders_today"], every[shop.manager.pk]["amount_today"]) == (1, "11998.00")
    assert (every[shop.owner.pk]["orders_today"], every[shop.owner.pk]["amount_today"]) == (0, "0.00")

    page = Client()
    page.force_login(shop.manager)
    html = page.get("/seller/figures/").content.decode()
    assert "11998.00" in html and "5699.05" in html


def test_a_refunded_counter_sale_counts_no_more_in_the_clerks_amount(shop):
    sale = sell(shop.api(), [(shop.small, 1)], tendered="6000").json()
    shop.api(shop.manager).post(f"/api/v1/seller/pos/sales/{sale['trade_no']}/refund/", {}, format="json")

    assert figures(shop.api())[shop.clerk.pk]["amount_today"] == "0.00"


def test_settlement_posts_bills_and_reports_a_counter_sale_like_any_paid_order(shop):
    sale = sell(shop.api(), [(shop.small, 1)], tendered="6000", member="13700000001").json()
    order = StoreOrder.objects.get(trade__trade_no=sale["trade_no"])

    settlement.ledger_post()
    [entry] = LedgerEntry.objects.filter(order=order)
    assert (entry.store_id, entry.kind, entry.gross) == (shop.store.pk, "sale", Decimal("5699.05"))

    OrderEvent.objects.update(at=timezone.now() - timedelta(days=10))  # handed over ten days ago, past any hold
    run = settlement.bill_run_start(until=timezone.localdate(), by=None)
    settlement.bill_run_execute(run_id=run.pk)
    [bill] = Bill.objects.filter(store=shop.store)
    assert list(bill.lines.values_list("order_id", flat=True)) == [order.pk]

    rollup_refresh()
    [day] = SalesDay.objects.filter(store=shop.store)
    assert (day.orders, day.gmv, day.quantity) == (1, Decimal("5699.05"), 1)
