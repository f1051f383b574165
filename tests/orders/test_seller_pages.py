"""The seller backend's order pages: the dashboard's figures (to the cent, in a pinned number of queries), orders by
status with their detail, parcels shipped from the page, and the after-sales queue."""

import csv
import io
import re
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from logistics.models import Carrier
from orders.models import OrderStatus, Parcel, ParcelStatus, Refund, RefundStatus, StoreOrder
from stores.models import StaffRole
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.factories import MembershipFactory, StoreFactory, UserFactory
from tests.orders.helpers import address_of, pay, sku_of, submit
from tests.stores.seller import html, seller_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def shopper_api(member):
    return client_for(member)


@pytest.fixture
def carrier(db):
    return Carrier.objects.create(name="顺丰速运", code="SF", max_weight_g=30_000, max_volume_mm3=200_000_000)


@pytest.fixture
def catalog(db):
    return PhoneCatalog()


@pytest.fixture
def phone(catalog, store):
    return sku_of(catalog.phone(store, prices=("1999.99", "2999.50"), stock=50))


@pytest.fixture
def their_phone(catalog):
    """A phone of another store."""
    return sku_of(catalog.phone(StoreFactory(), title="别家 手机", prices=("9.99", "19.99")))


@pytest.fixture
def order_of(shopper_api, member, django_capture_on_commit_callbacks):
    address = address_of(member)

    def place(sku, quantity=1, *, paid=True) -> StoreOrder:
        body = {"lines": [{"sku": sku.pk, "quantity": quantity}], "address": address.pk, "coupons": []}
        payable = shopper_api.post("/api/v1/checkout/preview/", body, format="json").json()["payable"]
        placed = submit(shopper_api, [(sku, quantity)], address=address.pk, expected=payable, coupons=[]).json()
        if paid:
            with django_capture_on_commit_callbacks(execute=True):
                pay(shopper_api, placed["trade_no"])
        return StoreOrder.objects.get(order_no=placed["orders"][0]["order_no"])

    return place


def figure(response, name: str) -> str:
    match = re.search(rf'data-figure="{name}">.*?<span class="value">(.*?)</span>', html(response), re.S)
    return match.group(1) if match else None


def test_the_dashboard_counts_todays_paid_orders_and_their_gmv_to_the_cent(owner, phone, their_phone, order_of):
    order_of(phone, 1)  # 1999.99
    order_of(phone, 2)  # 3999.98
    yesterday = order_of(phone, 1)
    StoreOrder.objects.filter(pk=yesterday.pk).update(paid_at=timezone.now() - timedelta(days=1, hours=1))
    order_of(phone, 1, paid=False)
    order_of(their_phone, 1)  # another store's

    response = seller_client(owner).get("/seller/")

    assert figure(response, "paid-today") == "2"
    assert figure(response, "gmv-today") == "¥5999.97"
    assert figure(response, "to-ship") == "3"  # paid, not yet shipped: today's two and yesterday's


def test_the_dashboard_shows_after_sales_to_handle_and_low_stock(owner, store, phone, order_of, shopper_api):
    order = order_of(phone, 2)
    [line] = order.lines.all()
    shopper_api.post(
        f"/api/v1/orders/{order.order_no}/refunds/",
        {"kind": "refund_only", "lines": [{"line": line.pk, "quantity": 1}], "reason": "不想要了"},
        format="json",
    )
    phone.low_stock_threshold = 100
    phone.save()
    response = seller_client(owner).get("/seller/")
    assert figure(response, "refunds") == "1"
    assert figure(response, "low-stock") == "1"
    assert f"/seller/products/{phone.spu_id}/stock/?sku={phone.pk}" in html(response)


def test_a_clerk_sees_no_money_on_the_dashboard(store, phone, order_of):
    order_of(phone, 1)
    clerk = MembershipFactory(store=store, role=StaffRole.CLERK).user
    response = seller_client(clerk).get("/seller/")
    assert figure(response, "paid-today") == "1"
    assert figure(response, "gmv-today") is None
    assert "sales-30-days" not in html(response)


def test_the_dashboard_charts_the_last_30_days_a_row_a_day(owner, phone, order_of):
    """Issue 13 item 13: a 30-day sales chart on the dashboard."""
    order_of(phone, 2)  # 3999.98 today
    earlier = order_of(phone, 1)
    StoreOrder.objects.filter(pk=earlier.pk).update(paid_at=timezone.now() - timedelta(days=3))

    page = html(seller_client(owner).get("/seller/"))

    table = page.split('id="sales-30-days-table"')[1].split("</table>")[0]
    assert table.count('<tr><th scope="row">') == 30
    assert 'data-value="3999.98"' in table and 'data-value="1999.99"' in table
    assert 'data-chart-for="sales-30-days-table"' in page and "js/charts.js" in page


def test_the_dashboard_runs_a_fixed_number_of_queries(owner, store, phone, order_of):
    client = seller_client(owner)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/seller/").status_code == 200
        return len(captured)

    few = queries()
    for _ in range(3):
        order_of(phone, 1)
    phone.low_stock_threshold = 100
    phone.save()
    # The session, the user and their membership; the order figures; after-sales; low stock counted and listed; the
    # last 30 days' sales (paid, refunded); the header's unread message count.
    assert queries() == few == 10


def test_orders_are_listed_by_status_and_another_stores_order_is_not_found(owner, phone, their_phone, order_of):
    paid = order_of(phone, 1)
    unpaid = order_of(phone, 1, paid=False)
    theirs = order_of(their_phone, 1)
    client = seller_client(owner)
    listed = html(client.get("/seller/orders/?status=paid"))
    assert paid.order_no in listed and unpaid.order_no not in listed and theirs.order_no not in listed
    assert client.get(f"/seller/orders/{theirs.order_no}/").status_code == 404
    detail = html(client.get(f"/seller/orders/{paid.order_no}/"))
    assert "¥1999.99" in detail and paid.receiver_name in detail and "Packed into parcels" in detail  # its timeline
    assert client.get("/seller/orders/?status=nonsense&page=-1").status_code == 200


def test_a_parcel_is_shipped_from_the_page_and_bad_input_is_shown_beside_the_form(owner, phone, order_of, carrier):
    order = order_of(phone, 1)
    parcel = order.parcels.get()
    client = seller_client(owner)
    assert f'id="parcel-{parcel.pk}"' in html(client.get("/seller/parcels/"))

    response = client.post(f"/seller/parcels/{parcel.pk}/ship/", {"carrier": "", "tracking_no": "中文 号"})
    assert response.status_code == 400
    cell = html(response).split(f'id="parcel-{parcel.pk}"')[1].split("</tr>")[0]
    assert cell.count('class="error"') == 2
    assert Parcel.objects.get(pk=parcel.pk).status == ParcelStatus.PENDING

    response = client.post(f"/seller/parcels/{parcel.pk}/ship/", {"carrier": "SF", "tracking_no": "SF123456789"})
    assert response.status_code == 302
    parcel.refresh_from_db()
    order.refresh_from_db()
    assert (parcel.status, parcel.tracking_no, order.status) == (
        ParcelStatus.SHIPPED,
        "SF123456789",
        OrderStatus.SHIPPED,
    )
    again = client.post(f"/seller/parcels/{parcel.pk}/ship/", {"carrier": "SF", "tracking_no": "SF2"}, follow=True)
    assert "already been shipped" in html(again)
    parcel.refresh_from_db()
    assert parcel.tracking_no == "SF123456789"


def test_another_stores_parcel_cannot_be_shipped(owner, their_phone, order_of, carrier):
    theirs = order_of(their_phone, 1)
    parcel = theirs.parcels.get()
    response = seller_client(owner).post(f"/seller/parcels/{parcel.pk}/ship/", {"carrier": "SF", "tracking_no": "X1"})
    assert response.status_code == 404
    assert Parcel.objects.get(pk=parcel.pk).status == ParcelStatus.PENDING


def ask_refund(api, order, quantity=1, kind="refund_only") -> Refund:
    [line] = order.lines.all()
    body = {"kind": kind, "lines": [{"line": line.pk, "quantity": quantity}], "reason": "尺寸不合适"}
    response = api.post(f"/api/v1/orders/{order.order_no}/refunds/", body, format="json")
    assert response.status_code == 201, response.json()
    return Refund.objects.get(pk=response.json()["id"])


def test_the_after_sales_queue_rejects_with_a_reason_and_approves(owner, phone, order_of, shopper_api):
    first = ask_refund(shopper_api, order_of(phone, 1))
    second = ask_refund(shopper_api, order_of(phone, 2))
    client = seller_client(owner)
    queue = html(client.get("/seller/refunds/"))
    assert first.refund_no in queue and second.refund_no in queue

    response = client.post(f"/seller/refunds/{first.pk}/reject/", {"reason": "  "})
    assert response.status_code == 400
    assert 'class="invalid"' in html(response).split(f'id="refund-{first.pk}"')[1].split("</tr>")[0]
    client.post(f"/seller/refunds/{first.pk}/reject/", {"reason": "商品已拆封"})
    client.post(f"/seller/refunds/{second.pk}/approve/")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.reject_reason) == (RefundStatus.REJECTED, "商品已拆封")
    assert (second.status, second.amount) == (RefundStatus.REFUNDED, Decimal("1999.99"))
    assert client.post(f"/seller/refunds/{second.pk}/explode/").status_code == 404


def test_another_stores_refund_is_not_found(owner, their_phone, order_of, shopper_api):
    theirs = ask_refund(shopper_api, order_of(their_phone))
    assert seller_client(owner).post(f"/seller/refunds/{theirs.pk}/approve/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == RefundStatus.REQUESTED


def test_a_return_is_accepted_then_refunded_when_the_goods_are_received(owner, phone, order_of, shopper_api, carrier):
    order = order_of(phone, 1)
    client = seller_client(owner)
    client.post(f"/seller/parcels/{order.parcels.get().pk}/ship/", {"carrier": "SF", "tracking_no": "SF1"})
    refund = ask_refund(shopper_api, order, kind="return_refund")
    client.post(f"/seller/refunds/{refund.pk}/approve/")
    refund.refresh_from_db()
    assert refund.status == RefundStatus.RETURNING
    assert "/receive/" in html(client.get("/seller/refunds/"))
    client.post(f"/seller/refunds/{refund.pk}/receive/")
    refund.refresh_from_db()
    assert (refund.status, refund.amount) == (RefundStatus.REFUNDED, Decimal("1999.99"))


def test_a_ship_form_shown_again_after_an_error_sends_the_fixed_one_back_to_the_list(owner, phone, order_of, carrier):
    """Issue 13 item 1: the form came back at the POST-only ship URL, so its way back (and the tabs) pointed there
    and the browser ended on a 405 although the parcel shipped."""
    parcel = order_of(phone, 1).parcels.get()
    client = seller_client(owner)

    back = "/seller/parcels/?status=pending"
    refused = client.post(f"/seller/parcels/{parcel.pk}/ship/", {"carrier": "", "tracking_no": "", "next": back})
    page = html(refused)
    assert f'name="next" value="{back}"' in page
    assert 'href="/seller/parcels/?status=shipped"' in page  # the tabs name the list, not the ship URL
    fixed = client.post(
        f"/seller/parcels/{parcel.pk}/ship/",
        {"carrier": "SF", "tracking_no": "SF1", "next": back},
        follow=True,
    )
    assert fixed.redirect_chain == [(back, 302)] and fixed.status_code == 200


def test_a_reject_form_shown_again_after_an_error_keeps_its_way_back_to_the_queue(owner, phone, order_of, shopper_api):
    refund = ask_refund(shopper_api, order_of(phone, 1))
    client = seller_client(owner)
    back = "/seller/refunds/?status=open"

    refused = client.post(f"/seller/refunds/{refund.pk}/reject/", {"reason": "", "next": back})

    assert refused.status_code == 400
    assert f'name="next" value="{back}"' in html(refused)
    assert 'href="/seller/refunds/?status=refunded"' in html(refused)


def test_the_parcel_list_and_order_page_write_the_whole_address(owner, phone, order_of):
    """Issue 13 item 4: the shipping label showed the district alone ("拱墅区 文三路 90 号")."""
    order = order_of(phone, 1)
    whole = f"{order.receiver_region.full_name} {order.receiver_address}"
    client = seller_client(owner)

    assert " " in order.receiver_region.full_name  # a province (and city) before the district
    assert whole in html(client.get("/seller/parcels/"))
    assert whole in html(client.get(f"/seller/orders/{order.order_no}/"))


def test_a_parcel_whose_order_has_after_sales_pending_is_flagged_before_it_ships(owner, phone, order_of, shopper_api):
    """Issue 13 item 6: the seller could ship a line while a refund on it was pending, with no warning."""
    order = order_of(phone, 2)
    client = seller_client(owner)
    assert "data-refund-open" not in html(client.get("/seller/parcels/"))

    ask_refund(shopper_api, order)

    assert html(client.get("/seller/parcels/")).count("data-refund-open") == 1


def test_the_orders_shown_are_exported_with_the_filters_applied(owner, store, phone, order_of, shopper_api):
    """Issue 13 item 13: orders to CSV and XLSX as filtered, each flagged while after-sales is open on it."""
    kept, refunded = order_of(phone, 1), order_of(phone, 2)
    ask_refund(shopper_api, refunded)
    client = seller_client(owner)

    listed = html(client.get("/seller/orders/"))
    as_csv = client.get("/seller/orders/", {"q": refunded.order_no, "export": "csv"})
    as_xlsx = client.get("/seller/orders/", {"export": "xlsx"})

    assert listed.count("data-refund-open") == 1 and 'data-export="xlsx"' in listed
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Order number", "Status"] and len(rows) == 2  # the search applies
    assert rows[1][0] == refunded.order_no and rows[1][-1] == "yes"
    assert rows[1][11] == f"{refunded.payable:.2f}" and "上海市" in rows[1][6]
    assert as_xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    with zipfile.ZipFile(io.BytesIO(as_xlsx.content)) as workbook:
        sheet = workbook.read("xl/worksheets/sheet1.xml").decode()
    assert kept.order_no in sheet and refunded.order_no in sheet


def test_a_clerk_sees_the_orders_but_exports_none(store, phone, order_of):
    clerk = MembershipFactory(store=store, role=StaffRole.CLERK).user
    order_of(phone, 1)

    assert seller_client(clerk).get("/seller/orders/").status_code == 200
    assert 'data-export="csv"' not in html(seller_client(clerk).get("/seller/orders/"))
    assert seller_client(clerk).get("/seller/orders/", {"export": "csv"}).status_code == 403


def test_a_parcel_prints_a_slip_with_the_whole_address_and_its_goods(owner, phone, order_of, their_phone):
    """Issue 13 item 13: a printable packing slip and shipping label per parcel."""
    order = order_of(phone, 2)
    parcel = order.parcels.get()
    client = seller_client(owner)

    slip = html(client.get(f"/seller/parcels/{parcel.pk}/slip/"))

    assert f"/seller/parcels/{parcel.pk}/slip/" in html(client.get("/seller/parcels/"))
    assert f"{order.receiver_region.full_name} {order.receiver_address}" in slip and order.order_no in slip
    goods = slip.split('class="slip-goods"')[1]
    assert order.lines.get().title in goods and '<td class="num">2</td>' in goods
    theirs = order_of(their_phone, 1).parcels.get()
    assert client.get(f"/seller/parcels/{theirs.pk}/slip/").status_code == 404
