"""The bill API (API.md "Settlement and finance"): finance runs bills and reads every store's; a store's owner and
manager read their own (another store's is not found, a clerk is refused)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from settlement.models import Bill
from tests.conftest import client_for
from tests.factories import FinanceFactory, MembershipFactory, StoreFactory, UserFactory
from tests.settlement.test_bills import received, terms

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def finance():
    return FinanceFactory()


@pytest.fixture
def billed(store, finance, paid_order, shopper, member):
    terms(store, finance, rate=Decimal("5"))
    received(paid_order(shopper, member, store, quantity=2), days_ago=4)
    response = client_for(finance).post("/api/v1/finance/bill-runs/", {"until": str(timezone.localdate())})
    assert response.status_code == 202, response.json()
    return response.json()


@pytest.fixture
def member():
    return UserFactory()


@pytest.fixture
def shopper(member):
    return client_for(member)


def test_finance_runs_bills_and_reads_them_to_the_line(billed, finance, store):
    api = client_for(finance)

    run = api.get(f"/api/v1/finance/bill-runs/{billed['id']}/").json()
    bills = api.get("/api/v1/finance/bills/", {"store": store.pk, "status": "issued"}).json()
    [bill] = bills["results"]
    lines = api.get(f"/api/v1/finance/bills/{bill['id']}/lines/").json()["results"]

    assert run["status"] == "done"
    progress = run["progress"]
    assert progress["stores_done"] == progress["stores_total"] >= 1
    assert (progress["bills_made"], progress["lines_billed"], progress["failures"]) == (1, 1, [])
    assert {key: bill[key] for key in ("store", "gross", "net_sales", "hq_take", "freight", "store_due")} == {
        "store": store.pk,
        "gross": "11998.00",
        "net_sales": "11998.00",
        "hq_take": "599.90",
        "freight": "0.00",
        "store_due": "11398.10",
    }
    assert [(line["quantity"], line["gross"], line["hq_take"], line["store_due"]) for line in lines] == [
        (2, "11998.00", "599.90", "11398.10")
    ]


def test_a_store_reads_its_own_bills_only(billed, store):
    bill = Bill.objects.get(store=store)
    owner = client_for(MembershipFactory(store=store, role="owner").user)
    manager = client_for(MembershipFactory(store=store, role="manager").user)
    clerk = client_for(MembershipFactory(store=store, role="clerk").user)
    stranger = client_for(MembershipFactory(store=StoreFactory(), role="owner").user)

    assert owner.get("/api/v1/seller/settlement/bills/").json()["count"] == 1
    assert manager.get(f"/api/v1/seller/settlement/bills/{bill.pk}/").json()["bill_no"] == bill.bill_no
    assert owner.get(f"/api/v1/seller/settlement/bills/{bill.pk}/lines/").json()["count"] == 1
    assert clerk.get("/api/v1/seller/settlement/bills/").status_code == 403
    assert stranger.get(f"/api/v1/seller/settlement/bills/{bill.pk}/").json()["code"] == "not_found"
    assert stranger.get("/api/v1/seller/settlement/bills/").json()["count"] == 0
    assert owner.get(f"/api/v1/finance/bills/{bill.pk}/").status_code == 403


def test_a_bill_run_refuses_days_to_come_and_unknown_filters(finance):
    api = client_for(finance)
    tomorrow = timezone.localdate() + timedelta(days=1)

    refused = api.post("/api/v1/finance/bill-runs/", {"until": str(tomorrow)})
    unknown = api.get("/api/v1/finance/bills/", {"status": "lost"})

    assert (refused.status_code, refused.json()["code"]) == (400, "validation_error")
    assert "until" in refused.json()["fields"]
    assert (unknown.status_code, unknown.json()["code"]) == (400, "validation_error")
    assert api.get("/api/v1/finance/bill-runs/999999/").json()["code"] == "not_found"
