"""The other side hears of each step of a deal (decision 0042, through marketplace.notifications, decision 0017):
quote asked → the store's staff; answered → the buyer; approval needed → the store's managers; approved or sent
back → the one who sent the offer; accepted → the store; the company's approval needed → its approvers, given →
the buyer; the contract confirmed → the other side. Once per step and reader, in the reader's language."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from companies.deals import services
from companies.deals.services import LineChange, WantedLine
from companies.models import Company, CompanyRole, Deal, DealStatus
from marketplace.notifications.models import Message
from marketplace.tasks import deliver_outbox
from stores.models import StaffRole
from tests.catalog.factories import PhoneCatalog
from tests.companies.factories import company_with_users, user_in
from tests.factories import MembershipFactory
from tests.orders.helpers import sku_of

WEEK = timezone.localdate() + timedelta(days=7)


@pytest.fixture
def world(store):
    company = company_with_users()
    Company.objects.filter(pk=company.pk).update(approval_threshold=Decimal("50000.00"))
    company.refresh_from_db()
    return {
        "sku": sku_of(PhoneCatalog().phone(store, stock=50), "128G"),  # 5999.00
        "buyer": user_in(company, CompanyRole.BUYER),
        "approver": user_in(company, CompanyRole.APPROVER),
        "finance": user_in(company, CompanyRole.FINANCE),
        "clerk": MembershipFactory(store=store, role=StaffRole.CLERK).user,
        "manager": MembershipFactory(store=store, role=StaffRole.MANAGER).user,
        "owner": MembershipFactory(store=store, role=StaffRole.OWNER).user,
    }


def told(user) -> list[str]:
    return list(Message.objects.filter(recipient=user).order_by("id").values_list("kind", flat=True))


def offer(deal, price, by, reason=""):
    line = deal.lines.get()
    return services.deal_propose(
        deal=deal, by=by, changes=[LineChange(line.pk, unit_price=Decimal(price))], valid_until=WEEK, reason=reason
    )


@pytest.mark.django_db
def test_each_step_tells_the_other_side_and_no_one_of_their_own_step(world):
    w = world
    deal = services.deal_request(user=w["buyer"], lines=[WantedLine(w["sku"].pk, 10)])
    for staff in ("clerk", "manager", "owner"):
        assert told(w[staff]) == ["deal_requested"]
    assert told(w["buyer"]) == []

    deal = offer(deal, "5000.00", w["clerk"])  # 16.65 % off: beyond the store's 5 %
    assert told(w["manager"])[-1] == told(w["owner"])[-1] == "deal_approval_needed"
    assert told(w["clerk"]) == ["deal_requested"]  # the sender is not asked to approve their own offer
    assert told(w["buyer"]) == []  # not offered yet

    deal = services.deal_approve(deal=deal, by=w["manager"])
    assert told(w["clerk"])[-1] == "deal_approved"
    assert told(w["buyer"]) == ["deal_offered"]

    deal = services.deal_accept(deal=deal, by=w["buyer"])  # 50000.00: not over the company's 50000.00
    assert deal.status == DealStatus.ACCEPTED
    assert told(w["clerk"])[-1] == told(w["owner"])[-1] == "deal_accepted"
    assert told(w["approver"]) == [] and told(w["finance"]) == []

    Deal.objects.filter(pk=deal.pk).update(status=DealStatus.ORDERED, order_no="S1")
    services.deal_contract_confirm(deal=deal, by=w["owner"], side="store")
    assert told(w["buyer"])[-1] == "deal_contract_confirmed"
    services.deal_contract_confirm(deal=deal, by=w["buyer"], side="buyer")
    assert told(w["clerk"])[-1] == told(w["manager"])[-1] == "deal_contract_confirmed"
    assert told(w["owner"]).count("deal_contract_confirmed") == 1  # the owner confirmed the store's side


@pytest.mark.django_db
def test_a_refusal_tells_the_sender_with_the_managers_reason_and_the_companys_approval_its_approvers(world):
    w = world
    deal = offer(services.deal_request(user=w["buyer"], lines=[WantedLine(w["sku"].pk, 10)]), "5000.00", w["clerk"])
    deal = services.deal_approval_refuse(deal=deal, by=w["owner"], reason="让利过多")
    message = Message.objects.get(recipient=w["clerk"], kind="deal_approval_refused")
    assert (message.params["reason"], message.params["number"], message.store_id) == (
        "让利过多",
        deal.number,
        deal.store_id,
    )

    deal = offer(
        deal, "5999.00", w["clerk"], reason="按原价"
    )  # the list price: no approval; 59990.00 is over the company's limit
    assert told(w["buyer"]) == ["deal_offered"]
    deal = services.deal_accept(deal=deal, by=w["buyer"])
    assert deal.status == DealStatus.AWAITING_COMPANY_APPROVAL
    assert told(w["approver"]) == ["deal_company_approval_needed"]
    assert Message.objects.get(recipient=w["approver"]).params["total"] == "59990.00"
    services.deal_company_approve(deal=deal, by=w["approver"])
    assert told(w["buyer"]) == ["deal_offered", "deal_company_approved"]


@pytest.mark.django_db
def test_the_email_is_in_the_readers_language_and_sent_once(world, django_capture_on_commit_callbacks):
    buyer = world["buyer"]
    buyer.email, buyer.language = "buyer@example.com", "en"
    buyer.save(update_fields=["email", "language"])
    with django_capture_on_commit_callbacks(execute=True):
        deal = services.deal_request(user=buyer, lines=[WantedLine(world["sku"].pk, 2)])
        offer(deal, "5999.00", world["clerk"])
    deliver_outbox()
    deliver_outbox()  # the sweep again: nothing is due twice

    [email] = [m for m in mail.outbox if m.to == ["buyer@example.com"]]
    assert email.subject == "The store answered your quote"
    assert f"your quote {deal.number}: ¥11998.00" in email.body
    assert f"/me/company/quotes/{deal.pk}/" in email.body
