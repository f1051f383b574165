"""The deals' API (issue 16 items 3, 4 and 6): a quote asked and answered, approved, accepted and ordered through the
API; who sees which deal (another company's or another store's is 404); the contract PDF and its confirmations."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from companies.models import Company, CompanyRole, DealEvent, DealStatus
from stores.models import StaffRole
from tests.catalog.factories import PhoneCatalog
from tests.companies.factories import CODES, company_with_users, user_in
from tests.conftest import client_for
from tests.factories import MembershipFactory
from tests.orders.helpers import address_of, sku_of


@pytest.fixture
def world(store):
    spu = PhoneCatalog().phone(store, stock=50)
    company = company_with_users()
    Company.objects.filter(pk=company.pk).update(credit_limit=Decimal("100000.00"))
    return {
        "sku": sku_of(spu, "128G"),  # 5999.00
        "company": company,
        "buyer": user_in(company, CompanyRole.BUYER),
        "finance": user_in(company, CompanyRole.FINANCE),
        "clerk": MembershipFactory(store=store, role=StaffRole.CLERK).user,
        "manager": MembershipFactory(store=store, role=StaffRole.MANAGER).user,
    }


def ordered_deal(world) -> dict:
    """Asked, answered 10 % off by the clerk, approved by the manager, accepted and ordered: the order's JSON."""
    buyer, clerk, manager = client_for(world["buyer"]), client_for(world["clerk"]), client_for(world["manager"])
    asked = buyer.post(
        "/api/v1/me/company/deals/", {"lines": [{"sku": world["sku"].pk, "quantity": 10}], "note": "急"}, format="json"
    )
    assert asked.status_code == 201, asked.json()
    deal = asked.json()
    offered = clerk.post(
        f"/api/v1/seller/deals/{deal['id']}/offer/",
        {
            "lines": [{"id": deal["lines"][0]["id"], "unit_price": "5399.10"}],
            "valid_until": (timezone.localdate() + timedelta(days=3)).isoformat(),
        },
        format="json",
    )
    assert offered.status_code == 200, offered.json()
    assert (offered.json()["status"], offered.json()["percent_off"]) == ("awaiting_approval", "10.00")
    assert clerk.post(f"/api/v1/seller/deals/{deal['id']}/approve/").status_code == 403
    assert manager.post(f"/api/v1/seller/deals/{deal['id']}/approve/").json()["status"] == "offered"
    accepted = buyer.post(f"/api/v1/me/company/deals/{deal['id']}/accept/")
    assert accepted.json()["status"] == "accepted"
    address = address_of(world["buyer"])
    preview = buyer.post("/api/v1/checkout/preview/", {"deal": deal["id"], "address": address.pk}, format="json")
    submitted = buyer.post(
        "/api/v1/checkout/submit/",
        {"deal": deal["id"], "address": address.pk, "expected_payable": preview.json()["payable"]},
        format="json",
    )
    assert submitted.status_code == 201, submitted.json()
    return {"deal": deal["id"], "trade": submitted.json()}


@pytest.mark.django_db
def test_from_quote_to_an_order_paid_on_credit(world):
    placed = ordered_deal(world)
    buyer = client_for(world["buyer"])
    paid = buyer.post(f"/api/v1/payments/{placed['trade']['trade_no']}/", {"method": "on_credit"}, format="json")
    assert paid.status_code == 201, paid.json()
    detail = buyer.get(f"/api/v1/me/company/deals/{placed['deal']}/").json()
    assert detail["status"] == "ordered"
    assert detail["total"] == "53991.00"
    steps = [(event["type"], event["by"]) for event in detail["events"]]
    assert steps == [
        ("requested", world["buyer"].username),
        ("price_changed", world["clerk"].username),
        ("approval_requested", world["clerk"].username),
        ("approved", world["manager"].username),
        ("accepted", world["buyer"].username),
        ("ordered", world["buyer"].username),
    ]
    world["company"].refresh_from_db()
    assert world["company"].credit_used == Decimal(placed["trade"]["payable"])  # the goods and their freight
    assert Decimal(placed["trade"]["payable"]) >= Decimal("53991.00")


@pytest.mark.django_db
def test_the_contract_is_a_pdf_naming_the_order_and_both_sides_confirm_it(world):
    placed = ordered_deal(world)
    deal = placed["deal"]
    response = client_for(world["finance"]).get(f"/api/v1/me/company/deals/{deal}/contract/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    order_no = placed["trade"]["orders"][0]["order_no"]
    assert order_no.encode() in pdf
    assert b"53991.00" in pdf
    again = client_for(world["clerk"]).get(f"/api/v1/seller/deals/{deal}/contract/")
    assert again.content == pdf  # drawn again from the same rows: the same bytes

    assert client_for(world["buyer"]).post(f"/api/v1/me/company/deals/{deal}/contract/confirm/").status_code == 200
    assert client_for(world["clerk"]).post(f"/api/v1/seller/deals/{deal}/contract/confirm/").status_code == 200
    twice = client_for(world["clerk"]).post(f"/api/v1/seller/deals/{deal}/contract/confirm/")
    assert twice.json()["code"] == "invalid_transition"
    detail = client_for(world["buyer"]).get(f"/api/v1/me/company/deals/{deal}/").json()
    assert (detail["buyer_confirmed"], detail["store_confirmed"]) == (True, True)
    assert DealEvent.objects.filter(deal_id=deal, type="contract_confirmed").count() == 2


@pytest.mark.django_db
def test_a_deal_not_ordered_has_no_contract(world):
    asked = client_for(world["buyer"]).post(
        "/api/v1/me/company/deals/", {"lines": [{"sku": world["sku"].pk, "quantity": 1}]}, format="json"
    )
    response = client_for(world["buyer"]).get(f"/api/v1/me/company/deals/{asked.json()['id']}/contract/")
    assert response.status_code == 409


@pytest.mark.django_db
def test_another_company_and_another_store_see_nothing_of_the_deal(world):
    asked = client_for(world["buyer"]).post(
        "/api/v1/me/company/deals/", {"lines": [{"sku": world["sku"].pk, "quantity": 1}]}, format="json"
    )
    deal = asked.json()["id"]
    stranger = client_for(user_in(company_with_users(code=CODES[1], name="乙公司"), CompanyRole.BUYER))
    other_store = client_for(MembershipFactory(role=StaffRole.MANAGER).user)
    assert stranger.get(f"/api/v1/me/company/deals/{deal}/").status_code == 404
    assert stranger.get("/api/v1/me/company/deals/").json()["count"] == 0  # a company of its own: none of these
    assert stranger.post(f"/api/v1/me/company/deals/{deal}/accept/").status_code == 404
    assert other_store.get(f"/api/v1/seller/deals/{deal}/").status_code == 404
    assert other_store.get("/api/v1/seller/deals/").json()["count"] == 0
    valid_until = (timezone.localdate() + timedelta(days=3)).isoformat()
    assert (
        other_store.post(f"/api/v1/seller/deals/{deal}/offer/", {"valid_until": valid_until}, format="json").status_code
        == 404
    )
    assert client_for(world["finance"]).get(f"/api/v1/me/company/deals/{deal}/").status_code == 200  # same company
    assert client_for(world["clerk"]).get(f"/api/v1/seller/deals/{deal}/").status_code == 200
    assert DealStatus(asked.json()["status"]) == DealStatus.DRAFT


@pytest.mark.django_db
def test_a_finance_user_cannot_ask_for_a_quote(world):
    response = client_for(world["finance"]).post(
        "/api/v1/me/company/deals/", {"lines": [{"sku": world["sku"].pk, "quantity": 1}]}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == (403, "approval_not_allowed")


@pytest.mark.django_db
def test_the_store_opens_a_deal_for_a_companys_buyer_and_sets_its_threshold(world):
    manager = client_for(world["manager"])
    opened = manager.post(
        "/api/v1/seller/deals/",
        {
            "company": world["company"].pk,
            "buyer": world["buyer"].username,
            "lines": [{"sku": world["sku"].pk, "quantity": 4}],
        },
        format="json",
    )
    assert opened.status_code == 201, opened.json()
    assert (opened.json()["origin"], opened.json()["buyer"]) == ("store", world["buyer"].username)
    assert manager.put("/api/v1/seller/deal-settings/", {"approval_percent": "12.5"}, format="json").json() == {
        "approval_percent": "12.50"
    }
    assert client_for(world["clerk"]).get("/api/v1/seller/deal-settings/").status_code == 403
