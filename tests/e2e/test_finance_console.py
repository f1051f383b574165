"""Finance staff in Chromium: log in to the finance console, watch a running bill run's row bring itself up to date
(static/js/finance.js, under the Content-Security-Policy), open a disputed bill from the disputes queue and
propose an adjustment, which waits there for another finance user; then download the simulated gateway's statement
of the day and import it on the reconciliation page, where the day's payment is matched; read the reports by store
and by day, with their chart drawn from our own script, and download the table as Excel. The store's owner and
manager read theirs on the seller backend: the manager without margins or HQ's take."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from settlement import selectors
from settlement.models import Adjustment, Bill, BillRun, BillRunStatus, Statement
from settlement.reports.services import rollup_refresh
from settlement.services import ledger_post
from stores.models import StaffRole
from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD, FinanceFactory, MembershipFactory, StoreFactory
from tests.settlement.conftest import paid_order  # noqa: F401 - a fixture
from tests.settlement.test_bills import run
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

    rollup_refresh()
    page.locator(".seller-nav a[href='/finance/reports/']").click()
    page.wait_for_url(re.compile(r"/finance/reports/$"))
    page.select_option("#id_by", "store")
    page.locator("form[data-report-filter] button[type=submit]").click()
    page.wait_for_url(re.compile(r"by=store"))
    assert page.locator("#report-table tbody th").all_inner_texts() == ["华强数码"]
    page.wait_for_selector("figure.report-chart svg rect.chart-bar")  # static/js/charts.js drew the bar
    page.select_option("[data-chart-column]", value="1")  # the first column: orders
    assert page.locator("figure.report-chart svg rect.chart-bar title").text_content() == "华强数码: 1"
    with page.expect_download() as download:
        page.locator("a[data-export=xlsx]").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert Path(download.value.path()).read_bytes()[:2] == b"PK"  # a zip: the workbook
    page.select_option("#id_by", "day")
    page.locator("form[data-report-filter] button[type=submit]").click()
    page.wait_for_selector("figure.report-chart svg circle.chart-dot")  # one day: one point on the line
    screenshot(page, "finance-reports")


def test_the_store_owner_and_manager_read_their_reports(page, paid_order, store, owner):  # noqa: F811
    finance = FinanceFactory()
    sold(store, finance, paid_order)
    manager = MembershipFactory(store=store, role=StaffRole.MANAGER).user
    ledger_post()
    rollup_refresh()

    for user, columns in ((owner, {"gmv", "gross_margin", "hq_take"}), (manager, {"gmv"})):
        page.context.clear_cookies()
        page.goto(page.base_url + "/accounts/login/?next=/seller/reports/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.press("#id_password", "Enter")
        page.wait_for_url(re.compile(r"/seller/reports/$"))
        headings = page.locator("#report-table thead th[data-column]")
        names = {headings.nth(index).get_attribute("data-column") for index in range(headings.count())}
        assert columns <= names
        if user == manager:
            assert not {"gross_margin", "hq_take", "net_margin"} & names
        assert page.locator("#report-table tbody tr").count() == 1
        page.wait_for_selector("figure.report-chart svg circle.chart-dot")  # one day: one point on the line
    screenshot(page, "seller-reports-manager")
