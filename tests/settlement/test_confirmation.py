"""After a bill is issued: the store confirms or disputes it, finance adjusts (four eyes) and confirms, a cashier
pays it by hand or through the payout provider, whose signed callback settles it once (API.md "Settlement and
finance")."""

import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission

from marketplace.models import OutboxMessage
from settlement.models import Bill, BillStatus, Payout, SimulatedPayout
from settlement.payouts import SimulatedPayoutProvider
from tests.conftest import client_for
from tests.factories import FinanceFactory, MembershipFactory, StoreFactory, UserFactory
from tests.settlement.test_bills import received, run, terms

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def finance():
    return FinanceFactory()


@pytest.fixture
def cashier():
    """A finance user who may also pay out bills (a permission of its own)."""
    user = FinanceFactory()
    user.user_permissions.add(Permission.objects.get(codename="pay_bill"))
    return user


@pytest.fixture
def bill(store, finance, paid_order):
    member = UserFactory()
    account = {"bank_name": "招商银行", "account_name": "店主", "account_number": "6225880112345678"}
    terms(store, finance, rate=Decimal("5"), **account)
    received(paid_order(client_for(member), member, store, quantity=1), days_ago=4)
    run()
    return Bill.objects.get(store=store)


def staff(store, role):
    return client_for(MembershipFactory(store=store, role=role).user)


def test_the_store_confirms_finance_confirms_and_a_cashier_pays_by_hand(bill, store, finance, cashier):
    owner = staff(store, "owner")

    assert owner.post(f"/api/v1/seller/settlement/bills/{bill.pk}/confirm/").json()["status"] == "store_confirmed"
    assert client_for(finance).post(f"/api/v1/finance/bills/{bill.pk}/confirm/").json()["status"] == "confirmed"
    paid = client_for(cashier).post(
        f"/api/v1/finance/bills/{bill.pk}/payout/", {"method": "manual", "reference": "CMB20261206001"}
    )

    assert paid.status_code == 201, paid.json()
    assert (paid.json()["amount"], paid.json()["status"]) == ("5699.05", "succeeded")
    bill.refresh_from_db()
    assert bill.status == BillStatus.PAID
    assert list(bill.events.values_list("type", flat=True)) == ["issued", "store_confirmed", "confirmed", "paid"]


def test_a_dispute_is_answered_by_an_adjustment_two_finance_users_agree_on(bill, store, finance):
    manager, second = staff(store, "manager"), client_for(FinanceFactory())
    nothing = manager.post(f"/api/v1/seller/settlement/bills/{bill.pk}/dispute/", {"reason": " "})
    disputed = manager.post(f"/api/v1/seller/settlement/bills/{bill.pk}/dispute/", {"reason": "少算了运费 12 元"})
    proposed = (
        client_for(finance)
        .post(f"/api/v1/finance/bills/{bill.pk}/adjustments/", {"amount": "12.00", "reason": "补运费"})
        .json()
    )
    early = client_for(finance).post(f"/api/v1/finance/bills/{bill.pk}/confirm/")
    own = client_for(finance).post(f"/api/v1/finance/adjustments/{proposed['id']}/approve/")
    approved = second.post(f"/api/v1/finance/adjustments/{proposed['id']}/approve/")
    confirmed = second.post(f"/api/v1/finance/bills/{bill.pk}/confirm/")

    assert (nothing.status_code, nothing.json()["code"]) == (400, "validation_error")
    assert disputed.json()["status"] == "disputed"
    assert (early.status_code, early.json()["code"]) == (409, "invalid_transition")
    assert (own.status_code, own.json()["code"]) == (403, "permission_denied")
    assert approved.json()["approved_by"] is not None
    assert confirmed.json()["adjustments"] == "12.00"
    assert (confirmed.json()["status"], confirmed.json()["store_due"]) == ("confirmed", "5711.05")


def test_paying_needs_its_own_permission_and_a_confirmed_bill(bill, store, finance, cashier):
    refused = client_for(finance).post(
        f"/api/v1/finance/bills/{bill.pk}/payout/", {"method": "manual", "reference": "X"}
    )
    too_early = client_for(cashier).post(
        f"/api/v1/finance/bills/{bill.pk}/payout/", {"method": "manual", "reference": "X"}
    )

    assert (refused.status_code, refused.json()["code"]) == (403, "permission_denied")
    assert (too_early.status_code, too_early.json()["code"]) == (409, "invalid_transition")
    assert not Payout.objects.exists()
    bill.refresh_from_db()
    assert bill.status == BillStatus.ISSUED


def test_a_provider_payout_is_paid_once_whatever_the_callbacks(bill, store, finance, cashier, api):
    staff(store, "owner").post(f"/api/v1/seller/settlement/bills/{bill.pk}/confirm/")
    client_for(finance).post(f"/api/v1/finance/bills/{bill.pk}/confirm/")

    started = client_for(cashier).post(f"/api/v1/finance/bills/{bill.pk}/payout/", {"method": "provider"}).json()
    body = json.dumps({"payout_no": started["payout_no"], "status": "failed", "failure": "late word"}).encode()
    repeated = api.post(
        "/api/v1/payouts/callback/",
        body,
        content_type="application/json",
        headers={"X-Signature": SimulatedPayoutProvider().sign(body)},
    )
    forged = api.post("/api/v1/payouts/callback/", body, content_type="application/json", headers={"X-Signature": "x"})

    bill.refresh_from_db()
    payout = Payout.objects.get(payout_no=started["payout_no"])
    assert (bill.status, payout.status, payout.amount) == (BillStatus.PAID, "succeeded", Decimal("5699.05"))
    assert payout.provider_payout_id == f"simpay-{payout.payout_no}"
    assert SimulatedPayout.objects.get(payout_no=payout.payout_no).requests == 1
    assert OutboxMessage.objects.get(key=payout.payout_no).status == "delivered"
    assert repeated.json()["status"] == "succeeded"  # the provider's late, different word changes nothing
    assert (forged.status_code, forged.json()["code"]) == (400, "validation_error")
    events = list(bill.events.values_list("type", flat=True))
    assert events == ["issued", "store_confirmed", "confirmed", "paying", "paid"]


def test_a_refused_payout_leaves_the_bill_payable_again(bill, store, finance, cashier):
    terms_version = bill.store.settlement_terms.get()
    terms_version.account_number = "6225880100000000"  # the simulated bank refuses it
    terms_version.save()
    staff(store, "owner").post(f"/api/v1/seller/settlement/bills/{bill.pk}/confirm/")
    client_for(finance).post(f"/api/v1/finance/bills/{bill.pk}/confirm/")

    client_for(cashier).post(f"/api/v1/finance/bills/{bill.pk}/payout/", {"method": "provider"})

    bill.refresh_from_db()
    assert bill.status == BillStatus.CONFIRMED
    assert bill.events.last().type == "payout_failed"
    assert Payout.objects.get(bill=bill).failure == "The bank refused the account."
    again = client_for(cashier).post(
        f"/api/v1/finance/bills/{bill.pk}/payout/", {"method": "manual", "reference": "R1"}
    )
    assert again.status_code == 201 and Payout.objects.filter(bill=bill).count() == 2


def test_only_the_stores_owner_and_manager_answer_its_bill(bill, store):
    clerk = staff(store, "clerk").post(f"/api/v1/seller/settlement/bills/{bill.pk}/confirm/")
    stranger = staff(StoreFactory(), "owner").post(
        f"/api/v1/seller/settlement/bills/{bill.pk}/dispute/", {"reason": "?"}
    )

    assert (clerk.status_code, stranger.status_code, stranger.json()["code"]) == (403, 404, "not_found")
    bill.refresh_from_db()
    assert bill.status == BillStatus.ISSUED
