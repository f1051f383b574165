"""The bill run over a million ledger lines: 20 stores, 200,000 received orders of 5 lines (a third discounted,
half of that by the platform), settled by sales share (half the stores with tiers). Prints how long posting the
ledger takes, how long the bill run takes, and beside it three floors, each one bare SQL statement on the same
PostgreSQL (JIT off, as in the run): the sums of every line's parts per order line, for the same stores, into a
temporary table (no WAL, no index) and into a regular table shaped and indexed like the bill lines; and the same
aggregate with what makes an entry billable (the claim's own statement: hold days, after-sales open, billed before)
written as bill lines. The last is what the run does in one statement instead of its forty-odd: the goal is a bill
run within 1.5 times it. The load average is printed beside the figures.

    make bench ARGS=bill_run        (BILL_RUN_LINES=100000 for a quicker look)

The orders are made once (about two minutes) and kept; each run bills them afresh (bills and claims of the bench
stores are removed first)."""

import os
import time
from datetime import timedelta
from decimal import Decimal

from bench.demo_data import seeded, setup_django

LINES = int(os.environ.get("BILL_RUN_LINES", "1000000"))
STORES, LINES_PER_ORDER, BATCH = 20, 5, 20_000
PREFIX = "BENCHBILL"

FLOOR_SQL = """
CREATE TEMP TABLE bench_floor AS
SELECT le.order_id, le.line_id, SUM(le.quantity) AS quantity, SUM(le.gross) AS gross,
       SUM(le.store_discounts) AS store_discounts, SUM(le.platform_discounts) AS platform_discounts,
       SUM(le.freight) AS freight, ROUND(SUM(le.gross - le.store_discounts) * 5 / 100, 2) AS hq_take
FROM settlement_ledgerentry le
WHERE le.store_id = ANY(%s)
GROUP BY le.order_id, le.line_id
"""
# The same sums written as bill lines are: a logged table with the bill lines' columns, keys and indexes, in the
# order of its unique index (a third faster to write than in the aggregate's order).
LINES_FLOOR_TABLE = "CREATE TABLE bench_floor_lines (LIKE settlement_billline INCLUDING ALL)"
LINES_FLOOR_SQL = """
INSERT INTO bench_floor_lines (bill_id, order_id, line_id, through_entry, quantity, gross, store_discounts,
                               platform_discounts, freight, hq_take)
SELECT le.store_id, le.order_id, le.line_id, MAX(le.id), SUM(le.quantity), SUM(le.gross), SUM(le.store_discounts),
       SUM(le.platform_discounts), SUM(le.freight), ROUND(SUM(le.gross - le.store_discounts) * 5 / 100, 2)
FROM settlement_ledgerentry le
WHERE le.store_id = ANY(%s)
GROUP BY le.store_id, le.order_id, le.line_id
ORDER BY le.store_id, le.order_id, le.line_id
"""
# The same aggregate with the claim's conditions (hold days, after-sales open, already billed), in bare SQL: the
# claim's own statement written as bill lines with a flat take, in one statement (what the bill run does in two).
CLAIM_FLOOR_SQL = """
INSERT INTO bench_floor_lines (bill_id, order_id, line_id, through_entry, quantity, gross, store_discounts,
                               platform_discounts, freight, hq_take)
SELECT c.store_id, c.order_id, c.line_id, c.through_entry, c.quantity, c.gross, c.store_discounts,
       c.platform_discounts, c.freight, ROUND((c.gross - c.store_discounts) * 5 / 100, 2)
FROM ({claim}) c
ORDER BY c.store_id, c.order_id, c.line_id
"""


def main() -> None:
    setup_django()
    seeded()
    stores = _stores()
    orders = LINES // LINES_PER_ORDER
    made = _orders(stores, orders)
    from django.db import connection

    from settlement import services
    from settlement.models import LedgerEntry

    with connection.cursor() as cursor:  # the orders just made, as autovacuum would have seen them
        cursor.execute("ANALYZE orders_storeorder, orders_orderline, orders_orderevent, orders_linediscount")
    posting = _timed(services.ledger_post)
    with connection.cursor() as cursor:  # the entries, as autovacuum would have seen them (the server may run none)
        cursor.execute("ANALYZE settlement_ledgerentry")
    lines = LedgerEntry.objects.filter(store__in=stores).count()
    _forget_bills(stores)
    with connection.cursor() as cursor:  # the lines of the last run gone, as autovacuum would have seen them
        cursor.execute("VACUUM ANALYZE settlement_billline")
    with connection.cursor() as cursor:  # the floors without JIT, as the bill run's statements
        cursor.execute("SET jit = off")
    with connection.cursor() as cursor:  # before the run: after it, the claim finds everything billed
        claim_floor = _lines_floor(cursor, _claim_floor(stores))
    started = services.bill_run_start(until=_today(), store_ids=[store.pk for store in stores], by=None)
    load = os.getloadavg()[0]
    billing = _timed(lambda: services.bill_run_execute(run_id=started.pk))
    load = max(load, os.getloadavg()[0])
    with connection.cursor() as cursor:  # autocommit: each statement commits
        cursor.execute("DROP TABLE IF EXISTS bench_floor")
        floor = _timed(lambda: cursor.execute(FLOOR_SQL, [[store.pk for store in stores]]))
        cursor.execute("DROP TABLE bench_floor")
        lines_floor = _lines_floor(cursor, (LINES_FLOOR_SQL, [[store.pk for store in stores]]))
    load = max(load, os.getloadavg()[0])
    started.refresh_from_db()
    print(f"orders made this run    {made:>10,}  ({orders:,} in all, {LINES_PER_ORDER} lines each)")
    print(f"ledger lines            {lines:>10,}")
    print(f"ledger posting          {posting:>10.2f} s  (the entries written this run)")
    print(f"bill run                {billing:>10.2f} s  ({started.bills_made} bills, {started.lines_billed:,} lines)")
    print(f"floor: one bare SQL     {floor:>10.2f} s  (into a temporary table)")
    print(f"floor: as bill lines    {lines_floor:>10.2f} s  (into a table shaped and indexed like the bill lines)")
    print(f"floor: the claim        {claim_floor:>10.2f} s  (the claim's statement written as bill lines)")
    print(f"ratio                   {billing / floor:>10.2f}  (to the first floor)")
    print(f"ratio to bill lines     {billing / lines_floor:>10.2f}  (to the second floor)")
    print(f"ratio to the claim      {billing / claim_floor:>10.2f}  (to the third floor; goal: at most 1.5)")
    print(f"load average            {load:>10.2f}  (the highest of the 1-minute averages read)")
    if started.failures:
        print(f"failures                {started.failures}")


def _lines_floor(cursor, statement: tuple[str, object]) -> float:
    """How long one statement takes to write its rows into a table shaped and indexed like the bill lines."""
    cursor.execute("DROP TABLE IF EXISTS bench_floor_lines")
    cursor.execute(LINES_FLOOR_TABLE)
    seconds = _timed(lambda: cursor.execute(*statement))
    cursor.execute("DROP TABLE bench_floor_lines")
    return seconds


def _claim_floor(stores) -> tuple[str, dict]:
    from settlement.services import bills

    claim = bills.CLAIM_SQL.format(**bills._tables())
    return CLAIM_FLOOR_SQL.format(claim=claim), bills._claim_params(_today(), {store.pk: 7 for store in stores})


def _timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _today():
    from django.utils import timezone

    return timezone.localdate()


def _stores():
    """The bench stores, made once, half with sales tiers."""
    from members.models import User
    from settlement.models import Cycle, Mode, SettlementTerms
    from stores.models import Store, StoreStatus, StoreType

    owner, _ = User.objects.get_or_create(username="bench_bill_owner")
    stores = []
    for number in range(STORES):
        store, created = Store.objects.get_or_create(
            name=f"{PREFIX} {number}",
            defaults={
                "type": StoreType.THIRD_PARTY,
                "status": StoreStatus.ACTIVE,
                "phone": "13800000000",
                "region_id": "310101",
                "address": "上海市黄浦区南京东路 1 号",
                "latitude": Decimal("31.23"),
                "longitude": Decimal("121.47"),
                "applicant": owner,
            },
        )
        if created:
            SettlementTerms.objects.create(
                store=store,
                effective_from=_today() - timedelta(days=60),
                mode=Mode.SALES_SHARE,
                rate=Decimal(5),
                sales_tiers=[{"from": "100000.00", "rate": "4.00"}] if number % 2 else [],
                cycle=Cycle.MONTHLY,
                hold_days=7,
                created_by=owner,
            )
        stores.append(store)
    return stores


def _orders(stores, wanted: int) -> int:
    """Received orders of the bench stores, paid 30 days ago: made in batches until there are `wanted`."""
    from django.db import transaction
    from django.utils import timezone

    from catalog.models import Sku
    from members.models import User
    from orders.models import OrderEvent, OrderLine, StoreOrder, Trade
    from stores.models import Warehouse

    have = StoreOrder.objects.filter(order_no__startswith=PREFIX).count()
    sku = Sku.objects.select_related("spu").order_by("pk").first()
    warehouse = Warehouse.objects.order_by("pk").first()
    shopper, _ = User.objects.get_or_create(username="bench_bill_shopper")
    paid_at = timezone.now() - timedelta(days=30)
    for first in range(have, wanted, BATCH):
        numbers = range(first, min(first + BATCH, wanted))
        with transaction.atomic():
            trades = Trade.objects.bulk_create(
                Trade(trade_no=f"{PREFIX}{n}", user=shopper, payable=0, expires_at=paid_at) for n in numbers
            )
            orders = StoreOrder.objects.bulk_create(
                _order(n, trade, stores[n % STORES], shopper) for n, trade in zip(numbers, trades, strict=True)
            )
            lines = OrderLine.objects.bulk_create(
                _line(order, index, sku, warehouse) for order in orders for index in range(LINES_PER_ORDER)
            )
            OrderLine.discounts.rel.related_model.objects.bulk_create(
                OrderLine.discounts.rel.related_model(
                    line=line, source="coupon", amount=line.coupon_discount, platform_amount=line.coupon_discount / 2
                )
                for line in lines
                if line.coupon_discount
            )
            events = OrderEvent.objects.bulk_create(
                OrderEvent(order=order, type=type) for order in orders for type in ("paid", "receipt_confirmed")
            )
            OrderEvent.objects.filter(pk__in=[event.pk for event in events]).update(at=paid_at)
        print(f"  made orders {numbers.start:,} to {numbers.stop:,}", flush=True)
    return max(0, wanted - have)


PRICES = (Decimal("19.90"), Decimal("99.00"), Decimal("299.00"), Decimal("1299.00"), Decimal("5999.00"))


def _order(number: int, trade, store, shopper):
    from orders.models import OrderStatus, StoreOrder

    subtotal = sum(PRICES)
    discount = sum(Decimal("10.00") for index in range(LINES_PER_ORDER) if (number + index) % 3 == 0)
    return StoreOrder(
        order_no=f"{PREFIX}{number}",
        payment_no=f"{PREFIX}P{number}",
        trade=trade,
        user=shopper,
        store=store,
        status=OrderStatus.COMPLETED,
        subtotal=subtotal,
        discount=discount,
        freight=0,
        payable=subtotal - discount,
        paid_amount=subtotal - discount,
        receiver_name="张三",
        receiver_phone="13900000000",
        receiver_region_id="310104",
        receiver_address="1 号",
    )


def _line(order, index: int, sku, warehouse):
    from orders.models import OrderLine

    price = PRICES[index]
    number = int(order.order_no.removeprefix(PREFIX))
    coupon = Decimal("10.00") if (number + index) % 3 == 0 else Decimal(0)
    return OrderLine(
        order=order,
        sku=sku,
        spu_id=sku.spu_id,
        title="bench",
        unit_price=price,
        quantity=1,
        amount=price,
        coupon_discount=coupon,
        payable=price - coupon,
        commission_percent=Decimal(5),
        warehouse=warehouse,
    )


def _forget_bills(stores) -> None:
    """Each run bills the same lines afresh."""
    from settlement.models import Bill, BillLine

    bills = Bill.objects.filter(store__in=stores)
    BillLine.objects.filter(bill__in=bills).delete()
    bills.model.events.rel.related_model.objects.filter(bill__in=bills).delete()
    bills.delete()


if __name__ == "__main__":
    main()
