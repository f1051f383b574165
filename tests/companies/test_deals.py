"""Quotes and assisted orders (询价, 人工介入, issue 16 items 3 and 4): the store's prices and special discount, the
store's approval threshold (exactly at it needs none), four eyes on an approval, the company's approval, expiry, and
the order checkout places from an accepted deal at exactly its prices, the special discount apportioned."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from companies.deals import services
from companies.deals.exceptions import ApprovalNotAllowed, DealExpired, DealNotReady
from companies.deals.services import LineChange, WantedLine
from companies.models import Company, CompanyRole, DealEvent, DealStatus, StoreDealSettings
from marketplace.exceptions import InvalidInput
from orders.models import LineDiscount, OrderLine, OrderStatus, StoreOrder
from stores.models import StaffRole
from tests.catalog.factories import PhoneCatalog
from tests.companies.factories import company_with_users, user_in
from tests.conftest import client_for
from tests.factories import MembershipFactory
from tests.orders.helpers import address_of, sku_of

TODAY = timezone.localdate
WEEK = timedelta(days=7)


@pytest.fixture
def world(store):
    catalog = PhoneCatalog()
    spu = catalog.phone(store, stock=50)  # 128G 5999.00, 256G 6999.00
    company = company_with_users()
    return {
        "catalog": catalog,
        "store": store,
        "small": sku_of(spu, "128G"),
        "big": sku_of(spu, "256G"),
        "company": company,
        "buyer": user_in(company, CompanyRole.BUYER),
        "approver": user_in(company, CompanyRole.APPROVER),
        "clerk": MembershipFactory(store=store, role=StaffRole.CLERK).user,
        "manager": MembershipFactory(store=store, role=StaffRole.MANAGER).user,
        "owner": MembershipFactory(store=store, role=StaffRole.OWNER).user,
    }


def quote(world, *quantities):
    skus = (world["small"], world["big"])
    lines = [WantedLine(sku.pk, quantity) for sku, quantity in zip(skus, quantities, strict=False)]
    return services.deal_request(user=world["buyer"], lines=lines, note="年度采购")


def answer(world, deal, prices, *, by=None, discount=None, reason="", days=7):
    lines = deal.lines.order_by("pk")
    changes = [LineChange(line.pk, unit_price=Decimal(p)) for line, p in zip(lines, prices, strict=True)]
    return services.deal_propose(
        deal=deal,
        by=by or world["clerk"],
        changes=changes,
        valid_until=TODAY() + timedelta(days=days),
        special_discount=Decimal(discount) if discount is not None else None,
        reason=reason,
    )


@pytest.mark.django_db
def test_an_offer_exactly_five_percent_off_goes_to_the_buyer_without_approval(world):
    deal = quote(world, 10)  # list 59990.00; 5 % off is 56990.50
    deal = answer(world, deal, ["5699.05"])
    assert deal.status == DealStatus.OFFERED
    assert deal.approved_by is None


@pytest.mark.django_db
def test_a_cent_beyond_five_percent_needs_a_managers_approval(world):
    deal = answer(world, quote(world, 10), ["5699.05"], discount="0.01", reason="老客户")  # 56990.49: 5.00002 % off
    assert deal.status == DealStatus.AWAITING_APPROVAL
    event = DealEvent.objects.get(deal=deal, type="approval_requested")
    assert (event.data["list_total"], event.data["total"], event.data["threshold"]) == ("59990.00", "56990.49", "5.00")

    deal = services.deal_approve(deal=deal, by=world["manager"])
    assert deal.status == DealStatus.OFFERED
    assert deal.approved_by == world["manager"]


@pytest.mark.django_db
def test_the_store_sets_its_own_threshold(world):
    StoreDealSettings.objects.create(store=world["store"], approval_percent=Decimal("10"))
    deal = answer(world, quote(world, 10), ["5399.10"])  # exactly 10 % off
    assert deal.status == DealStatus.OFFERED
    deal = answer(world, deal, ["5399.09"], reason="再让一分")
    assert deal.status == DealStatus.AWAITING_APPROVAL


@pytest.mark.django_db
def test_a_clerk_cannot_approve_and_no_one_approves_their_own_offer(world):
    deal = answer(world, quote(world, 2), ["5000.00"], by=world["manager"])
    with pytest.raises(ApprovalNotAllowed):
        services.deal_approve(deal=deal, by=world["clerk"])
    with pytest.raises(ApprovalNotAllowed):
        services.deal_approve(deal=deal, by=world["manager"])  # their own offer
    deal.refresh_from_db()
    assert deal.status == DealStatus.AWAITING_APPROVAL
    assert services.deal_approve(deal=deal, by=world["owner"]).status == DealStatus.OFFERED


@pytest.mark.django_db
def test_another_stores_manager_cannot_approve(world):
    deal = answer(world, quote(world, 2), ["5000.00"])
    outsider = MembershipFactory(role=StaffRole.MANAGER).user
    with pytest.raises(ApprovalNotAllowed):
        services.deal_approve(deal=deal, by=outsider)


@pytest.mark.django_db
def test_changing_an_offer_needs_a_reason_and_records_old_and_new(world):
    deal = answer(world, quote(world, 3), ["5899.00"])
    with pytest.raises(InvalidInput) as refused:
        answer(world, deal, ["5800.00"])
    assert "reason" in refused.value.fields
    line = deal.lines.get()
    services.deal_propose(
        deal=deal,
        by=world["clerk"],
        changes=[LineChange(line.pk, unit_price=Decimal("5800.00"), quantity=5)],
        valid_until=TODAY() + WEEK,
        reason="客户加量",
    )
    changes = {e.type: e for e in DealEvent.objects.filter(deal=deal, type__in=["price_changed", "quantity_changed"])}
    assert (changes["price_changed"].data["old"], changes["price_changed"].data["new"]) == ("5899.00", "5800.00")
    assert (changes["quantity_changed"].data["old"], changes["quantity_changed"].data["new"]) == ("3", "5")
    assert changes["quantity_changed"].reason == "客户加量"
    assert changes["quantity_changed"].by == world["clerk"]


@pytest.mark.django_db
def test_an_expired_offer_cannot_be_accepted_and_the_sweep_marks_it(world):
    deal = answer(world, quote(world, 1), ["5900.00"], days=0)
    with pytest.raises(DealExpired):
        services.deal_accept(deal=deal, by=world["buyer"], today=TODAY() + timedelta(days=1))
    assert services.deals_expire(today=TODAY()) == 0
    assert services.deals_expire(today=TODAY() + timedelta(days=1)) == 1
    assert services.deals_expire(today=TODAY() + timedelta(days=1)) == 0  # a run again changes nothing
    deal.refresh_from_db()
    assert deal.status == DealStatus.EXPIRED
    assert DealEvent.objects.filter(deal=deal, type="expired", by=None).exists()


@pytest.mark.django_db
def test_an_order_over_the_companys_threshold_waits_for_its_approver(world):
    Company.objects.filter(pk=world["company"].pk).update(approval_threshold=Decimal("10000.00"))
    deal = answer(world, quote(world, 2), ["5900.00"])
    deal = services.deal_accept(deal=deal, by=world["buyer"])
    assert deal.status == DealStatus.AWAITING_COMPANY_APPROVAL
    with pytest.raises(ApprovalNotAllowed):
        services.deal_company_approve(deal=deal, by=world["buyer"])
    assert services.deal_company_approve(deal=deal, by=world["approver"]).status == DealStatus.ACCEPTED


@pytest.mark.django_db
def test_quote_to_order_at_exactly_its_prices_with_the_discount_apportioned(world):
    buyer = world["buyer"]
    address = address_of(buyer)
    deal = quote(world, 3, 2)  # 3 × 5999.00 + 2 × 6999.00 = 31995.00 at list
    # 16666.65 + 13333.34 - 100.01
    deal = answer(world, deal, ["5555.55", "6666.67"], discount="100.01", reason="年度大单")
    deal = services.deal_approve(deal=deal, by=world["manager"])
    services.deal_accept(deal=deal, by=buyer)
    api = client_for(buyer)

    preview = api.post("/api/v1/checkout/preview/", {"deal": deal.pk, "address": address.pk}, format="json").json()
    assert preview["stores"][0]["discount"] == "100.01"
    payable = preview["payable"]
    response = api.post(
        "/api/v1/checkout/submit/",
        {"deal": deal.pk, "address": address.pk, "expected_payable": payable},
        format="json",
    )

    assert response.status_code == 201, response.json()
    order = StoreOrder.objects.get(trade__trade_no=response.json()["trade_no"])
    lines = {line.sku_id: line for line in OrderLine.objects.filter(order=order)}
    assert lines[world["small"].pk].unit_price == Decimal("5555.55")
    assert lines[world["big"].pk].unit_price == Decimal("6666.67")
    assert order.subtotal == Decimal("29999.99")
    assert order.discount == Decimal("100.01")
    assert order.payable == Decimal("29899.98") + order.freight
    parts = LineDiscount.objects.filter(line__order=order)
    assert {p.source for p in parts} == {"special"}
    assert sum(p.amount for p in parts) == Decimal("100.01")
    assert all(p.platform_amount == 0 for p in parts)  # the store funds it
    deal.refresh_from_db()
    assert (deal.status, deal.trade_no) == (DealStatus.ORDERED, order.trade.trade_no)
    assert order.status == OrderStatus.PENDING_PAYMENT


@pytest.mark.django_db
def test_a_deal_not_accepted_cannot_be_checked_out_and_nothing_is_placed(world):
    buyer = world["buyer"]
    deal = answer(world, quote(world, 1), ["5000.00"])  # waiting for the store's approval
    response = client_for(buyer).post(
        "/api/v1/checkout/submit/",
        {"deal": deal.pk, "address": address_of(buyer).pk, "expected_payable": "5000.00"},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == DealNotReady.code
    assert not StoreOrder.objects.exists()


@pytest.mark.django_db
def test_another_companys_buyer_cannot_check_out_the_deal(world):
    deal = answer(world, quote(world, 1), ["5900.00"])
    services.deal_accept(deal=deal, by=world["buyer"])
    stranger = user_in(company_with_users(code="9144030071526726XG", name="乙公司"), CompanyRole.BUYER)
    response = client_for(stranger).post(
        "/api/v1/checkout/submit/",
        {"deal": deal.pk, "address": address_of(stranger).pk, "expected_payable": "5900.00"},
        format="json",
    )
    assert response.status_code == 400  # an id in the body that is not theirs names the field (API.md)
    assert response.json()["code"] == "validation_error" and "deal" in response.json()["fields"]
    assert not StoreOrder.objects.exists()


@pytest.mark.django_db
def test_a_quote_names_one_stores_goods(world):
    other = world["catalog"].phone(MembershipFactory(role=StaffRole.OWNER).store, title="其他店手机", stock=5)
    with pytest.raises(InvalidInput):
        services.deal_request(
            user=world["buyer"], lines=[WantedLine(world["small"].pk, 1), WantedLine(sku_of(other).pk, 1)]
        )
