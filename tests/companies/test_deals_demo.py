"""seed_demo's deals (issue 16 item 7): a quote waiting for HQ's prices and an assisted order waiting for a
manager's approval, for the demo company; seeding again adds none."""

from io import StringIO

import pytest
from django.core.management import call_command

from companies.models import Deal, DealStatus

pytestmark = pytest.mark.django_db


def test_the_demo_company_has_a_pending_quote_and_an_assisted_order_awaiting_approval():
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    deals = {deal.origin: deal for deal in Deal.objects.select_related("buyer", "offered_by")}
    assert len(deals) == Deal.objects.count() == 2
    assert (deals["quote"].status, deals["quote"].buyer.username) == (DealStatus.DRAFT, "corp_buyer")
    assisted = deals["store"]
    assert (assisted.status, assisted.offered_by.username) == (DealStatus.AWAITING_APPROVAL, "hq_clerk")
