"""The reports over a year of a million orders: the finance API and page by every dimension, and a store owner's,
each under load beside its floor view (the same bytes from memory), logged in with a bearer token or a session.

    make bench ARGS=reports

The year is written straight into the rollups the reports read (docs/REPORTS.md): 20 stores, every hour of the
last 365 days (175,200 rows, 1,000,000 orders spread over them, and their 7,300 days), 500 products a store a
month (120,000 rows), 5 staff a store a day (36,500 rows) and a monthly bill per store. That is what the Celery job
keeps for such a year; the time the job itself takes is the `rollup` figure below, measured on the demo's orders."""

import os
import random
import time
from datetime import timedelta
from decimal import Decimal

from bench.demo_data import bearer, seeded, setup_django
from bench.harness import Call, compare, report, served, wrk

STORES, ORDERS, PRODUCTS, STAFF = 20, 1_000_000, 500, 5
PREFIX = "BENCHRPT"
DURATION = os.environ.get("BENCH_DURATION", "5s")


def main() -> None:
    setup_django()
    seeded()
    _rollup_from_scratch()
    stores = _year()
    finance = bearer("finance")
    owner_name = stores[0].memberships.get(role="owner").user.username
    owner = bearer(owner_name)
    calls = {
        f"hq_{by}": Call(f"/api/v1/finance/reports/sales/?by={by}&{_range(by)}", headers=(finance,))
        for by in ("day", "hour", "month", "quarter", "year", "store", "region", "category", "product", "staff")
    }
    calls["owner_day"] = Call(f"/api/v1/seller/reports/sales/?by=day&{_range('day')}", headers=(owner,))
    calls["owner_product"] = Call(f"/api/v1/seller/reports/sales/?by=product&{_range('product')}", headers=(owner,))
    calls["page_hq_day"] = Call(f"/finance/reports/?by=day&{_range('day')}", headers=(session("finance"),))
    calls["page_owner_staff"] = Call(f"/seller/reports/?by=staff&{_range('staff')}", headers=(session(owner_name),))
    xlsx = f"/api/v1/finance/reports/sales/?by=day&{_range('day')}&export=xlsx"
    calls["hq_day_xlsx"] = Call(xlsx, headers=(finance,))
    with served() as server:
        for name, call in calls.items():
            alone = wrk(server, call, connections=1, duration=DURATION)
            print(f"{name:<24} alone: p50 {alone.p50_ms:>6.1f} ms  p99 {alone.p99_ms:>6.1f} ms", flush=True)
            report(compare(server, name, call, duration=DURATION))


def _rollup_from_scratch() -> None:
    """The rollup job's first run over the whole ledger of this database (every entry and event counted), timed in
    a transaction rolled back after, so the rollups stay as they were."""
    from django.db import transaction

    from orders.models import OrderEvent
    from settlement.models import LedgerEntry, SalesDay, SalesHour, SalesProductMonth, StaffDay, Watermark
    from settlement.reports.services import rollup_refresh

    entries, events = LedgerEntry.objects.count(), OrderEvent.objects.count()
    with transaction.atomic():
        for model in (SalesDay, SalesHour, SalesProductMonth, StaffDay, Watermark):
            model.objects.all().delete()
        start = time.perf_counter()
        rollup_refresh()
        took = time.perf_counter() - start
        transaction.set_rollback(True)
    counted = f"{entries:,} ledger entries, {events:,} order events"
    print(f"rollup from scratch       {took:>8.2f} s  ({counted})", flush=True)


def session(username: str) -> tuple[str, str]:
    """A Cookie header of a logged-in session of `username`, as the login page would have made it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from members.models import User

    user = User.objects.get(username=username)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "members.backends.MemberBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return ("Cookie", f"{settings.SESSION_COOKIE_NAME}={store.session_key}; django_language=en")


def _range(by: str) -> str:
    """A year back from today for every dimension (the time buckets and the rankings alike)."""
    from django.utils import timezone

    today = timezone.localdate()
    return f"start={today - timedelta(days=364)}&end={today}"


def _year():
    """The bench stores and their year of rollups, written once."""
    from django.db import transaction

    from settlement.models import SalesDay

    stores = _stores()
    if SalesDay.objects.filter(store=stores[0]).exists():
        return stores
    with transaction.atomic():
        _hours(stores)
        _products(stores)
        _staff(stores)
        _bills(stores)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE settlement_salesday, settlement_saleshour, settlement_salesproductmonth, settlement_staffday"
        )
    return stores


def _hours(stores) -> None:
    from django.utils import timezone

    from settlement.models import SalesDay, SalesHour

    today, generator = timezone.localdate(), random.Random(7)
    per_hour = ORDERS / (STORES * 365 * 24)
    rows = []
    for store in stores:
        for back in range(365):
            for hour in range(24):
                orders = generator.randint(0, int(per_hour * 2))
                gmv = Decimal(orders * generator.randint(80, 400))
                rows.append(
                    SalesHour(
                        store=store, day=today - timedelta(days=back), hour=hour, orders=orders,
                        first_orders=orders // 4, platform_first_orders=orders // 5, gmv=gmv,
                        refunds=gmv / 50, quantity=orders * 2, gross=gmv, store_discounts=gmv / 40,
                        platform_discounts=gmv / 60, costed_sales=gmv, cost=gmv * Decimal("0.7"),
                    )
                )  # fmt: skip
    SalesHour.objects.bulk_create(rows, batch_size=5000)
    days: dict = {}
    for row in rows:  # each day the sum of its hours, as the job keeps them
        day = days.setdefault((row.store_id, row.day), SalesDay(store_id=row.store_id, day=row.day))
        for name in ("orders", "first_orders", "platform_first_orders", "gmv", "refunds", "quantity", "gross"):
            setattr(day, name, getattr(day, name) + getattr(row, name))
        for name in ("store_discounts", "platform_discounts", "costed_sales", "cost"):
            setattr(day, name, getattr(day, name) + getattr(row, name))
    SalesDay.objects.bulk_create(days.values(), batch_size=5000)


def _products(stores) -> None:
    from django.utils import timezone

    from catalog.models import BackendCategory
    from settlement.models import SalesProductMonth

    month, generator = timezone.localdate().replace(day=1), random.Random(8)
    categories = list(BackendCategory.objects.filter(children__isnull=True).values_list("pk", flat=True)[:20])
    months = []
    for _ in range(12):
        months.append(month)
        month = (month - timedelta(days=1)).replace(day=1)
    rows = [
        SalesProductMonth(
            store=store, month=month, spu_id=900_000 + product, category_id=categories[product % len(categories)],
            orders=generator.randint(5, 40), quantity=generator.randint(5, 60),
            gross=Decimal(generator.randint(500, 9000)),
            costed_sales=Decimal(4000), cost=Decimal(2800),
        )
        for store in stores for month in months for product in range(PRODUCTS)
    ]  # fmt: skip
    SalesProductMonth.objects.bulk_create(rows, batch_size=5000)


def _staff(stores) -> None:
    from django.utils import timezone

    from members.models import User
    from settlement.models import StaffDay

    today = timezone.localdate()
    rows = []
    for store in stores:
        users = [User.objects.get_or_create(username=f"{PREFIX.lower()}_{store.pk}_{n}")[0] for n in range(STAFF)]
        for back in range(365):
            for user in users:
                day = today - timedelta(days=back)
                rows.append(StaffDay(store=store, day=day, user=user, orders_shipped=8, amount_shipped=Decimal(1600)))
    StaffDay.objects.bulk_create(rows, batch_size=5000)


def _bills(stores) -> None:
    from django.utils import timezone

    from settlement.models import Bill, BillRun, BillRunStatus, BillStatus

    month = timezone.localdate().replace(day=1)
    run = BillRun.objects.create(until=month, status=BillRunStatus.DONE)
    bills = []
    for number in range(12):
        end = month - timedelta(days=1)
        month = end.replace(day=1)
        for store in stores:
            bills.append(
                Bill(
                    bill_no=f"{PREFIX}{number:02d}{store.pk:07d}", store=store, run=run, period_start=month,
                    period_end=end,
                    status=BillStatus.PAID, gross=Decimal(100000), hq_take=Decimal(5000),
                )
            )  # fmt: skip
    Bill.objects.bulk_create(bills)


def _stores():
    from members.models import User
    from stores.models import StaffRole, Store, StoreMembership, StoreStatus, StoreType

    stores = []
    for number in range(STORES):
        owner, _ = User.objects.get_or_create(username=f"{PREFIX.lower()}_owner_{number}")
        store, created = Store.objects.get_or_create(
            name=f"{PREFIX} {number}",
            defaults={
                "type": StoreType.THIRD_PARTY,
                "status": StoreStatus.ACTIVE,
                "phone": "13800000000",
                "region_id": ["310101", "110101", "440305", "330106"][number % 4],
                "address": "上海市黄浦区南京东路 1 号",
                "latitude": Decimal("31.23"),
                "longitude": Decimal("121.47"),
                "applicant": owner,
            },
        )
        if created:
            StoreMembership.objects.create(store=store, user=owner, role=StaffRole.OWNER)
        stores.append(store)
    return stores
