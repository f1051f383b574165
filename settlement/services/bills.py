"""Bills (结算单): one per store and period, made by a bill run (docs/SETTLEMENT.md).

A run posts the ledger, then bills each store in its own transaction, under the store's row lock: it closes the
store's open period at the run's date (the next starts the day after), claims every ledger entry billable by then
(one INSERT ... SELECT: each entry's primary key in BilledEntry, so no entry is billed twice, whatever the runs),
and sums the claimed entries into bill lines per order line with HQ's take (one INSERT ... SELECT ... GROUP BY).
Python decides only what is per store and period (the rate of each terms version and category, the tier the
period's net sales reached, the band its margin reached); the lines are never loaded."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import F, Sum
from django.utils import timezone

from catalog.models import BackendCategory
from marketplace.tasks import enqueue
from members.models import User
from orders.models import OPEN_REFUND_STATUSES, OrderEvent, OrderEventType, Refund, RefundLine
from settlement import rules
from settlement.days import day_start
from settlement.models import (
    Bill,
    BilledEntry,
    BillEvent,
    BillEventType,
    BillLine,
    BillRun,
    BillRunStatus,
    BillStatus,
    LedgerEntry,
    Mode,
    SettlementTerms,
)
from settlement.selectors import terms_in_force
from settlement.services.ledger import ledger_post
from stores.models import Store, StoreStatus, StoreType

logger = logging.getLogger(__name__)

ANALYZE_AFTER = 100_000  # ledger entries posted by a run before it refreshes the table's statistics
RECEIPT_EVENTS = (OrderEventType.RECEIPT_CONFIRMED, OrderEventType.RECEIPT_AUTO_CONFIRMED, OrderEventType.COMPLETED)

# Every ledger entry of the store not billed yet whose event happened by the end of the bill's date, in two
# statements of plain joins (an OR of subqueries would make PostgreSQL test each entry one by one):
# 1. what came after its line was billed (a refund) goes on the next bill at once;
CLAIM_AFTER_BILLING_SQL = """
INSERT INTO {billed} (entry_id, bill_id)
SELECT le.id, %(bill)s
FROM {entry} le JOIN {event} source ON source.id = le.event_id
WHERE le.store_id = %(store)s AND le.kind = 'refund' AND source.at < %(day_after)s
  AND NOT EXISTS (SELECT 1 FROM {billed} b WHERE b.entry_id = le.id)
  AND EXISTS (SELECT 1 FROM {line} bl
              WHERE bl.order_id = le.order_id AND COALESCE(bl.line_id, 0) = COALESCE(le.line_id, 0))
ON CONFLICT DO NOTHING
"""
# 2. the rest once its order was received by the end of the day `hold_days` before the date (or closed: refunded
#    in full), with no after-sales request open on its line (on the order, for its freight).
CLAIM_RECEIVED_SQL = """
INSERT INTO {billed} (entry_id, bill_id)
SELECT le.id, %(bill)s
FROM {entry} le JOIN {event} source ON source.id = le.event_id
WHERE le.store_id = %(store)s AND source.at < %(day_after)s
  AND NOT EXISTS (SELECT 1 FROM {billed} b WHERE b.entry_id = le.id)
  AND le.order_id IN (SELECT r.order_id FROM {event} r
                      WHERE (r.type = ANY(%(receipts)s) AND r.at < %(received_before)s)
                         OR (r.type = %(closed)s AND r.at < %(day_after)s))
  AND NOT EXISTS (SELECT 1 FROM {refund_line} rl JOIN {refund} r ON r.id = rl.refund_id
                  WHERE rl.line_id = le.line_id AND r.status = ANY(%(open)s))
  AND NOT EXISTS (SELECT 1 FROM {refund} r
                  WHERE r.order_id = le.order_id AND r.status = ANY(%(open)s) AND le.line_id IS NULL)
ON CONFLICT DO NOTHING
"""

# What the modes need, per (terms version, category, commission) among the claimed entries.
KEYS_SQL = """
SELECT DISTINCT le.terms_id, le.category_id, le.commission_percent
FROM {billed} b JOIN {entry} le ON le.id = b.entry_id WHERE b.bill_id = %(bill)s AND le.line_id IS NOT NULL
"""

# The period's figures that choose tiers and bands: its net sales and its profit (cost unknown: all profit).
PERIOD_SQL = """
SELECT COALESCE(SUM(le.gross - le.store_discounts), 0),
       COALESCE(SUM(le.gross - le.store_discounts - COALESCE(le.unit_cost, 0) * le.quantity), 0)
FROM {billed} b JOIN {entry} le ON le.id = b.entry_id WHERE b.bill_id = %(bill)s AND le.line_id IS NOT NULL
"""

# One bill line per order line (and per order's freight), its entries summed, HQ's take rounded half up per line.
# A line billed before (a refund after billing) gives back the take in proportion of its payable to what the
# earlier bills left, exactly all of it when nothing is left; otherwise the take is its mode's.
LINES_SQL = """
INSERT INTO {line} (bill_id, order_id, line_id, quantity, gross, store_discounts, platform_discounts, freight,
                    hq_take)
SELECT %(bill)s, g.order_id, g.line_id, g.quantity, g.gross, g.store_discounts, g.platform_discounts, g.freight,
  CASE
    WHEN g.line_id IS NULL THEN 0
    WHEN prior.take IS NOT NULL THEN
      CASE WHEN prior.payable + g.payable = 0 OR prior.payable = 0 THEN -prior.take
           ELSE ROUND(prior.take * g.payable / prior.payable, 2) END
    WHEN m.mode = 'sales_share' THEN ROUND(g.net_sales * m.rate / 100, 2)
    WHEN m.mode = 'price_difference' THEN ROUND(COALESCE(g.supply_price, 0) * g.quantity, 2)
    WHEN m.mode = 'profit_share'
      THEN g.net_sales - ROUND((g.net_sales - COALESCE(g.unit_cost, 0) * g.quantity) * m.share / 100, 2)
    ELSE 0
  END
FROM (
  SELECT le.order_id, le.line_id, SUM(le.quantity) AS quantity, SUM(le.gross) AS gross,
         SUM(le.store_discounts) AS store_discounts, SUM(le.platform_discounts) AS platform_discounts,
         SUM(le.freight) AS freight, SUM(le.gross - le.store_discounts) AS net_sales,
         SUM(le.gross - le.store_discounts - le.platform_discounts) AS payable,
         MAX(le.unit_cost) AS unit_cost, MAX(le.supply_price) AS supply_price,
         COALESCE(MAX(le.terms_id), 0) || ':' || COALESCE(MAX(le.category_id), 0) || ':'
           || MAX(le.commission_percent) AS key
  FROM {billed} b JOIN {entry} le ON le.id = b.entry_id
  WHERE b.bill_id = %(bill)s
  GROUP BY le.order_id, le.line_id
) g
LEFT JOIN unnest(%(keys)s::text[], %(modes)s::text[], %(rates)s::numeric[], %(shares)s::numeric[])
  AS m(key, mode, rate, share) ON m.key = g.key
LEFT JOIN (
  SELECT bl.order_id, bl.line_id, SUM(bl.hq_take) AS take,
         SUM(bl.gross - bl.store_discounts - bl.platform_discounts) AS payable
  FROM {line} bl
  WHERE bl.line_id IN (SELECT le.line_id FROM {billed} b JOIN {entry} le ON le.id = b.entry_id
                       WHERE b.bill_id = %(bill)s AND le.kind = 'refund')
  GROUP BY bl.order_id, bl.line_id
) prior ON prior.order_id = g.order_id AND prior.line_id = g.line_id
"""


@dataclass(frozen=True)
class Rate:
    """How one (terms version, category, commission) group of lines is settled this period."""

    key: str
    mode: str
    rate: Decimal = Decimal(0)
    share: Decimal = Decimal(0)


def bill_run_start(*, until: date, store_ids: list[int] | None = None, by: User | None, cycle: str = "") -> BillRun:
    """Start a bill run as of `until` for the stores given (all, by default; with `cycle`, those settled by it).
    It runs in a worker once this transaction commits; its row shows its progress."""
    run = BillRun.objects.create(until=until, cycle=cycle, store_ids=sorted(store_ids or []), started_by=by)
    from settlement.tasks import run_bills

    enqueue(run_bills, run.pk)
    return run


def bill_run_execute(*, run_id: int) -> BillRun:
    """Run a bill run to its end: post the ledger, then bill each store in scope in its own transaction, counting
    as it goes. A store that fails is recorded and the run goes on; running it again bills nothing twice."""
    with _run_lock(run_id) as locked:
        run = BillRun.objects.get(pk=run_id)
        if not locked or run.status == BillRunStatus.DONE:
            return run  # another worker has it, or it is over
        if ledger_post()["paid"] >= ANALYZE_AFTER:  # fresh statistics for the claims (autovacuum's come later)
            _execute(f"ANALYZE {LedgerEntry._meta.db_table}", {})
        stores = _stores_of(run)
        BillRun.objects.filter(pk=run.pk).update(stores_total=len(stores))
        for store in stores:
            _bill_one(run, store)
        BillRun.objects.filter(pk=run.pk).update(status=BillRunStatus.DONE, finished_at=timezone.now())
        run.refresh_from_db()
        return run


def _bill_one(run: BillRun, store: Store) -> None:
    try:
        bill = store_bill(store=store, until=run.until, run=run)
    except Exception as error:  # one store's failure is recorded, the others are billed
        logger.exception("bill run %s: store %s failed", run.pk, store.pk)
        failure = {"store": store.pk, "error": f"{type(error).__name__}: {error}"[:300]}
        BillRun.objects.filter(pk=run.pk).update(stores_done=F("stores_done") + 1)
        run.failures.append(failure)
        BillRun.objects.filter(pk=run.pk).update(failures=run.failures)
        return
    lines = BillLine.objects.filter(bill=bill).count() if bill else 0
    BillRun.objects.filter(pk=run.pk).update(
        stores_done=F("stores_done") + 1,
        bills_made=F("bills_made") + (1 if bill else 0),
        lines_billed=F("lines_billed") + lines,
    )


def _stores_of(run: BillRun) -> list[Store]:
    """The stores the run bills: those named, else every store that has sold; with a cycle, those whose terms in
    force on the run's date have it."""
    stores = Store.objects.exclude(status=StoreStatus.APPLYING).order_by("pk")
    if run.store_ids:
        stores = stores.filter(pk__in=run.store_ids)
    stores = list(stores)
    if run.cycle:
        stores = [store for store in stores if terms_in_force(store=store, on=run.until).cycle == run.cycle]
    return stores


@transaction.atomic
def store_bill(*, store: Store, until: date, run: BillRun) -> Bill | None:
    """Close the store's open period at `until` with a bill of everything billable by then (None when the period
    has nothing: it stays open). A period already closed at `until` or later is left as it is."""
    Store.objects.select_for_update().filter(pk=store.pk).first()  # one biller of a store at a time
    last = Bill.objects.filter(store=store).order_by("-period_end").first()
    if last is not None and last.period_end >= until:
        return None
    terms = terms_in_force(store=store, on=until)
    carried = list(
        Bill.objects.select_for_update().filter(
            store=store, status=BillStatus.CARRIED_FORWARD, carried_into__isnull=True
        )
    )
    bill = Bill.objects.create(
        bill_no=f"B{until:%Y%m%d}{store.pk:07d}",
        store=store,
        run=run,
        period_start=last.period_end + timedelta(days=1) if last else _first_day(store, until),
        period_end=until,
        brought_forward=sum((earlier.store_due for earlier in carried), Decimal(0)),
    )
    params = _claim_params(bill, store, until, terms.hold_days)
    claimed = _execute(CLAIM_AFTER_BILLING_SQL, params) + _execute(CLAIM_RECEIVED_SQL, params)
    if not claimed and not carried:
        bill.delete()
        return None
    Bill.objects.filter(pk__in=[earlier.pk for earlier in carried]).update(carried_into=bill)
    _execute(LINES_SQL, {"bill": bill.pk, **_rate_arrays(_rates(bill, store))})
    return _issue(bill)


def _first_day(store: Store, until: date) -> date:
    first = LedgerEntry.objects.filter(store=store).order_by("paid_on").values_list("paid_on", flat=True).first()
    return min(first or until, until)


def _claim_params(bill: Bill, store: Store, until: date, hold_days: int) -> dict:
    """The bill's date is a Beijing day: what happened by its end, and orders received by the end of the day
    `hold_days` before it."""
    return {
        "bill": bill.pk,
        "day_after": day_start(until + timedelta(days=1)),
        "received_before": day_start(until - timedelta(days=hold_days) + timedelta(days=1)),
        "store": store.pk,
        "closed": OrderEventType.CLOSED,
        "receipts": list(RECEIPT_EVENTS),
        "open": list(OPEN_REFUND_STATUSES),
    }


def _rates(bill: Bill, store: Store) -> list[Rate]:
    """Each group's mode and rate or share: a sales share's rate by the line's category (nearest rated ancestor),
    else the tier the period's net sales reached, else the flat rate; a profit share's band by the period's
    margin; a store without terms, the commission its orders recorded (nothing for HQ's own store)."""
    keys = _query(KEYS_SQL, {"bill": bill.pk})
    net_sales, profit = _query(PERIOD_SQL, {"bill": bill.pk})[0]
    versions = SettlementTerms.objects.in_bulk({terms for terms, _category, _commission in keys if terms})
    ancestors = _ancestors({category for _terms, category, _commission in keys if category})
    own = store.type == StoreType.SELF_OPERATED
    rates = []
    for terms_id, category_id, commission in keys:
        key = f"{terms_id or 0}:{category_id or 0}:{commission}"
        version = versions.get(terms_id)
        if version is None:  # no terms yet: the commission the order recorded
            rates.append(Rate(key, Mode.NONE) if own else Rate(key, Mode.SALES_SHARE, rate=Decimal(commission)))
            continue
        terms = version.as_rules()
        line = rules.Line(rules.Parts(net_sales, Decimal(0), Decimal(0)), 0, ancestors.get(category_id, ()))
        rate = rules.line_rate(line, terms, net_sales)
        rates.append(
            Rate(key, version.mode, rate=rate, share=rules.band_share(terms, net_sales=net_sales, profit=profit))
        )
    return rates


def _ancestors(category_ids: set[int]) -> dict[int, tuple[int, ...]]:
    """Each category and its ancestors, nearest first (an mptt range test per category's tree)."""
    categories = list(BackendCategory.objects.filter(pk__in=category_ids))
    trees = BackendCategory.objects.filter(tree_id__in={category.tree_id for category in categories})
    nodes = list(trees.only("pk", "tree_id", "lft", "rght", "level"))
    return {
        category.pk: tuple(
            node.pk
            for node in sorted(nodes, key=lambda node: -node.level)
            if node.tree_id == category.tree_id and node.lft <= category.lft and node.rght >= category.rght
        )
        for category in categories
    }


def _rate_arrays(rates: list[Rate]) -> dict:
    return {
        "keys": [rate.key for rate in rates],
        "modes": [str(rate.mode) for rate in rates],
        "rates": [rate.rate for rate in rates],
        "shares": [rate.share for rate in rates],
    }


def _issue(bill: Bill) -> Bill:
    """Sum the lines onto the bill: a bill is the exact sum of its lines. Nothing to pay (refunds beyond sales)
    carries its balance forward to the next bill."""
    totals = BillLine.objects.filter(bill=bill).aggregate(
        gross=Sum("gross"),
        store_discounts=Sum("store_discounts"),
        platform_discounts=Sum("platform_discounts"),
        hq_take=Sum("hq_take"),
        freight=Sum("freight"),
    )
    for name, value in totals.items():
        setattr(bill, name, value or Decimal(0))
    bill.status = BillStatus.ISSUED if bill.store_due > 0 else BillStatus.CARRIED_FORWARD
    bill.save()
    BillEvent.objects.create(bill=bill, type=BillEventType(bill.status), to_status=bill.status)
    return bill


def _execute(sql: str, params: dict) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql.format(**_tables()), params)
        return cursor.rowcount


def _query(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql.format(**_tables()), params)
        return cursor.fetchall()


def _tables() -> dict[str, str]:
    return {
        "billed": BilledEntry._meta.db_table,
        "entry": LedgerEntry._meta.db_table,
        "line": BillLine._meta.db_table,
        "event": OrderEvent._meta.db_table,
        "refund": Refund._meta.db_table,
        "refund_line": RefundLine._meta.db_table,
    }


class _run_lock:
    """A session advisory lock on the run: one worker runs it, a second gets False and leaves it."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id

    def __enter__(self) -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [RUN_LOCK_SPACE, self.run_id])
            self.locked = cursor.fetchone()[0]
        return self.locked

    def __exit__(self, *exc) -> None:
        if self.locked:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [RUN_LOCK_SPACE, self.run_id])


RUN_LOCK_SPACE = 4107  # the advisory lock space of bill runs (orders use their own)
