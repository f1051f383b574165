"""The rollups the reports read (docs/REPORTS.md), kept by `rollup_refresh` (a Celery job every five minutes).

Each rollup row is a sum, and the job only adds to it what came since its watermark, in one INSERT ... SELECT ...
GROUP BY ... ON CONFLICT DO UPDATE per rollup:
- sales by day, by hour and by product and month, from the ledger entries above the last one counted. The ledger is
  locked in SHARE mode while its watermark moves, so every entry below it was committed: none is skipped, none is
  counted twice (the mark's row lock keeps two jobs apart);
- staff work by day, from the order events above the last one counted, up to the newest that is two minutes old
  (an order's transaction is long over by then; the orders center is never locked for a report)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from orders.models import OrderEvent, OrderEventType, OrderLine, RefundEventType, StoreOrder
from settlement.models import FirstOrder, LedgerEntry, SalesDay, SalesHour, SalesProductMonth, StaffDay, Watermark
from stores.models import StoreMembership

EVENT_LAG = timedelta(minutes=2)  # events younger than this wait for the next run
SALES_MARK, STAFF_MARK = "ledger", "order_events"

# Each shopper's first paid order at each store and on the platform, among the orders whose sales lie beyond the
# mark: kept once (the first one met wins), so an order's "new shopper" flag never reads the shopper's history.
FIRST_ORDERS_SQL = """
INSERT INTO {first} (user_id, store_id, order_id)
SELECT DISTINCT ON (o.user_id, {store}) o.user_id, {store}, o.id
FROM {order} o
WHERE o.id IN (SELECT le.order_id FROM {entry} le
               WHERE le.id > %(after)s AND le.id <= %(upto)s AND le.kind <> 'refund')
ORDER BY o.user_id, {store}, o.paid_at, o.id
ON CONFLICT DO NOTHING
"""

# The entries since the mark, each with its local time and, for a sale, whether its order was its shopper's first
# paid order at the store and on the platform.
ENTRIES_SQL = """
WITH entries AS (
  SELECT le.*, ev.at AT TIME ZONE %(tz)s AS local_at
  FROM {entry} le JOIN {event} ev ON ev.id = le.event_id
  WHERE le.id > %(after)s AND le.id <= %(upto)s
), firsts AS (
  SELECT f.order_id, bool_or(f.store_id IS NOT NULL) AS here, bool_or(f.store_id IS NULL) AS anywhere
  FROM {first} f WHERE f.order_id IN (SELECT order_id FROM entries WHERE kind <> 'refund')
  GROUP BY f.order_id
)
"""

SUMS = (
    "orders", "first_orders", "platform_first_orders", "gmv", "refunds", "quantity", "gross", "store_discounts",
    "platform_discounts", "freight", "costed_sales", "cost",
)  # fmt: skip

# The entries' sums per store and day (and hour, for the hourly rollup), added to what the rollup holds. An order
# counts where and when its lines were sold: a deposit order completed later, or an e-voucher's value moved to the
# store that redeemed it, moves money (net zero and store to store) but is no order of that day or store.
SALES_SQL = (
    ENTRIES_SQL
    + """
INSERT INTO {table} AS t (store_id, day, {hour_column} {sums})
SELECT e.store_id, e.local_at::date, {hour_value}
       COUNT(DISTINCT e.order_id) FILTER (WHERE e.kind = 'sale'),
       COUNT(DISTINCT e.order_id) FILTER (WHERE e.kind = 'sale' AND f.here),
       COUNT(DISTINCT e.order_id) FILTER (WHERE e.kind = 'sale' AND f.anywhere),
       COALESCE(SUM(e.gross - e.store_discounts - e.platform_discounts + e.freight)
                FILTER (WHERE e.kind <> 'refund'), 0),
       COALESCE(-SUM(e.gross - e.store_discounts - e.platform_discounts + e.freight)
                FILTER (WHERE e.kind = 'refund'), 0),
       SUM(e.quantity), SUM(e.gross), SUM(e.store_discounts), SUM(e.platform_discounts), SUM(e.freight),
       COALESCE(SUM(e.gross - e.store_discounts) FILTER (WHERE e.unit_cost IS NOT NULL), 0),
       COALESCE(SUM(e.unit_cost * e.quantity), 0)
FROM entries e LEFT JOIN firsts f ON f.order_id = e.order_id
GROUP BY e.store_id, e.local_at::date {hour_group}
ON CONFLICT (store_id, day {hour_key}) DO UPDATE SET {added}
"""
)


def _sales_sql(table: str, *, hourly: bool) -> str:
    """SALES_SQL for the daily rollup, or with the hour for the hourly one."""
    hour = "EXTRACT(HOUR FROM e.local_at)::int"
    return _sql(
        SALES_SQL,
        table=table,
        hour_column="hour," if hourly else "",
        hour_value=f"{hour}," if hourly else "",
        hour_group=f", {hour}" if hourly else "",
        hour_key=", hour" if hourly else "",
        sums=", ".join(SUMS),
        added=", ".join(f"{name} = t.{name} + EXCLUDED.{name}" for name in SUMS),
    )


# The same entries' goods (not the freight) per product and month.
SALES_PRODUCT_SQL = """
INSERT INTO {product} AS t (store_id, month, spu_id, category_id, orders, quantity, gross, store_discounts,
                            platform_discounts, costed_sales, cost)
SELECT le.store_id, date_trunc('month', ev.at AT TIME ZONE %(tz)s)::date, ol.spu_id, le.category_id,
       COUNT(DISTINCT le.order_id) FILTER (WHERE le.kind = 'sale'), SUM(le.quantity), SUM(le.gross),
       SUM(le.store_discounts), SUM(le.platform_discounts),
       COALESCE(SUM(le.gross - le.store_discounts) FILTER (WHERE le.unit_cost IS NOT NULL), 0),
       COALESCE(SUM(le.unit_cost * le.quantity), 0)
FROM {entry} le JOIN {event} ev ON ev.id = le.event_id JOIN {line} ol ON ol.id = le.line_id
WHERE le.id > %(after)s AND le.id <= %(upto)s
GROUP BY 1, 2, 3, 4
ON CONFLICT (store_id, month, spu_id, category_id) DO UPDATE SET
  orders = t.orders + EXCLUDED.orders, quantity = t.quantity + EXCLUDED.quantity, gross = t.gross + EXCLUDED.gross,
  store_discounts = t.store_discounts + EXCLUDED.store_discounts,
  platform_discounts = t.platform_discounts + EXCLUDED.platform_discounts,
  costed_sales = t.costed_sales + EXCLUDED.costed_sales, cost = t.cost + EXCLUDED.cost
"""

# What each staff member did for their own store: orders whose last parcel they shipped, after-sales answered.
STAFF_SQL = """
INSERT INTO {staff} AS t (store_id, day, user_id, orders_shipped, amount_shipped, after_sales)
SELECT o.store_id, (ev.at AT TIME ZONE %(tz)s)::date, ev.by_id,
       COUNT(*) FILTER (WHERE ev.type = %(shipped)s),
       COALESCE(SUM(o.payable) FILTER (WHERE ev.type = %(shipped)s), 0),
       COUNT(*) FILTER (WHERE ev.type = ANY(%(answers)s))
FROM {event} ev JOIN {order} o ON o.id = ev.order_id
JOIN {membership} m ON m.user_id = ev.by_id AND m.store_id = o.store_id
WHERE ev.id > %(after)s AND ev.id <= %(upto)s AND (ev.type = %(shipped)s OR ev.type = ANY(%(answers)s))
GROUP BY 1, 2, 3
ON CONFLICT (store_id, day, user_id) DO UPDATE SET
  orders_shipped = t.orders_shipped + EXCLUDED.orders_shipped,
  amount_shipped = t.amount_shipped + EXCLUDED.amount_shipped, after_sales = t.after_sales + EXCLUDED.after_sales
"""
STAFF_ANSWERS = [RefundEventType.RETURN_ACCEPTED, RefundEventType.REJECTED, RefundEventType.REFUNDED]


def rollup_refresh() -> dict[str, int]:
    """Add to the rollups what the ledger and the orders' events hold beyond their marks. Returns the marks
    reached: the last ledger entry and the last order event counted."""
    return {"ledger": _roll_sales(), "events": _roll_staff()}


@transaction.atomic
def _roll_sales() -> int:
    mark = _mark(SALES_MARK)
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {LedgerEntry._meta.db_table} IN SHARE MODE")  # in-flight postings commit first
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {LedgerEntry._meta.db_table}")
        upto = cursor.fetchone()[0]
        if upto <= mark.last_id:
            return mark.last_id
        params = {"after": mark.last_id, "upto": upto, "tz": settings.TIME_ZONE}
        cursor.execute(_sql(FIRST_ORDERS_SQL, store="o.store_id"), params)
        cursor.execute(_sql(FIRST_ORDERS_SQL, store="NULL::bigint"), params)
        cursor.execute(_sales_sql(SalesDay._meta.db_table, hourly=False), params)
        cursor.execute(_sales_sql(SalesHour._meta.db_table, hourly=True), params)
        cursor.execute(_sql(SALES_PRODUCT_SQL), params)
    return _advance(mark, upto)


@transaction.atomic
def _roll_staff() -> int:
    mark = _mark(STAFF_MARK)
    settled = OrderEvent.objects.filter(pk__gt=mark.last_id, at__lt=timezone.now() - EVENT_LAG).order_by("-pk")
    upto = settled.values_list("pk", flat=True).first()
    if upto is None:
        return mark.last_id
    params = {
        "after": mark.last_id,
        "upto": upto,
        "tz": settings.TIME_ZONE,
        "shipped": OrderEventType.SHIPPED,
        "answers": [str(answer) for answer in STAFF_ANSWERS],
    }
    with connection.cursor() as cursor:
        cursor.execute(_sql(STAFF_SQL), params)
    return _advance(mark, upto)


def _mark(name: str) -> Watermark:
    """The rollup's watermark, locked until the transaction ends: one job moves it at a time."""
    Watermark.objects.bulk_create([Watermark(name=name)], ignore_conflicts=True)
    return Watermark.objects.select_for_update().get(name=name)


def _advance(mark: Watermark, upto: int) -> int:
    mark.last_id = upto
    mark.save(update_fields=["last_id", "updated_at"])
    return upto


def _sql(sql: str, **more: str) -> str:
    return sql.format(
        **more,
        entry=LedgerEntry._meta.db_table,
        event=OrderEvent._meta.db_table,
        order=StoreOrder._meta.db_table,
        line=OrderLine._meta.db_table,
        membership=StoreMembership._meta.db_table,
        first=FirstOrder._meta.db_table,
        product=SalesProductMonth._meta.db_table,
        staff=StaffDay._meta.db_table,
    )
