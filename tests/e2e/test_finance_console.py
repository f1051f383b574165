"""Finance staff in Chromium: log in to the finance console, watch a running bill run's row bring itself up to date
(static/js/finance.js, under the Content-Security-Policy), open a disputed bill from the disputes queue and
propose an adjustment, which waits there for another finance user."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone

from settlement.models import Adjustment, Bill, BillRun, BillRunStatus
from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD, FinanceFactory, StoreFactory
from tests.settlement.test_bills import paid_order, run  # noqa: F401 - paid_order is a fixture
from tests.settlement.test_finance_pages import disputed, sold

pytestmark = pytest.mark.django_db(transaction=True)


def test_finance_watches_a_run_and_answers_a_dispute_with_an_adjustment(page, paid_order):  # noqa: F811
    finance = FinanceFactory(username="qian_finance")
    store = StoreFactory(name="华强数码")
    sold(store, finance, paid_order)
    run()
    bill = disputed(Bill.objects.get(store=store))
    running = BillRun.objects.create(until=timezone.localdate(), stores_total=2, stores_done=1, bills_made=1)

    page.goto(page.base_url + "/finance/")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.fill("#id_username", finance.username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(re.compile(r"/finance/$"))
    row = page.locator(f'tr[data-run="{running.pk}"]')
    assert row.get_attribute("data-status") == "running"
    assert row.locator('[data-figure="stores"]').inner_text() == "1 / 2"

    BillRun.objects.filter(pk=running.pk).update(status=BillRunStatus.DONE, stores_done=2, finished_at=timezone.now())
    page.wait_for_selector(f'tr[data-run="{running.pk}"][data-status="done"]', timeout=15_000)
    assert page.locator(f'tr[data-run="{running.pk}"] [data-figure="stores"]').inner_text() == "2 / 2"
    screenshot(page, "finance-bill-runs")

    page.locator(".seller-nav a[href='/finance/disputes/']").click()
    page.locator(f"a:text('{bill.bill_no}')").click()
    page.wait_for_url(re.compile(rf"/finance/bills/{bill.pk}/$"))
    page.fill("#id_amount", "12.00")
    page.fill("#id_reason", "补运费")
    page.locator("#adjust button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/finance/bills/{bill.pk}/$"))

    adjustment = Adjustment.objects.get(bill=bill)
    assert (adjustment.amount, adjustment.proposed_by, adjustment.approved_by) == (Decimal("12.00"), finance, None)
    assert page.locator(f'tr[data-adjustment="{adjustment.pk}"] button').count() == 0  # not approved by its proposer
    screenshot(page, "finance-bill")
