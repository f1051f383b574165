"""Finance staff in Chromium: log in to the finance console, watch a running bill run's row bring itself up to date
(static/js/finance.js, under the Content-Security-Policy), open a disputed bill from the disputes queue and
propose an adjustment, which waits there for another finance user; then download the simulated gateway's statement
of the day and import it on the reconciliation page, where the day's payment is matched."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from settlement import selectors
from settlement.models import Adjustment, Bill, BillRun, BillRunStatus, Statement
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

    page.locator(".seller-nav a[href='/finance/reconciliation/']").click()
    page.wait_for_url(re.compile(r"/finance/reconciliation/$"))
    today = str(timezone.localdate())
    page.fill("#simulated-day", today)
    with page.expect_download() as download:
        page.locator("#simulated-statement button[type=submit]").click()
    page.select_option("#id_gateway", "simulated")
    page.fill("#id_day", today)
    downloaded = download.value
    content = Path(downloaded.path()).read_bytes()
    page.set_input_files("#id_file", {"name": downloaded.suggested_filename, "mimeType": "text/csv", "buffer": content})
    page.locator("#statement-import button[type=submit]").click()
    page.wait_for_url(re.compile(r"/finance/reconciliation/\d+/$"))

    statement = selectors.statement_of(statement_id=Statement.objects.get().pk)
    assert statement.file_name == f"simulated-{timezone.localdate():%Y%m%d}.csv"
    assert (statement.imported_by, statement.items_total, statement.matched) == (finance, 1, 1)
    assert page.locator('#summary [data-figure="matched"]').inner_text() == "1"
    screenshot(page, "finance-statement")
