"""The reports (docs/REPORTS.md): one table of figures by one dimension over a range of days, for an audience.

HQ (finance) sees every store, or one; a store's owner sees their store with its margins and HQ's take; a manager
sees their store's sales, goods and staff, without costs or HQ's take. Every figure is read from the rollups
(settlement.reports.services) and HQ's take from the bills, in one grouped query each: a year of a million orders
is a few hundred thousand rollup rows, not millions of lines. Ratios are worked out from the sums, for each row
and for the total alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, Sum, Value
from django.db.models.functions import Concat, Substr, TruncMonth, TruncQuarter, TruncYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import BackendCategory, Spu
from marketplace.exceptions import InvalidInput
from marketplace.models import Region
from members.models import User
from settlement.models import Bill, SalesDay, SalesHour, SalesProductMonth, StaffDay
from stores.models import Store

MAX_DAYS = 3 * 366  # the longest range a report reads
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)  # the days a report may name (and three years before)
HUNDRED = Decimal(100)


class Audience:
    """Who reads the report: its figures and dimensions follow."""

    HQ, OWNER, MANAGER = "hq", "owner", "manager"


DIMENSIONS = {
    "hour": _("Hour of the day"),
    "day": _("Day"),
    "month": _("Month"),
    "quarter": _("Quarter"),
    "year": _("Year"),
    "store": _("Store"),
    "region": _("Region"),
    "category": _("Category"),
    "product": _("Product"),
    "staff": _("Staff member"),
}
TIME = ("hour", "day", "month", "quarter", "year")
GOODS = ("category", "product")
BY_AUDIENCE = {
    Audience.HQ: tuple(DIMENSIONS),
    Audience.OWNER: (*TIME, *GOODS, "staff"),
    Audience.MANAGER: (*TIME, *GOODS, "staff"),
}


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    kind: str  # count | money | percent


COLUMNS = {
    "orders": Column("orders", _("Orders"), "count"),
    "gmv": Column("gmv", _("GMV"), "money"),
    "aov": Column("aov", _("Average order value"), "money"),
    "refunds": Column("refunds", _("Refunded"), "money"),
    "quantity": Column("quantity", _("Units"), "count"),
    "gross": Column("gross", _("Gross sales"), "money"),
    "net_sales": Column("net_sales", _("Net sales"), "money"),
    "gross_margin": Column("gross_margin", _("Gross margin %"), "percent"),
    "net_margin": Column("net_margin", _("Net margin %"), "percent"),
    "new_shoppers": Column("new_shoppers", _("New shoppers"), "count"),
    "returning_orders": Column("returning_orders", _("Orders of returning shoppers"), "count"),
    "repurchase_rate": Column("repurchase_rate", _("Repurchase rate %"), "percent"),
    "hq_take": Column("hq_take", _("HQ's take"), "money"),
    "platform_discounts": Column("platform_discounts", _("Platform subsidies"), "money"),
    "store_discounts": Column("store_discounts", _("Store-funded discounts"), "money"),
    "platform_income": Column("platform_income", _("HQ's net income"), "money"),
    "orders_shipped": Column("orders_shipped", _("Orders shipped"), "count"),
    "amount_shipped": Column("amount_shipped", _("Amount shipped"), "money"),
    "after_sales": Column("after_sales", _("After-sales answered"), "count"),
}
SALES_COLUMNS = {
    Audience.HQ: (
        "orders", "gmv", "aov", "refunds", "net_sales", "gross_margin", "net_margin", "new_shoppers",
        "returning_orders", "repurchase_rate", "hq_take", "platform_discounts", "store_discounts", "platform_income",
    ),
    Audience.OWNER: (
        "orders", "gmv", "aov", "refunds", "net_sales", "gross_margin", "net_margin", "new_shoppers",
        "returning_orders", "repurchase_rate", "hq_take", "platform_discounts", "store_discounts",
    ),
    Audience.MANAGER: (
        "orders", "gmv", "aov", "refunds", "quantity", "net_sales", "new_shoppers", "returning_orders",
        "repurchase_rate",
    ),
}  # fmt: skip
GOODS_COLUMNS = ("orders", "quantity", "gross", "net_sales", "platform_discounts", "gross_margin")
STAFF_COLUMNS = ("orders_shipped", "amount_shipped", "after_sales")
BY_BILLS = ("hq_take", "net_margin", "platform_income")  # need HQ's take, which the bills know by day, not hour


@dataclass
class Report:
    by: str
    start: date
    end: date
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)  # each: key, label and a value per column
    total: dict = field(default_factory=dict)


def sales_report(*, audience: str, by: str, start: date | None, end: date | None, store: Store | None) -> Report:
    """The report of `audience` by `by` from `start` to `end` (days, both included; defaults by dimension), for
    `store` (None: every store, HQ only). An unknown dimension or a bad range is `validation_error`."""
    if by not in BY_AUDIENCE[audience]:
        message = _("Choose one of: %(choices)s.") % {"choices": ", ".join(BY_AUDIENCE[audience])}
        raise InvalidInput(message, fields={"by": [message]})
    start, end = _range(by, start, end)
    if by in GOODS:
        start, end = start.replace(day=1), _month_end(end)
        names, sums = GOODS_COLUMNS, _goods_sums(by, start, end, store)
    elif by == "staff":
        names, sums = STAFF_COLUMNS, _staff_sums(start, end, store)
    else:
        names = tuple(name for name in SALES_COLUMNS[audience] if by != "hour" or name not in BY_BILLS)
        sums = _sales_sums(by, start, end, store, platform=audience == Audience.HQ)
    if audience == Audience.MANAGER:
        names = tuple(name for name in names if name != "gross_margin")
    labels = _labels(by, list(sums))
    rows = [
        {"key": _key_text(key), "label": labels.get(key, str(key)), **_figures(values, names)}
        for key, values in sums.items()
    ]
    if by not in TIME:
        sort = next(name for name in ("gmv", "gross", "amount_shipped") if name in names)
        rows.sort(key=lambda row: -row[sort])
    total = _figures(_added(sums.values()), names)
    return Report(by=by, start=start, end=end, columns=[COLUMNS[name] for name in names], rows=rows, total=total)


def report_store(*, store_id: int) -> Store:
    """The store HQ narrows a report to; an unknown one is `validation_error` on `store`."""
    store = Store.objects.filter(pk=store_id).first()
    if store is None:
        message = _("No such store.")
        raise InvalidInput(message, fields={"store": [message]})
    return store


# --- The sums, per key ----------------------------------------------------------------------------------------------

SALES_SUMS = (
    "orders", "first_orders", "platform_first_orders", "gmv", "refunds", "quantity", "gross", "store_discounts",
    "platform_discounts", "costed_sales", "cost",
)  # fmt: skip
GOODS_SUMS = ("orders", "quantity", "gross", "store_discounts", "platform_discounts", "costed_sales", "cost")
STAFF_SUMS = ("orders_shipped", "amount_shipped", "after_sales")


def _sales_sums(by: str, start: date, end: date, store: Store | None, *, platform: bool) -> dict:
    """By hour of the day from the hourly rollup, by anything else from the daily one (24 times fewer rows)."""
    hours = (SalesHour if by == "hour" else SalesDay).objects.filter(day__range=(start, end))
    bills = Bill.objects.filter(period_end__range=(start, end))
    if store is not None:
        hours, bills = hours.filter(store=store), bills.filter(store=store)
    sums = _grouped(hours.annotate(key=_key_of(by, "day", "store")), SALES_SUMS)
    first = "platform_first_orders" if platform else "first_orders"
    for values in sums.values():
        values["first"] = values[first]
        values["hq_take"] = Decimal(0)
    if by != "hour":
        for key, values in _grouped(bills.annotate(key=_key_of(by, "period_end", "store")), ("hq_take",)).items():
            sums.setdefault(key, {name: 0 for name in (*SALES_SUMS, "first")})["hq_take"] = values["hq_take"]
    return dict(sorted(sums.items()))


def _goods_sums(by: str, start: date, end: date, store: Store | None) -> dict:
    months = SalesProductMonth.objects.filter(month__range=(start, end))
    if store is not None:
        months = months.filter(store=store)
    return _grouped(months.annotate(key=F("spu_id" if by == "product" else "category_id")), GOODS_SUMS)


def _staff_sums(start: date, end: date, store: Store | None) -> dict:
    days = StaffDay.objects.filter(day__range=(start, end))
    if store is not None:
        days = days.filter(store=store)
    return _grouped(days.annotate(key=F("user_id")), STAFF_SUMS)


def _grouped(queryset, names: tuple[str, ...]) -> dict:
    """{key: {name: sum}} in one GROUP BY query."""
    rows = queryset.values("key").annotate(**{name: Sum(name) for name in names}).order_by("key")
    return {row.pop("key"): row for row in rows}


def _key_of(by: str, day: str, store: str):
    """The expression a row is grouped by: its hour, day, month, quarter or year (a date), its store, or its
    store's province (the first two digits of the region's code)."""
    if by == "hour":
        return F("hour")
    if by == "day":
        return F(day)
    if by in ("month", "quarter", "year"):
        return {"month": TruncMonth, "quarter": TruncQuarter, "year": TruncYear}[by](day)
    if by == "store":
        return F(f"{store}_id")
    return Concat(Substr(f"{store}__region_id", 1, 2), Value("0000"))


def _added(groups) -> dict:
    total: dict = {}
    for values in groups:
        for name, value in values.items():
            total[name] = total.get(name, 0) + (value or 0)
    return total


# --- The figures ----------------------------------------------------------------------------------------------------


def _figures(sums: dict, names: tuple[str, ...]) -> dict:
    """Each column's value from a key's sums: counts and money as summed, ratios from the sums."""
    value = {name: sums.get(name) or 0 for name in (*SALES_SUMS, *GOODS_SUMS, *STAFF_SUMS, "first", "hq_take")}
    net_sales = Decimal(value["gross"]) - Decimal(value["store_discounts"])
    gross_margin = _percent(Decimal(value["costed_sales"]) - Decimal(value["cost"]), Decimal(value["costed_sales"]))
    derived = {
        "aov": _money(Decimal(value["gmv"]) / value["orders"]) if value["orders"] else Decimal("0.00"),
        "net_sales": net_sales,
        "gross_margin": gross_margin,
        "net_margin": None
        if gross_margin is None or not net_sales
        else gross_margin - _percent(Decimal(value["hq_take"]), net_sales),
        "new_shoppers": value["first"],
        "returning_orders": value["orders"] - value["first"],
        "repurchase_rate": _percent(Decimal(value["orders"] - value["first"]), Decimal(value["orders"])),
        "platform_income": Decimal(value["hq_take"]) - Decimal(value["platform_discounts"]),
    }
    return {name: derived[name] if name in derived else value[name] for name in names}


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """A share in percent to one decimal, half up; None where the whole is nothing."""
    return (part * HUNDRED / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if whole else None


def _money(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- Keys, labels and ranges ----------------------------------------------------------------------------------------


def _labels(by: str, keys: list) -> dict:
    """What a person reads for each key: a name from one query for stores, regions, categories, products and staff;
    a written date or hour for the rest."""
    if by == "store":
        return {pk: name for pk, name in Store.objects.filter(pk__in=keys).values_list("pk", "name")}
    if by == "region":
        return {code: name for code, name in Region.objects.filter(code__in=keys).values_list("code", "name")}
    if by == "category":
        names = dict(BackendCategory.objects.filter(pk__in=[key for key in keys if key]).values_list("pk", "name"))
        return {None: str(_("No category")), **names}
    if by == "product":
        return dict(Spu.objects.filter(pk__in=keys).values_list("pk", "title"))
    if by == "staff":
        users = User.objects.filter(pk__in=keys).only("pk", "username", "first_name", "last_name")
        return {user.pk: user.get_full_name() or user.username for user in users}
    return {key: _time_label(by, key) for key in keys}


def _time_label(by: str, key) -> str:
    if by == "hour":
        return f"{key:02d}:00"
    if by == "month":
        return f"{key:%Y-%m}"
    if by == "quarter":
        return f"{key.year} Q{(key.month - 1) // 3 + 1}"
    if by == "year":
        return str(key.year)
    return key.isoformat()


def _key_text(key) -> str:
    return key.isoformat() if isinstance(key, date) else ("" if key is None else str(key))


def _range(by: str, start: date | None, end: date | None) -> tuple[date, date]:
    """The days the report reads: as asked, else the last 30 days (by hour, day, store, region, staff), this year
    (by month, category, product) or the last three years (by quarter and year)."""
    today = timezone.localdate()
    end = end or today
    for name, day in (("start", start), ("end", end)):
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            message = _("A report reads days from %(first)s to %(last)s.") % {"first": FIRST_DAY, "last": LAST_DAY}
            raise InvalidInput(message, fields={name: [message]})
    if start is None:
        if by in ("month", "category", "product"):
            start = end.replace(month=1, day=1)
        elif by in ("quarter", "year"):
            start = end.replace(year=end.year - 2, month=1, day=1)
        else:
            start = end - timedelta(days=29)
    if start > end:
        message = _("The start of the range is after its end.")
        raise InvalidInput(message, fields={"start": [message]})
    if (end - start).days >= MAX_DAYS:
        message = _("A report covers at most three years.")
        raise InvalidInput(message, fields={"start": [message]})
    return start, end


def _month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)
