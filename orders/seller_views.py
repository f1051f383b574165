"""Seller backend pages of the orders center: the dashboard (it sums orders, so it lives here rather than in
stores), orders by status, parcels to ship with the ship form, the after-sales queue, and sales and refunds by day.

Every read goes through the store-scoped selectors the seller API uses (another store's order, parcel or refund
is a 404), every write through the API's services and input serializers."""

import csv
import re
from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError

from catalog.selectors import skus_low_on_stock
from logistics.models import Carrier
from marketplace.exceptions import DomainError
from marketplace.money import ZERO
from orders import selectors
from orders.models import OrderEvent, OrderStatus, ParcelStatus, RefundStatus
from orders.refund_apis import ReasonSerializer
from orders.services import aftersales
from orders.services.shipping import parcel_ship
from orders.shipping.selectors import parcels_prefetch, store_parcel, store_parcels
from orders.shipping.serializers import ParcelShipInput
from stores.seller_pages import MANAGERS, field_errors, is_manager, next_url, paginate, seller_page

# Orders the store still has to send something for.
TO_SHIP = (OrderStatus.PAID, OrderStatus.PARTLY_SHIPPED)
# After-sales requests waiting for the store: a decision, or the returned goods.
TO_HANDLE = (RefundStatus.REQUESTED, RefundStatus.RETURNING)
REFUND_ACTIONS = ("approve", "reject", "receive")
LOW_STOCK_SHOWN = 8
ORDER_TABS = [("", gettext_lazy("All")), *OrderStatus.choices]
REFUND_TABS = [("open", gettext_lazy("To handle")), *RefundStatus.choices, ("", gettext_lazy("All"))]
PARCEL_TABS = ParcelStatus.choices
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
    after-sales to handle and SKUs low on stock, each a link to the list behind it. Six queries whatever the
    store's size: the user and their membership, the order figures in one, after-sales in one, low stock in two."""
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
    context = {
        "paid_today": figures["paid_today"],
        "gmv_today": figures["gmv_today"] or ZERO,
        "show_money": is_manager(request),
        "to_ship": figures["to_ship"],
        "refunds_to_handle": selectors.store_refunds(store_id=store.pk).filter(status__in=TO_HANDLE).count(),
        "low_stock_count": low_stock.count(),
        "low_stock": list(low_stock.select_related("spu")[:LOW_STOCK_SHOWN]),
        "section": "dashboard",
    }
    return render(request, "seller/dashboard.html", context)


@seller_page
def order_list(request):
    status = request.GET.get("status", "")
    status = status if status in OrderStatus.values else ""
    q = request.GET.get("q", "").strip()[:40]
    orders = selectors.store_orders(store_id=request.store.pk)
    if q:
        orders = orders.filter(Q(order_no=q) | Q(receiver_phone=q) | Q(receiver_name=q))
    counts = dict(orders.order_by().values_list("status").annotate(count=Count("id")))
    if status:
        orders = orders.filter(status=status)
    tabs = [(value, label, sum(counts.values()) if not value else counts.get(value, 0)) for value, label in ORDER_TABS]
    context = {"page": paginate(request, orders), "tabs": tabs, "status": status, "q": q, "section": "orders"}
    return render(request, "seller/orders/list.html", context)


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
    context = {"order": order, "section": "orders"}
    return render(request, "seller/orders/detail.html", context)


def _carriers():
    return list(Carrier.objects.active())


@seller_page
def parcel_list(request, *, ship_errors: dict | None = None, status_code: int = 200):
    """Parcels by status; those waiting to ship oldest first, each with its ship form (any staff role)."""
    status = request.GET.get("status", ParcelStatus.PENDING)
    status = status if status in ParcelStatus.values else ParcelStatus.PENDING
    counts = dict(store_parcels(store=request.store).order_by().values_list("status").annotate(count=Count("id")))
    tabs = [(value, label, counts.get(value, 0)) for value, label in PARCEL_TABS]
    context = {
        "page": paginate(
            request, store_parcels(store=request.store, status=status).select_related("order__receiver_region")
        ),
        "status": status,
        "tabs": tabs,
        "carriers": _carriers(),
        "ship_errors": ship_errors or {},
        "posted": request.POST if ship_errors else {},
        "section": "parcels",
    }
    return render(request, "seller/orders/parcels.html", context, status=status_code)


@require_POST
@seller_page
def parcel_ship_view(request, parcel_id: int):
    """Ship one parcel with a carrier and tracking number, validated as the API validates them."""
    parcel = store_parcel(store=request.store, parcel_id=parcel_id)
    data = ParcelShipInput(
        data={"carrier": request.POST.get("carrier", ""), "tracking_no": request.POST.get("tracking_no", "").strip()}
    )
    try:
        data.is_valid(raise_exception=True)
        carrier = Carrier.objects.active().filter(code=data.validated_data["carrier"]).first()
        if carrier is None:
            raise ValidationError({"carrier": [_("Choose a carrier we ship with.")]})
        parcel_ship(parcel=parcel, carrier=carrier, tracking_no=data.validated_data["tracking_no"], by=request.user)
    except (ValidationError, DomainError) as error:
        parcel.refresh_from_db(fields=["status"])
        if parcel.status != ParcelStatus.PENDING:
            # Shipped meanwhile (by a colleague, or a second click): its form is gone, so say it at the top.
            messages.error(request, error.detail if isinstance(error, DomainError) else _("Already shipped."))
            return redirect(next_url(request, reverse("seller:parcels")))
        return parcel_list.__wrapped__(request, ship_errors={parcel.pk: _by_field(error)}, status_code=400)
    messages.success(
        request,
        _("Parcel %(parcel)s of order %(order)s is shipped with %(carrier)s, tracking number %(tracking)s.")
        % {
            "parcel": parcel.pk,
            "order": parcel.order.order_no,
            "carrier": carrier.name,
            "tracking": parcel.tracking_no,
        },
    )
    return redirect(next_url(request, reverse("seller:parcels")))


FORM_FIELDS = ("carrier", "tracking_no", "reason")


def _by_field(error: ValidationError | DomainError) -> dict[str, list[str]]:
    """Errors by the form field they belong to. A service's refusal that names none of the form's fields (an order
    closed meanwhile names its `status`) is shown on the whole form in its own words."""
    shown: dict[str, list[str]] = {}
    for path, found in field_errors(error).items():
        name = path.split(".")[0]
        if name in FORM_FIELDS:
            shown.setdefault(name, []).extend(found)
    if not shown:
        found = field_errors(error).values()
        shown["form"] = [error.detail] if isinstance(error, DomainError) else [m for part in found for m in part]
    return shown


@seller_page
def refund_list(request, *, errors: dict | None = None, status_code: int = 200):
    """The after-sales queue: requests waiting for a decision or for returned goods first (the default tab)."""
    status = request.GET.get("status", "open")
    refunds = selectors.store_refunds(store_id=request.store.pk).select_related("order__user")
    counts = dict(refunds.order_by().values_list("status").annotate(count=Count("id")))
    if status == "open":
        refunds = refunds.filter(status__in=TO_HANDLE).order_by("created_at", "pk")
    elif status in RefundStatus.values:
        refunds = refunds.filter(status=status)
    else:
        status = ""
    tabs = [
        (
            value,
            label,
            sum(counts.get(s, 0) for s in TO_HANDLE)
            if value == "open"
            else counts.get(value, 0)
            if value
            else sum(counts.values()),
        )
        for value, label in REFUND_TABS
    ]
    context = {
        "page": paginate(request, refunds),
        "tabs": tabs,
        "status": status,
        "errors": errors or {},
        "posted": request.POST if errors else {},
        "section": "refunds",
    }
    return render(request, "seller/orders/refunds.html", context, status=status_code)


@require_POST
@seller_page
def refund_decide(request, refund_id: int, action: str):
    """Approve, reject (with the reason the shopper will read) or confirm the returned goods arrived."""
    if action not in REFUND_ACTIONS:
        raise Http404
    refund = selectors.store_refund(store_id=request.store.pk, refund_id=refund_id)
    data = ReasonSerializer(data={"reason": request.POST.get("reason", "").strip()})
    try:
        data.is_valid(raise_exception=True)
        if action == "approve":
            aftersales.refund_approve(refund=refund, by=request.user)
            done = _("Approved: %(refund)s.")
        elif action == "receive":
            aftersales.refund_receive_return(refund=refund, by=request.user)
            done = _("The returned goods are received and the money is on its way back: %(refund)s.")
        else:
            aftersales.refund_reject(refund=refund, by=request.user, reason=data.validated_data["reason"])
            done = _("Rejected: %(refund)s.")
    except (ValidationError, DomainError) as error:
        refund.refresh_from_db(fields=["status"])
        if refund.status not in TO_HANDLE:
            # Decided meanwhile: its row has no form any more, so the refusal is said at the top.
            messages.error(request, error.detail if isinstance(error, DomainError) else _("Already decided."))
            return redirect(next_url(request, reverse("seller:refunds")))
        return refund_list.__wrapped__(request, errors={refund.pk: _by_field(error)}, status_code=400)
    messages.success(request, done % {"refund": refund.refund_no})
    return redirect(next_url(request, reverse("seller:refunds")))


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
