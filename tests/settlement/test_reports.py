"""The reports (docs/REPORTS.md): orders paid, refunded, shipped and billed through the product's own paths, rolled
up by the Celery job, and read as HQ, a store's owner and its manager would: every figure to the cent, the same
table as CSV and XLSX, a fixed number of queries whatever the rows, each entry and event counted once."""

import csv
import io
import threading
import zipfile
from datetime import date, timedelta
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.models import Sku, Spu
from logistics.models import Carrier
from orders.models import OrderEvent
from orders.shipping.services import shipment_split
from settlement import services
from settlement.models import Bill, FirstOrder, SalesDay, SalesHour, SalesProductMonth, StaffDay, Watermark
from settlement.reports.services import rollup_refresh
from stores.models import StaffRole
from tests.conftest import client_for
from tests.factories import FinanceFactory, MembershipFactory, StoreFactory, UserFactory
from tests.orders.test_refunds import ask
from tests.settlement.test_bills import received, run, terms
from tests.stores.seller import seller_client

TODAY = timezone.localdate
PHONE = Decimal("5999.00")


@pytest.fixture
def finance(db):
    return FinanceFactory()


@pytest.fixture
def finance_api(finance):
    return client_for(finance)


@pytest.fixture
def sold(db, store, owner, owner_api, paid_order):
    """Three orders of one phone at 5,999.00 at `store`: A's first and second, B's first of two phones, of which
    B gets one back (5,999.00 refunded). The phone has no cost price."""
    alice, bob = UserFactory(), UserFactory()
    first = paid_order(client_for(alice), alice, store, quantity=1)
    second = paid_order(client_for(alice), alice, store, quantity=1)
    third = paid_order(client_for(bob), bob, store, quantity=2)
    refund = ask(client_for(bob), third, 1).json()
    owner_api.post(f"/api/v1/seller/refunds/{refund['id']}/approve/", {})
    return [first, second, third]


def rolled_up() -> dict:
    services.ledger_post()
    OrderEvent.objects.update(at=timezone.now() - timedelta(minutes=3))  # past the events' lag
    return rollup_refresh()


def test_the_rollup_counts_orders_shoppers_money_and_refunds_once(sold, store):
    rolled_up()
    again = rolled_up()  # nothing new: nothing added

    [hour] = SalesHour.objects.filter(store=store)
    [day] = SalesDay.objects.filter(store=store)
    assert (day.orders, day.gmv, day.refunds, day.quantity) == (hour.orders, hour.gmv, hour.refunds, hour.quantity)
    assert (hour.orders, hour.first_orders, hour.platform_first_orders) == (3, 2, 2)
    assert (hour.gmv, hour.refunds, hour.quantity) == (4 * PHONE, PHONE, 3)
    assert (hour.gross, hour.store_discounts, hour.platform_discounts) == (3 * PHONE, 0, 0)
    assert (hour.costed_sales, hour.cost) == (0, 0)  # no cost price: no margin is made up
    assert again["ledger"] == Watermark.objects.get(name="ledger").last_id
    [product] = SalesProductMonth.objects.filter(store=store)
    assert (product.orders, product.quantity, product.gross) == (3, 3, 3 * PHONE)
    assert product.month == TODAY().replace(day=1)


def test_a_report_by_day_gives_gmv_aov_refunds_and_repurchase(sold, store, finance_api):
    rolled_up()

    response = finance_api.get("/api/v1/finance/reports/sales/", {"by": "day"})

    assert response.status_code == 200, response.json()
    report = response.json()
    [row] = report["rows"]
    assert row["key"] == TODAY().isoformat()
    assert (row["orders"], row["gmv"], row["aov"], row["refunds"]) == (3, "23996.00", "7998.67", "5999.00")
    assert (row["net_sales"], row["new_shoppers"], row["returning_orders"]) == ("17997.00", 2, 1)
    assert row["repurchase_rate"] == "33.3"  # one order in three was a returning shopper's
    assert row["gross_margin"] is None  # no cost price known
    assert report["total"]["gmv"] == "23996.00"
    assert (report["start"], report["end"]) == ((TODAY() - timedelta(days=29)).isoformat(), TODAY().isoformat())
    assert [column["name"] for column in report["columns"]][:4] == ["orders", "gmv", "aov", "refunds"]


def test_margins_come_from_the_cost_at_payment_and_hqs_take_from_the_bills(
    store, finance, finance_api, owner_api, paid_order
):
    terms(store, finance, rate=Decimal("5"))
    member = UserFactory()
    order = paid_order(client_for(member), member, store, quantity=1)
    services.ledger_post()  # its entry keeps the cost it had then: none
    Sku.objects.filter(pk=order.lines.get().sku_id).update(cost_price=Decimal("4000.00"))
    later = paid_order(client_for(member), member, store, quantity=1)  # posted at a cost of 4,000.00
    for each in (order, later):
        received(each, days_ago=4)
    run(by=finance)
    rolled_up()

    [bill] = Bill.objects.filter(store=store)
    report = finance_api.get("/api/v1/finance/reports/sales/", {"by": "month"}).json()
    [row] = report["rows"]
    assert row["hq_take"] == "599.90" == f"{bill.hq_take:.2f}"  # 5 % of 11,998.00
    assert row["gross_margin"] == "33.3"  # (5,999.00 - 4,000.00) / 5,999.00, of the line whose cost is known
    assert row["net_margin"] == "28.3"  # less HQ's take: 5 % of net sales
    assert row["platform_income"] == "599.90"  # no platform subsidy
    owner = owner_api.get("/api/v1/seller/reports/sales/", {"by": "month"}).json()
    assert owner["rows"][0]["hq_take"] == "599.90" and "platform_income" not in owner["rows"][0]


def test_goods_report_by_product_and_category(sold, store, finance_api):
    rolled_up()

    by_product = finance_api.get("/api/v1/finance/reports/sales/", {"by": "product"}).json()
    by_category = finance_api.get("/api/v1/finance/reports/sales/", {"by": "category"}).json()

    [product] = by_product["rows"]
    assert product["label"] == Spu.objects.get(pk=sold[0].lines.get().spu_id).title
    assert (product["orders"], product["quantity"], product["gross"]) == (3, 3, "17997.00")
    assert by_product["start"] == TODAY().replace(month=1, day=1).isoformat()
    assert by_category["rows"][0]["quantity"] == 3


def test_staff_performance_counts_orders_shipped_and_after_sales_answered(sold, store, owner, owner_api):
    carrier = Carrier.objects.create(name="顺丰速运", code="SF", max_weight_g=30_000, max_volume_mm3=200_000_000)
    [parcel] = shipment_split(order_id=sold[0].pk)
    seller_client(owner).post(f"/seller/parcels/{parcel.pk}/ship/", {"carrier": carrier.code, "tracking_no": "SF1"})
    rolled_up()

    [day] = StaffDay.objects.filter(store=store)
    assert (day.user, day.orders_shipped, day.amount_shipped, day.after_sales) == (owner, 1, PHONE, 1)
    row = owner_api.get("/api/v1/seller/reports/sales/", {"by": "staff"}).json()["rows"][0]
    assert (row["orders_shipped"], row["amount_shipped"], row["after_sales"]) == (1, "5999.00", 1)


def test_a_manager_reads_sales_without_costs_or_hqs_take_and_a_clerk_reads_none(sold, store, clerk_api):
    manager = MembershipFactory(store=store, role=StaffRole.MANAGER).user
    rolled_up()

    report = client_for(manager).get("/api/v1/seller/reports/sales/", {"by": "day"}).json()

    names = [column["name"] for column in report["columns"]]
    assert "gmv" in names and not {"gross_margin", "net_margin", "hq_take", "store_discounts"} & set(names)
    assert report["rows"][0]["gmv"] == "23996.00"
    assert client_for(manager).get("/api/v1/seller/reports/sales/", {"by": "store"}).status_code == 400
    refused = clerk_api.get("/api/v1/seller/reports/sales/")
    assert (refused.status_code, refused.json()["code"]) == (403, "permission_denied")


def test_a_store_reads_its_own_figures_only(sold, store, other_store_owner_api):
    rolled_up()

    theirs = other_store_owner_api.get("/api/v1/seller/reports/sales/", {"by": "day"}).json()

    assert theirs["rows"] == [] and theirs["total"]["orders"] == 0


def test_hq_reads_by_store_and_region_and_one_store(sold, store, finance_api):
    other = StoreFactory(region_id="110101")
    rolled_up()

    by_store = finance_api.get("/api/v1/finance/reports/sales/", {"by": "store"}).json()
    by_region = finance_api.get("/api/v1/finance/reports/sales/", {"by": "region"}).json()
    narrowed = finance_api.get("/api/v1/finance/reports/sales/", {"by": "day", "store": other.pk}).json()

    assert [(row["key"], row["label"], row["orders"]) for row in by_store["rows"]] == [(str(store.pk), store.name, 3)]
    assert [(row["key"], row["orders"]) for row in by_region["rows"]] == [("310000", 3)]  # Shanghai
    assert narrowed["rows"] == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"by": "week"}, "by"),
        ({"start": "2026-02-01", "end": "2026-01-01"}, "start"),
        ({"start": "2020-01-01", "end": "2026-01-01"}, "start"),
        ({"store": "999999"}, "store"),
        ({"start": "yesterday"}, "start"),
        ({"export": "pdf"}, "export"),
        ({"end": "0001-01-01"}, "end"),  # its default start would be before the calendar's first day
        ({"by": "product", "end": "9999-12-31"}, "end"),  # its month's end would be after the calendar's last
        ({"by": "year", "start": "1999-12-31"}, "start"),
    ],
)
def test_bad_queries_are_refused_with_the_field_named(finance_api, query, field):
    response = finance_api.get("/api/v1/finance/reports/sales/", query)

    assert response.status_code == 400
    assert response.json()["code"] == "validation_error" and field in response.json()["fields"]


def test_shoppers_and_visitors_read_no_report(shopper_api, api, owner_api):
    assert shopper_api.get("/api/v1/finance/reports/sales/").status_code == 403
    assert owner_api.get("/api/v1/finance/reports/sales/").status_code == 403
    assert api.get("/api/v1/finance/reports/sales/").status_code == 401
    assert shopper_api.get("/api/v1/seller/reports/sales/").status_code == 403


def test_the_table_exports_as_csv_and_xlsx_with_its_total(sold, finance_api):
    rolled_up()

    as_csv = finance_api.get("/api/v1/finance/reports/sales/", {"by": "day", "export": "csv"})
    as_xlsx = finance_api.get("/api/v1/finance/reports/sales/", {"by": "day", "export": "xlsx"})

    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert as_csv["Content-Disposition"].startswith('attachment; filename="hq-day-')
    assert rows[0][:3] == ["Day", "Orders", "GMV"] and rows[1][:3] == [TODAY().isoformat(), "3", "23996.00"]
    assert rows[-1][:3] == ["Total", "3", "23996.00"]
    sheet = _sheet(as_xlsx.content)
    assert sheet[0][:3] == ["Day", "Orders", "GMV"] and sheet[1][:3] == [TODAY().isoformat(), "3", "23996.00"]
    assert sheet[-1][0] == "Total"


def _sheet(content: bytes) -> list[list[str]]:
    """The workbook's one sheet as text, as a spreadsheet would read it."""
    namespace = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(content)) as workbook:
        assert {"[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"} <= set(workbook.namelist())
        root = ElementTree.fromstring(workbook.read("xl/worksheets/sheet1.xml"))
    return [
        ["".join(cell.itertext()) for cell in row.findall("x:c", namespace)]
        for row in root.findall("x:sheetData/x:row", namespace)
    ]


@pytest.mark.django_db(transaction=True)
def test_two_rollups_at_once_count_each_entry_once(sold, store):
    services.ledger_post()
    barrier, results = threading.Barrier(2), []

    def roll():
        barrier.wait()
        try:
            results.append(rollup_refresh())
        finally:
            connection.close()

    threads = [threading.Thread(target=roll) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    [hour] = SalesHour.objects.filter(store=store)
    assert (hour.orders, hour.gmv) == (3, 4 * PHONE)
    assert len(results) == 2


def _sold_at(store, day: date, hour: int, orders: int) -> None:
    """What the rollup job writes for `orders` orders of 1.00 each paid in that hour: its hour and day rows."""
    figures = {"orders": orders, "gmv": Decimal(orders)}
    SalesHour.objects.create(store=store, day=day, hour=hour, **figures)
    SalesDay.objects.create(store=store, day=day, **figures)


@pytest.mark.parametrize("audience", ["finance", "owner"])
def test_the_report_pages_run_the_same_queries_whatever_the_rows(store, owner, finance, audience):
    client, url = (
        (seller_client(owner), "/seller/reports/")
        if audience == "owner"
        else (seller_client(finance), "/finance/reports/")
    )
    counts = []
    for days in (2, 20):
        SalesDay.objects.all().delete()
        SalesHour.objects.all().delete()
        for back in range(days):
            _sold_at(store, TODAY() - timedelta(days=back), hour=back % 24, orders=1)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"by": "day"})
        assert response.status_code == 200
        assert response.content.decode().count('<tr><th scope="row">') == days
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_finance_page_draws_the_chart_and_links_the_exports(sold, finance):
    rolled_up()

    page = seller_client(finance).get("/finance/reports/", {"by": "store"}).content.decode()

    assert 'data-chart-for="report-table"' in page and "js/charts.js" in page
    assert "export=csv" in page and "export=xlsx" in page
    assert "23,996.00" in page or "23996.00" in page
    assert seller_client(finance).get("/finance/reports/", {"by": "week"}).status_code == 400
    export = seller_client(finance).get("/finance/reports/", {"by": "store", "export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_clerk_gets_no_report_page(clerk_api, store):
    clerk = MembershipFactory(store=store, role=StaffRole.CLERK).user
    assert seller_client(clerk).get("/seller/reports/").status_code == 403


def test_a_bucket_per_month_quarter_and_year(store, finance_api):
    _sold_at(store, date(2025, 12, 31), hour=23, orders=1)
    _sold_at(store, date(2026, 1, 1), hour=0, orders=2)
    _sold_at(store, date(2026, 3, 31), hour=12, orders=4)
    _sold_at(store, date(2026, 4, 1), hour=12, orders=8)
    query = {"start": "2025-12-01", "end": "2026-04-30"}

    def rows(by):
        report = finance_api.get("/api/v1/finance/reports/sales/", {**query, "by": by}).json()
        return [(row["label"], row["orders"]) for row in report["rows"]]

    assert rows("month") == [("2025-12", 1), ("2026-01", 2), ("2026-03", 4), ("2026-04", 8)]
    assert rows("quarter") == [("2025 Q4", 1), ("2026 Q1", 6), ("2026 Q2", 8)]
    assert rows("year") == [("2025", 1), ("2026", 14)]
    assert rows("hour") == [("00:00", 2), ("12:00", 12), ("23:00", 1)]


def test_a_product_named_like_a_formula_is_text_in_the_csv(sold, finance_api):
    Spu.objects.filter(pk=sold[0].lines.get().spu_id).update(title='=HYPERLINK("http://evil.example","点我")')
    rolled_up()

    as_csv = finance_api.get("/api/v1/finance/reports/sales/", {"by": "product", "export": "csv"})

    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example","点我")'
    as_xlsx = finance_api.get("/api/v1/finance/reports/sales/", {"by": "product", "export": "xlsx"})
    assert _sheet(as_xlsx.content)[1][0].startswith("=HYPERLINK")  # an inline string: shown, never evaluated


def test_a_shoppers_second_order_rolled_up_later_is_a_returning_one(store, paid_order):
    member = UserFactory()
    paid_order(client_for(member), member, store, quantity=1)
    rolled_up()
    paid_order(client_for(member), member, store, quantity=1)
    rolled_up()

    [day] = SalesDay.objects.filter(store=store)
    assert (day.orders, day.first_orders, day.platform_first_orders) == (2, 1, 1)
    assert FirstOrder.objects.filter(user=member).count() == 2  # at the store, and on the platform
