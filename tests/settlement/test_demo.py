"""seed_demo gives finance something real: terms of every mode, bills in every state (a dispute with an adjustment
awaiting approval, a payout, a balance carried forward), a statement with a difference, the reports' rollups; a
second seed adds none."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from members.models import User
from settlement.models import (
    Adjustment,
    Bill,
    BillStatus,
    LedgerEntry,
    Payout,
    SalesHour,
    SettlementTerms,
    StatementItem,
)

pytestmark = pytest.mark.django_db


def test_the_demo_has_terms_of_every_mode_and_bills_in_every_state_and_seeding_twice_adds_none():
    call_command("seed_demo", stdout=StringIO())
    bills = Bill.objects.count()

    call_command("seed_demo", stdout=StringIO())

    assert Bill.objects.count() == bills
    assert set(SettlementTerms.objects.values_list("mode", flat=True)) == {
        "sales_share",
        "price_difference",
        "profit_share",
        "none",
    }
    assert set(Bill.objects.values_list("status", flat=True)) == set(BillStatus.values)
    carried = Bill.objects.get(status=BillStatus.CARRIED_FORWARD)
    assert carried.store_due < 0 and carried.carried_into.brought_forward == carried.store_due
    [pending] = Adjustment.objects.filter(approved_by__isnull=True)
    assert pending.bill.status == BillStatus.DISPUTED
    assert pending.proposed_by == User.objects.get(username="finance2")  # so the demo's finance user approves it
    assert User.objects.get(username="finance").has_perm("settlement.pay_bill")
    assert {payout.method for payout in Payout.objects.all()} == {"manual", "provider"}
    assert StatementItem.objects.filter(result="amount_differs", resolved_at__isnull=True).count() == 1
    # The reports read the demo at once: the ledger's paid orders are in the rollups, each counted once.
    paid = LedgerEntry.objects.exclude(kind="refund").values("order").distinct().count()
    assert SalesHour.objects.aggregate(orders=Sum("orders"))["orders"] == paid > 0
