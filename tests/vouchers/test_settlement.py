"""What settlement reads of e-vouchers, to the cent: a voucher of HQ's goods redeemed in a franchise store credits
that store the uses' value (billable at once) and takes it from HQ's sale of the line; a refund of the unused uses
takes the rest; a redemption in the selling store posts nothing beyond its sale."""

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from settlement.models import BillLine, LedgerEntry
from settlement.services import bills
from settlement.services.ledger import ledger_post
from stores.models import StoreType
from tests.factories import StoreFactory, UserFactory
from tests.vouchers.helpers import buy, clerk_of, tea_tasting, vouchers_of
from vouchers.services import voucher_redeem, voucher_refund

pytestmark = pytest.mark.django_db


def books(order) -> dict[tuple[int, str], Decimal]:
    rows = LedgerEntry.objects.filter(order=order).values("store_id", "kind").annotate(gross=Sum("gross"))
    return {(row["store_id"], row["kind"]): row["gross"] for row in rows}


def test_a_redemption_in_a_franchise_store_credits_it_and_hq_gives_it_back():
    hq = StoreFactory(type=StoreType.SELF_OPERATED)
    franchise = StoreFactory(type=StoreType.FRANCHISE)
    member = UserFactory()
    order = buy(member, tea_tasting(hq, uses=3, stores=[hq, franchise]))  # 100.00 for 3 uses
    [voucher] = vouchers_of(order)
    voucher_redeem(code=voucher.code, store=franchise, clerk=clerk_of(franchise), uses=2)  # 66.66
    voucher_redeem(code=voucher.code, store=hq, clerk=clerk_of(hq))  # 33.34 in the selling store: nothing more

    posted = ledger_post()
    assert posted["redemptions"] == 1
    assert ledger_post()["redemptions"] == 0  # posted once
    assert books(order) == {
        (hq.pk, "sale"): Decimal("100.00"),
        (hq.pk, "redeem_out"): Decimal("-66.66"),
        (franchise.pk, "redeemed"): Decimal("66.66"),
    }

    run = bills.bill_run_execute(run_id=bills.bill_run_start(until=timezone.localdate(), by=None).pk)
    assert run.status == "done"
    [line] = BillLine.objects.filter(bill__store=franchise)
    assert (line.gross, line.quantity) == (Decimal("66.66"), 0)  # billed at once, though the order is not received


def test_a_refund_of_the_unused_uses_takes_what_the_redemptions_elsewhere_left():
    hq = StoreFactory(type=StoreType.SELF_OPERATED)
    franchise = StoreFactory(type=StoreType.FRANCHISE)
    member = UserFactory()
    order = buy(member, tea_tasting(hq, uses=3, stores=[franchise]))
    [voucher] = vouchers_of(order)
    voucher_redeem(code=voucher.code, store=franchise, clerk=clerk_of(franchise))  # 33.33
    ledger_post()
    voucher_refund(voucher_id=voucher.pk, user=member)  # 66.67 back

    ledger_post()

    hq_left = LedgerEntry.objects.filter(order=order, store=hq).aggregate(gross=Sum("gross"))["gross"]
    franchise_got = LedgerEntry.objects.filter(order=order, store=franchise).aggregate(gross=Sum("gross"))["gross"]
    assert (hq_left, franchise_got) == (Decimal("0.00"), Decimal("33.33"))
