"""The store's bills in the seller backend: owners and managers read them to the line and answer an issued one
(confirm, or dispute saying why); a clerk sees none of it, another store's bill is not found."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from settlement.models import Bill, BillStatus
from tests.conftest import client_for
from tests.factories import FinanceFactory, MembershipFactory, StoreFactory, UserFactory
from tests.settlement.test_bills import received, run, terms

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def bill(store, paid_order):
    """The store's bill of two received orders (1 and 3 phones) at 5 %."""
    member = UserFactory()
    terms(store, FinanceFactory(), rate=Decimal("5"))
    for quantity in (1, 3):
        received(paid_order(client_for(member), member, store, quantity=quantity), days_ago=4)
    run()
    return Bill.objects.get(store=store)


def page_client(store, role: str) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(MembershipFactory(store=store, role=role).user)
    return client


def test_the_owner_reads_the_bill_to_the_line_and_confirms_it(bill, store):
    owner = page_client(store, "owner")

    listing = owner.get("/seller/bills/").content.decode()
    page = owner.get(f"/seller/bills/{bill.pk}/").content.decode()
    confirmed = owner.post(f"/seller/bills/{bill.pk}/confirm/")

    assert bill.bill_no in listing and "¥22796.20" in listing  # 23996.00 less 5 %
    assert "¥1199.80" in page and page.count('<td class="num">¥') >= 2 * 5
    assert confirmed.status_code == 302
    bill.refresh_from_db()
    assert bill.status == BillStatus.STORE_CONFIRMED


def test_a_dispute_needs_a_reason_and_a_manager_may_give_one(bill, store):
    manager = page_client(store, "manager")

    blank = manager.post(f"/seller/bills/{bill.pk}/dispute/", {"reason": "  "})
    bill.refresh_from_db()
    status_after_blank = bill.status
    disputed = manager.post(f"/seller/bills/{bill.pk}/dispute/", {"reason": "第二单少算运费"})

    assert blank.status_code == 400 and 'aria-invalid="true"' in blank.content.decode()
    assert status_after_blank == BillStatus.ISSUED
    assert disputed.status_code == 302
    bill.refresh_from_db()
    assert bill.status == BillStatus.DISPUTED and bill.events.last().reason == "第二单少算运费"


def test_a_clerk_sees_no_bill_and_another_store_finds_none(bill, store):
    clerk = page_client(store, "clerk")
    stranger = page_client(StoreFactory(), "owner")

    assert clerk.get("/seller/bills/").status_code == 403
    assert stranger.get(f"/seller/bills/{bill.pk}/").status_code == 404
    assert stranger.post(f"/seller/bills/{bill.pk}/confirm/").status_code == 404
    bill.refresh_from_db()
    assert bill.status == BillStatus.ISSUED


def test_the_bill_page_costs_the_same_queries_whatever_its_lines(bill, store, paid_order):
    owner = page_client(store, "owner")

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert owner.get(path).status_code == 200
        return len(captured)

    two = queries(f"/seller/bills/{bill.pk}/")
    member = UserFactory()
    for _ in range(3):
        received(paid_order(client_for(member), member, store, quantity=1), days_ago=4)
    run(until=bill.period_end + timedelta(days=1))
    later = Bill.objects.exclude(pk=bill.pk).get(store=store)

    assert later.lines.count() == 3
    assert queries(f"/seller/bills/{later.pk}/") == two
