"""The seller backend's sales and refunds page: a month's orders paid and refunds completed by Beijing day, to the
cent, as a page and as a CSV file; owners and managers only; a pinned number of queries."""

import csv
import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from orders.models import Refund, RefundStatus, StoreOrder
from stores.models import StaffRole
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.factories import MembershipFactory, StoreFactory, UserFactory
from tests.orders.helpers import address_of, pay, sku_of, submit
from tests.stores.seller import html, seller_client

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")
HEADINGS = ["Date", "Orders paid", "Amount paid", "Refunds completed", "Amount refunded", "Net"]


def beijing(day: int, hour: int, minute: int = 0, *, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=BEIJING)


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def shopper_api(member):
    return client_for(member)


@pytest.fixture
def catalog(db):
    return PhoneCatalog()


@pytest.fixture
def spu(catalog, store):
    return catalog.phone(store, prices=("1999.99", "2999.50"), stock=50).skus.first().spu


@pytest.fixture
def phone(spu):
    return sku_of(spu, "128G")  # ¥1999.99


@pytest.fixture
def big_phone(spu):
    return sku_of(spu, "256G")  # ¥2999.50


@pytest.fixture
def their_phone(catalog):
    return sku_of(catalog.phone(StoreFactory(), title="别家 手机", prices=("9.99", "19.99")))


@pytest.fixture
def order_of(shopper_api, member, django_capture_on_commit_callbacks):
    """Place an order of `quantity` × `sku` through the API and, unless `paid_at` is None, pay it through the
    gateway and move its payment time to `paid_at`."""
    address = address_of(member)

    def place(sku, quantity=1, *, paid_at: datetime | None) -> StoreOrder:
        body = {"lines": [{"sku": sku.pk, "quantity": quantity}], "address": address.pk, "coupons": []}
        payable = shopper_api.post("/api/v1/checkout/preview/", body, format="json").json()["payable"]
        placed = submit(shopper_api, [(sku, quantity)], address=address.pk, expected=payable, coupons=[]).json()
        if paid_at is not None:
            with django_capture_on_commit_callbacks(execute=True):
                pay(shopper_api, placed["trade_no"])
        order = StoreOrder.objects.get(order_no=placed["orders"][0]["order_no"])
        if paid_at is not None:
            StoreOrder.objects.filter(pk=order.pk).update(paid_at=paid_at)
        return order

    return place


@pytest.fixture
def refund_of(shopper_api, django_capture_on_commit_callbacks):
    """Ask for a refund of `quantity` units of the order's line; with `refunded_at`, have the store approve it
    (the money goes back at once: refund only) and move its refund time there."""

    def ask(order: StoreOrder, quantity=1, *, refunded_at: datetime | None) -> Refund:
        [line] = order.lines.all()
        body = {"kind": "refund_only", "lines": [{"line": line.pk, "quantity": quantity}], "reason": "不想要了"}
        response = shopper_api.post(f"/api/v1/orders/{order.order_no}/refunds/", body, format="json")
        assert response.status_code == 201, response.json()
        refund = Refund.objects.get(pk=response.json()["id"])
        if refunded_at is not None:
            with django_capture_on_commit_callbacks(execute=True):
                seller_client(owner_of(order.store)).post(f"/seller/refunds/{refund.pk}/approve/")
            assert Refund.objects.get(pk=refund.pk).status == RefundStatus.REFUNDED
            Refund.objects.filter(pk=refund.pk).update(refunded_at=refunded_at)
        return refund

    return ask


def owner_of(store):
    membership = store.memberships.filter(role=StaffRole.OWNER).first()
    return membership.user if membership else MembershipFactory(store=store, role=StaffRole.OWNER).user


def rows(response) -> dict[str, list[str]]:
    """The table's rows by their day ("total" for the total row), each as its cells' text."""
    return {
        day: re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", cells)
        for day, cells in re.findall(r'<tr data-day="([^"]+)">(.*?)</tr>', html(response), re.S)
    }


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def this_month() -> str:
    return f"{timezone.localdate(timezone=BEIJING):%Y-%m}"


def test_a_month_shows_each_days_orders_paid_and_refunds_completed_to_the_cent(
    owner, store, phone, big_phone, their_phone, order_of, refund_of
):
    order_of(phone, 1, paid_at=beijing(1, 0, 5))  # 28 February in UTC, 1 March in Beijing: March
    order_of(phone, 1, paid_at=beijing(2, 23, 30))
    late_night = order_of(phone, 2, paid_at=beijing(3, 0, 15))  # still the 2nd in UTC: counts on the 3rd
    noon = order_of(big_phone, 1, paid_at=beijing(3, 12))
    order_of(phone, 1, paid_at=beijing(1, 0, 5, month=4))  # 31 March in UTC, April in Beijing
    order_of(phone, 1, paid_at=datetime(2026, 2, 28, 23, 59, tzinfo=BEIJING))
    order_of(phone, 1, paid_at=None)  # never paid
    refund_of(late_night, 1, refunded_at=beijing(5, 9))
    refund_of(noon, 1, refunded_at=None)  # asked for, not decided: no money went back
    theirs = order_of(their_phone, 1, paid_at=beijing(2, 10))
    refund_of(theirs, 1, refunded_at=beijing(5, 10))

    response = seller_client(owner).get("/seller/finance/?month=2026-03")

    assert response.status_code == 200
    assert rows(response) == {
        "2026-03-01": ["2026-03-01", "1", "¥1999.99", "0", "¥0.00", "¥1999.99"],
        "2026-03-02": ["2026-03-02", "1", "¥1999.99", "0", "¥0.00", "¥1999.99"],
        "2026-03-03": ["2026-03-03", "2", "¥6999.48", "0", "¥0.00", "¥6999.48"],  # 2 × 1999.99 + 2999.50
        "2026-03-05": ["2026-03-05", "0", "¥0.00", "1", "¥1999.99", "-¥1999.99"],
        "total": ["Total", "4", "¥10999.46", "1", "¥1999.99", "¥8999.47"],
    }
    page = html(response)
    assert 'data-month="2026-03"' in page
    assert "settlement bills" in page
    assert '?month=2026-02"' in page and '?month=2026-04"' in page


def test_another_stores_sales_are_not_counted(owner, their_phone, order_of, refund_of):
    theirs = order_of(their_phone, 2, paid_at=beijing(2, 10))
    refund_of(theirs, 1, refunded_at=beijing(2, 11))

    mine = seller_client(owner).get("/seller/finance/?month=2026-03")
    assert rows(mine) == {"total": ["Total", "0", "¥0.00", "0", "¥0.00", "¥0.00"]}
    assert "No order paid and no refund completed in this month." in html(mine)

    their_owner = theirs.store.memberships.get(role=StaffRole.OWNER).user
    assert rows(seller_client(their_owner).get("/seller/finance/?month=2026-03"))["total"] == [
        "Total",
        "1",
        "¥19.98",
        "1",
        "¥9.99",
        "¥9.99",
    ]


def test_a_manager_opens_the_page_and_the_navigation_offers_it(store):
    manager = MembershipFactory(store=store, role=StaffRole.MANAGER).user
    client = seller_client(manager)
    assert client.get("/seller/finance/").status_code == 200
    assert 'href="/seller/finance/"' in html(client.get("/seller/orders/"))


def test_a_clerk_gets_the_forbidden_page_and_no_link_to_it(store):
    clerk = MembershipFactory(store=store, role=StaffRole.CLERK).user
    client = seller_client(clerk)
    for path in ("/seller/finance/", "/seller/finance/?month=2026-03&format=csv"):
        response = client.get(path)
        assert response.status_code == 403, path
        assert "Your role in the store does not open this page." in html(response)
    assert "/seller/finance/" not in html(client.get("/seller/"))


def test_a_shopper_is_refused_and_an_anonymous_visitor_sent_to_log_in(shopper):
    response = seller_client(shopper).get("/seller/finance/")
    assert response.status_code == 403
    assert "for store staff" in html(response)
    anonymous = Client().get("/seller/finance/?format=csv")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "2026-3", "march", "", "1999-12", "٢٠٢٦-٠٣", "2026-03-01"])
def test_a_month_that_is_no_month_shows_the_current_month(owner, month):
    response = seller_client(owner).get("/seller/finance/", {"month": month})
    assert response.status_code == 200
    assert f'data-month="{this_month()}"' in html(response)
    assert seller_client(owner).get("/seller/finance/", {"month": month, "format": "csv"}).status_code == 200


def test_without_a_month_the_page_shows_the_current_month_with_todays_orders(owner, phone, order_of):
    order_of(phone, 1, paid_at=timezone.now())
    response = seller_client(owner).get("/seller/finance/")
    assert f'data-month="{this_month()}"' in html(response)
    assert rows(response)["total"][1:3] == ["1", "¥1999.99"]


def test_the_csv_is_the_same_table_as_an_attachment_excel_reads_as_utf8(owner, phone, order_of, refund_of):
    order_of(phone, 1, paid_at=beijing(2, 9))
    refunded = order_of(phone, 3, paid_at=beijing(9, 21))
    refund_of(refunded, 2, refunded_at=beijing(10, 8))

    response = seller_client(owner).get("/seller/finance/?month=2026-03&format=csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="sales-2026-03.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert csv_rows(response) == [
        HEADINGS,
        ["2026-03-02", "1", "1999.99", "0", "0.00", "1999.99"],
        ["2026-03-09", "1", "5999.97", "0", "0.00", "5999.97"],
        ["2026-03-10", "0", "0.00", "1", "3999.98", "-3999.98"],
        ["Total", "2", "7999.96", "1", "3999.98", "3999.98"],
    ]


def test_the_csv_headings_are_in_chinese_by_default(owner):
    client = Client()  # no Accept-Language: the backend's default, Chinese
    client.force_login(owner)
    response = client.get("/seller/finance/?month=2026-03&format=csv")
    assert csv_rows(response) == [
        ["日期", "支付订单数", "支付金额", "成功退款笔数", "退款金额", "净额"],
        ["合计", "0", "0.00", "0", "0.00", "0.00"],
    ]


def test_the_page_runs_a_fixed_number_of_queries_whatever_the_number_of_orders(owner, phone, order_of, refund_of):
    client = seller_client(owner)

    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    refund_of(order_of(phone, 1, paid_at=beijing(1, 10)), refunded_at=beijing(1, 11))
    one = (queries("/seller/finance/?month=2026-03"), queries("/seller/finance/?month=2026-03&format=csv"))
    for day in range(2, 6):
        refund_of(order_of(phone, 1, paid_at=beijing(day, 10)), refunded_at=beijing(day + 10, 11))
    assert len(rows(client.get("/seller/finance/?month=2026-03"))) == 10  # nine days and the total
    five = (queries("/seller/finance/?month=2026-03"), queries("/seller/finance/?month=2026-03&format=csv"))
    # The session, the user and their membership; orders paid by day; refunds completed by day; the page's header
    # counts unread messages, the CSV has no header.
    assert five == one == (6, 5)
