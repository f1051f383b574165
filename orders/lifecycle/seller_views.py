"""Seller backend pages of a store's orders: the dashboard (it sums orders, so it lives here rather than in
stores), orders by status, an order's page, and sales and refunds by day for owners and managers.

Every read goes through the store-scoped selectors the seller API uses: another store's order is a 404."""

import csv
import re
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.selectors import skus_low_on_stock
from marketplace.money import ZERO
from marketplace.tables import FORMATS, table_response
from orders.aftersales.selectors import refund_open, store_refunds
from orders.aftersales.seller_views import TO_HANDLE
from orders.lifecycle import selectors
from orders.models import OrderEvent, OrderStatus
from orders.payment.methods import paid_with
from orders.payment.selectors import order_payment
from orders.shipping.selectors import parcels_prefetch
from stores.seller_pages import MANAGERS, forbidden, is_manager, paginate, seller_page

# Orders the store still has to send something for.
TO_SHIP = (OrderStatus.PAID, OrderStatus.PARTLY_SHIPPED)

LOW_STOCK_SHOWN = 8

ORDER_TABS = [("", gettext_lazy("All")), *OrderStatus.choices]

MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")

# The years a month may be asked for: far on both sides of any sale, and inside what dates and the database hold
# for the month's edges and its neighbours' links.
FINANCE_YEARS = range(2000, 3000)


def _today_start() -> datetime:
    """Midnight today in the marketplace's time zone (Beijing time): "today" as the merchant means it."""
    return timezone.make_aware(datetime.combine(timezone.localdate(), time.min))


@seller_page
def dashboard(request):
    """Today's paid orders and their GMV (owners and managers: a clerk sees no money figures), orders to ship,
    after-sales to handle and SKUs low on stock, each a link to the list behind it; for owners and managers, the
    last 30 days' sales as a chart. A fixed number of queries whatever the store's size: the user and their
    membership, the order figures in one, after-sales in one, low stock in two, the 30 days in two."""
    store = request.store
    figures = (
        selectors.store_orders(store_id=store.pk)
        .order_by()
        .aggregate(
            paid_today=Count("id", filter=Q(paid_at__gte=_today_start())),
            gmv_today=Sum("payable", filter=Q(paid_at__gte=_today_start())),
            to_ship=Count("id", filter=Q(status__in=TO_SHIP)),
        )
    )
    low_stock = skus_low_on_stock(store=store)
    manager = is_manager(request)
    context = {
        "paid_today": figures["paid_today"],
        "gmv_today": figures["gmv_today"] or ZERO,
        "show_money": manager,
        "last_30_days": _last_30_days(store) if manager else [],
        "to_ship": figures["to_ship"],
        "refunds_to_handle": store_refunds(store_id=store.pk).filter(status__in=TO_HANDLE).count(),
        "low_stock_count": low_stock.count(),
        "low_stock": list(low_stock.select_related("spu")[:LOW_STOCK_SHOWN]),
        "section": "dashboard",
    }
    return render(request, "seller/dashboard.html", context)


def _last_30_days(store) -> list[selectors.DaySales]:
    """The store's last 30 days of sales, every day (one without sales a row of zeros), oldest first: the
    dashboard's chart. Two queries."""
    today = timezone.localdate()
    first = today - timedelta(days=29)
    sold = {row.day: row for row in selectors.store_sales_by_day(store_id=store.pk, first_day=first, last_day=today)}
    days = [first + timedelta(days=n) for n in range(30)]
    return [sold.get(day) or selectors.DaySales(day, 0, ZERO, 0, ZERO) for day in days]


@seller_page
def order_list(request):
    """The store's orders by status and search, each flagged while after-sales is open on it; with
    `?export=csv|xlsx`, the same orders as a file (owners and managers: it holds shoppers' addresses)."""
    status = request.GET.get("status", "")
    status = status if status in OrderStatus.values else ""
    q = request.GET.get("q", "").strip()[:40]
    orders = selectors.store_orders(store_id=request.store.pk).annotate(refund_open=refund_open())
    if q:
        orders = orders.filter(Q(order_no=q) | Q(receiver_phone=q) | Q(receiver_name=q))
    counts = dict(orders.order_by().values_list("status").annotate(count=Count("id")))
    if status:
        orders = orders.filter(status=status)
    export = request.GET.get("export", "")
    if export in FORMATS:
        if not is_manager(request):
            return forbidden(request, _("Exporting orders is for the store's owner and managers."))
        return _orders_file(request, orders, export)
    tabs = [(value, label, sum(counts.values()) if not value else counts.get(value, 0)) for value, label in ORDER_TABS]
    context = {
        "page": paginate(request, orders),
        "tabs": tabs,
        "status": status,
        "q": q,
        "can_export": is_manager(request),
        "section": "orders",
    }
    return render(request, "seller/orders/list.html", context)


EXPORT_LIMIT = 20_000  # orders in one file, the newest first: a bigger export is a report's job


def _orders_file(request, orders, export: str):
    """The filtered orders as a table: one row an order, its goods in one cell, times in Beijing."""
    orders = orders.select_related("receiver_region")[:EXPORT_LIMIT]
    heading = [
        _("Order number"), _("Status"), _("Placed"), _("Paid"), _("Receiver"), _("Phone"), _("Address"),
        _("Goods"), _("Subtotal"), _("Discount"), _("Freight"), _("Payable"), _("Refunded"), _("After-sales open"),
    ]  # fmt: skip
    rows = [
        [
            order.order_no, str(order.get_status_display()), _moment(order.created_at), _moment(order.paid_at),
            order.receiver_name, order.receiver_phone,
            f"{order.receiver_region.full_name} {order.receiver_address}",
            "; ".join(f"{line.title} × {line.quantity}" for line in order.lines.all()),
            order.subtotal, order.discount, order.freight, order.payable, order.refunded_amount,
            _("yes") if order.refund_open else "",
        ]
        for order in orders
    ]  # fmt: skip
    filename = f"orders-{request.store.pk}-{timezone.localdate():%Y%m%d}"
    return table_response([heading, *rows], export=export, filename=filename, sheet=str(_("Orders")))


def _moment(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


@seller_page
def order_detail(request, order_no: str):
    order = (
        selectors.store_orders(store_id=request.store.pk)
        .filter(order_no=order_no)
        .prefetch_related(
            Prefetch("events", queryset=OrderEvent.objects.select_related("by")), parcels_prefetch(), "refunds"
        )
        .first()
    )
    if order is None:
        raise Http404
    payment = order_payment(order=order)
    context = {"order": order, "paid_with": paid_with(payment, stored_value=order.stored_value), "section": "orders"}
    return render(request, "seller/orders/detail.html", context)


def _this_month() -> date:
    return timezone.localdate(timezone=timezone.get_default_timezone()).replace(day=1)


def _month_asked(value: str) -> date:
    """The first day of the month `?month=YYYY-MM` names; anything else (absent, malformed, a 13th month, a year
    out of FINANCE_YEARS) is the current month in Beijing time, so a hand-edited address never breaks the page."""
    match = MONTH.fullmatch(value)
    if match and int(match[1]) in FINANCE_YEARS and 1 <= int(match[2]) <= 12:
        return date(int(match[1]), int(match[2]), 1)
    return _this_month()


def _next_month(month: date) -> date:
    return (month + timedelta(days=31)).replace(day=1)


def _previous_month(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


@seller_page(roles=MANAGERS)
def finance(request):
    """Sales and refunds of a month by day, with its total, as a page or (`?format=csv`) a spreadsheet's file.
    Owners and managers only: a clerk sees no money. Four queries whatever the number of orders: the user and
    their membership, orders paid by day, refunds completed by day."""
    month = _month_asked(request.GET.get("month", ""))
    next_month = _next_month(month)
    days = selectors.store_sales_by_day(
        store_id=request.store.pk, first_day=month, last_day=next_month - timedelta(days=1)
    )
    total = selectors.sales_total(days)
    if request.GET.get("format") == "csv":
        return _finance_csv(month, days, total)
    previous = _previous_month(month)
    context = {
        "month": month,
        "days": days,
        "total": total,
        "previous": previous if previous.year in FINANCE_YEARS else None,
        "next": next_month if next_month.year in FINANCE_YEARS else None,
        "this_month": _this_month(),
        "section": "finance",
    }
    return render(request, "seller/finance.html", context)


def _finance_csv(month: date, days: list[selectors.DaySales], total: selectors.DaySales) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sales-{month:%Y-%m}.csv"'
    # The byte-order mark tells Excel the file is UTF-8; without it Excel reads the local code page and garbles
    # the Chinese headings.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [_("Date"), _("Orders paid"), _("Amount paid"), _("Refunds completed"), _("Amount refunded"), _("Net")]
    )
    for row in [*days, total]:
        writer.writerow(
            [
                row.day.isoformat() if row.day else _("Total"),
                row.orders_paid,
                row.amount_paid,
                row.refunds,
                row.amount_refunded,
                row.net,
            ]
        )
    return response
