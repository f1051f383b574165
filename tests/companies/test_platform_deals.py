"""Platform staff on deals (decision 0042): an operator reads every store's deals and acts as a party (answers a
quote, changes prices or quantities with a reason, adds a special discount); beyond the store's threshold the change
still needs approval, by the store's manager or owner or an operator holding the platform's approval permission,
never by the one who made it. Every change is an event with who and why. The deals in the admin."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from companies.deals import services
from companies.deals.exceptions import ApprovalNotAllowed
from companies.deals.services import LineChange, WantedLine
from companies.models import CompanyRole, Deal, DealEvent, DealStatus
from stores.models import StaffRole
from tests.catalog.factories import PhoneCatalog
from tests.companies.factories import company_with_users, user_in
from tests.conftest import client_for
from tests.factories import MembershipFactory, OperatorFactory, StoreFactory
from tests.orders.helpers import sku_of

WEEK = timezone.localdate() + timedelta(days=7)


def platform_approver():
    operator = OperatorFactory()
    operator.user_permissions.add(Permission.objects.get(codename="approve_deal"))
    return type(operator).objects.get(pk=operator.pk)  # permissions are cached per instance


@pytest.fixture
def world(store):
    company = company_with_users()
    catalog = PhoneCatalog()
    return {
        "store": store,
        "catalog": catalog,
        "sku": sku_of(catalog.phone(store, stock=50), "128G"),  # 5999.00
        "buyer": user_in(company, CompanyRole.BUYER),
        "clerk": MembershipFactory(store=store, role=StaffRole.CLERK).user,
        "manager": MembershipFactory(store=store, role=StaffRole.MANAGER).user,
        "operator": OperatorFactory(),
        "approver": platform_approver(),
    }


def asked(world, quantity=10) -> Deal:
    return services.deal_request(user=world["buyer"], lines=[WantedLine(world["sku"].pk, quantity)])


def priced(world, deal, price, *, by, quantity=None, discount=None, reason=""):
    line = deal.lines.get()
    return services.deal_propose(
        deal=deal,
        by=by,
        changes=[LineChange(line.pk, unit_price=Decimal(price), quantity=quantity)],
        valid_until=WEEK,
        special_discount=None if discount is None else Decimal(discount),
        reason=reason,
    )


@pytest.mark.django_db
def test_an_operator_answers_a_quote_within_the_threshold_and_it_goes_to_the_buyer(world):
    deal = priced(world, asked(world), "5699.05", by=world["operator"])  # exactly 5 % off
    assert (deal.status, deal.offered_by) == (DealStatus.OFFERED, world["operator"])
    event = DealEvent.objects.get(deal=deal, type="offered")
    assert (event.by, event.data["total"]) == (world["operator"], "56990.50")


@pytest.mark.django_db
def test_an_operators_change_beyond_the_threshold_waits_and_the_stores_manager_approves_it(world):
    deal = priced(world, asked(world), "5999.00", by=world["clerk"])
    deal = priced(world, deal, "5400.00", by=world["operator"], quantity=12, discount="100.00", reason="平台补贴")
    assert deal.status == DealStatus.AWAITING_APPROVAL
    changes = {e.type: e for e in DealEvent.objects.filter(deal=deal, by=world["operator"])}
    assert (changes["price_changed"].data["old"], changes["price_changed"].data["new"]) == ("5999.00", "5400.00")
    assert (changes["quantity_changed"].data["old"], changes["quantity_changed"].data["new"]) == ("10", "12")
    assert changes["discount_changed"].data["new"] == "100.00"
    assert {e.reason for e in changes.values() if e.type != "approval_requested"} == {"平台补贴"}
    assert changes["approval_requested"].data["total"] == "64700.00"  # 12 × 5400.00 − 100.00

    deal = services.deal_approve(deal=deal, by=world["manager"])
    assert (deal.status, deal.approved_by) == (DealStatus.OFFERED, world["manager"])


@pytest.mark.django_db
def test_an_operator_with_the_platforms_permission_approves_a_clerks_offer_but_never_their_own(world):
    deal = priced(world, asked(world), "5000.00", by=world["clerk"])
    deal = services.deal_approve(deal=deal, by=world["approver"])
    assert (deal.status, deal.approved_by) == (DealStatus.OFFERED, world["approver"])

    own = priced(world, asked(world), "5000.00", by=world["approver"])
    with pytest.raises(ApprovalNotAllowed):
        services.deal_approve(deal=own, by=world["approver"])
    own.refresh_from_db()
    assert (own.status, own.approved_by) == (DealStatus.AWAITING_APPROVAL, None)


@pytest.mark.django_db
def test_an_operator_without_the_permission_nor_another_stores_manager_approves(world):
    deal = priced(world, asked(world), "5000.00", by=world["clerk"])
    elsewhere = MembershipFactory(store=StoreFactory(), role=StaffRole.MANAGER).user
    for user in (world["operator"], elsewhere):
        with pytest.raises(ApprovalNotAllowed):
            services.deal_approve(deal=deal, by=user)
    assert Deal.objects.get(pk=deal.pk).status == DealStatus.AWAITING_APPROVAL
    assert not DealEvent.objects.filter(deal=deal, type="approved").exists()


# --- The platform API


@pytest.mark.django_db
def test_the_platform_api_lists_every_stores_deals_and_filters_them(world):
    mine = asked(world)
    other_store = StoreFactory()
    theirs = services.deal_request(
        user=world["buyer"], lines=[WantedLine(sku_of(world["catalog"].phone(other_store, title="小米"), "128G").pk, 1)]
    )
    client = client_for(world["operator"])
    listed = client.get("/api/v1/platform/deals/").json()["results"]
    assert {row["id"] for row in listed} == {mine.pk, theirs.pk}
    only = client.get(f"/api/v1/platform/deals/?store={other_store.pk}&status=draft").json()["results"]
    assert [row["id"] for row in only] == [theirs.pk]
    assert client.get("/api/v1/platform/deals/999999/").json()["code"] == "not_found"
    assert client_for(world["clerk"]).get("/api/v1/platform/deals/").json()["code"] == "permission_denied"


@pytest.mark.django_db
def test_an_operator_prices_approves_and_refuses_through_the_platform_api(world):
    deal = asked(world)
    line = deal.lines.get()
    operator, approver = client_for(world["operator"]), client_for(world["approver"])
    body = {"lines": [{"id": line.pk, "unit_price": "5000.00"}], "valid_until": WEEK.isoformat()}

    offered = operator.post(f"/api/v1/platform/deals/{deal.pk}/offer/", body, format="json")
    assert offered.status_code == 200, offered.json()
    assert (offered.json()["status"], offered.json()["offered_by"]) == ("awaiting_approval", world["operator"].username)

    refused = operator.post(f"/api/v1/platform/deals/{deal.pk}/approve/")
    assert (refused.status_code, refused.json()["code"]) == (403, "approval_not_allowed")
    no_reason = approver.post(f"/api/v1/platform/deals/{deal.pk}/refuse/", {}, format="json")
    assert (no_reason.status_code, no_reason.json()["code"]) == (400, "validation_error")

    approved = approver.post(f"/api/v1/platform/deals/{deal.pk}/approve/")
    assert (approved.status_code, approved.json()["status"]) == (200, "offered")
    again = approver.post(f"/api/v1/platform/deals/{deal.pk}/approve/")
    assert (again.status_code, again.json()["code"]) == (409, "invalid_transition")

    changed = operator.post(
        f"/api/v1/platform/deals/{deal.pk}/offer/",
        {"lines": [{"id": line.pk, "unit_price": "4900.00"}], "valid_until": WEEK.isoformat()},
        format="json",
    )
    assert (changed.status_code, changed.json()["code"]) == (400, "validation_error")  # a change needs a reason
    assert "reason" in changed.json()["fields"]
    sent_back = approver.post(f"/api/v1/platform/deals/{deal.pk}/refuse/", {"reason": "x"}, format="json")
    assert sent_back.json()["code"] == "invalid_transition"  # offered, not waiting for approval


# --- The admin


@pytest.mark.django_db
def test_the_admin_lists_deals_and_its_action_approves_only_for_the_permission_and_never_ones_own(world, client):
    waiting = priced(world, asked(world), "5000.00", by=world["clerk"])
    own = priced(world, asked(world), "5000.00", by=world["approver"])
    client.force_login(world["operator"])
    page = client.get("/admin/companies/deal/?status=awaiting_approval")
    assert page.status_code == 200 and waiting.number in page.content.decode()
    assert client.get(f"/admin/companies/deal/{waiting.pk}/change/").status_code == 200
    action = {"action": "approve", "_selected_action": [waiting.pk, own.pk], "index": 0}

    client.post("/admin/companies/deal/", action)  # an operator without the permission: not offered, nothing done
    assert Deal.objects.get(pk=waiting.pk).status == DealStatus.AWAITING_APPROVAL

    client.force_login(world["approver"])
    client.post("/admin/companies/deal/", action)
    assert Deal.objects.get(pk=waiting.pk).status == DealStatus.OFFERED
    assert Deal.objects.get(pk=own.pk).status == DealStatus.AWAITING_APPROVAL  # four eyes
    assert DealEvent.objects.get(deal=waiting, type="approved").by == world["approver"]
