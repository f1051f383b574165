"""Bills (结算单): one per store and period, made by a bill run (docs/SETTLEMENT.md).

A run posts the ledger, then decides once, for every store in scope, what is billable by its date: one
CREATE TEMPORARY TABLE ... AS SELECT ... GROUP BY sums each order line's entries not billed yet (the claim).
Then it bills each store in its own transaction, under the store's row lock: it closes the store's open period at
the run's date (the next starts the day after), and writes the store's claimed sums as bill lines with HQ's take
(one INSERT ... SELECT). The bill line is the claim: it records the highest ledger entry of its (order, line) it
summed (`BillLine.through_entry`), and an entry is billed once its id is at or below that watermark, whatever the
runs. If a bill of the store was made after the claim (another run), the store's claim is made again under its
lock. Python decides only what is per store and period (the rate of each terms version and category, the tier the
period's net sales reached, the band its margin reached), from the claim's sums per key; the lines are never
loaded. The payments the platform kept for the store (forfeited auction deposits, orders.KeptPayment) by the bill's
date are credited on it whole, once each (BillCredit)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import DatabaseError, connection, transaction
from django.db.models import Exists, F, Max, OuterRef
from django.utils import timezone

from catalog.models import BackendCategory
from companies.models import CreditOrder
from marketplace.tasks import enqueue
from members.models import User
from orders.models import OPEN_REFUND_STATUSES, KeptPayment, OrderEvent, OrderEventType, Refund, RefundLine
from settlement import rules
from settlement.days import day_start
from settlement.models import (
    Bill,
    BillCredit,
    BillEvent,
    BillEventType,
    BillLine,
    BillRun,
    BillRunStatus,
    BillStatus,
    EntryKind,
    LedgerEntry,
    Mode,
    SettlementTerms,
)
from settlement.selectors import terms_in_force
from settlement.services.ledger import ledger_post
from stores.models import Store, StoreType

logger = logging.getLogger(__name__)

ANALYZE_AFTER = 100_000  # ledger entries posted by a run before it refreshes the table's statistics
# A counter sale (POS) is received when it is handed over at the counter (decision 0040).
RECEIPT_EVENTS = (
    OrderEventType.RECEIPT_CONFIRMED,
    OrderEventType.RECEIPT_AUTO_CONFIRMED,
    OrderEventType.COMPLETED,
    OrderEventType.HANDED_OVER,
)
CLAIM_TABLE = "settlement_bill_claim"  # the run's claim: a temporary table, the session's own

# The claim: per store and order line (and order's freight), the sums of its ledger entries not billed yet (their id
# above the greatest watermark of the store's bill lines of it) whose event happened by the end of the bill's date, and
# - if the line was billed before, or the entry is an e-voucher's redemption in another store than the one that sold
#   it (the service is done, decision 0038): all of them (a refund after billing goes on the next bill at once);
# - else: once its order was received by the end of the day `hold_days` before the date (the store's terms), or
#   closed (refunded in full), with no after-sales request open on its line (on the order, for its freight); and,
#   for an order a company bought on credit, once the company owes nothing on it by the end of the date (repaid or
#   refunded: the money reached the platform, decision 0043).
# Plain joins (an OR of subqueries would make PostgreSQL test each entry one by one). An (order, line)'s entries
# are written and become billable in the order of their ids (BillLine), so "above the watermark" is exact.
CLAIM_SQL = """
SELECT le.store_id, le.order_id, le.line_id, MAX(le.id) AS through_entry, w.through IS NOT NULL AS billed_before,
       SUM(le.quantity) AS quantity, SUM(le.gross) AS gross, SUM(le.store_discounts) AS store_discounts,
       SUM(le.platform_discounts) AS platform_discounts, SUM(le.freight) AS freight, MAX(le.unit_cost) AS unit_cost,
       MAX(le.supply_price) AS supply_price, MAX(le.terms_id) AS terms_id, MAX(le.category_id) AS category_id,
       MAX(le.commission_percent) AS commission_percent
FROM {entry} le
LEFT JOIN (SELECT b.store_id, bl.order_id, COALESCE(bl.line_id, 0) AS line_id, MAX(bl.through_entry) AS through
           FROM {line} bl JOIN {bill} b ON b.id = bl.bill_id
           WHERE b.store_id = ANY(%(stores)s)
           GROUP BY b.store_id, bl.order_id, COALESCE(bl.line_id, 0)) w
  ON w.store_id = le.store_id AND w.order_id = le.order_id AND w.line_id = COALESCE(le.line_id, 0)
LEFT JOIN (SELECT r.order_id, MIN(r.at) FILTER (WHERE r.type = ANY(%(receipts)s)) AS received_at,
                  MIN(r.at) FILTER (WHERE r.type = %(closed)s) AS closed_at
           FROM {event} r WHERE r.type = ANY(%(ends)s)
           GROUP BY r.order_id) ended ON ended.order_id = le.order_id
LEFT JOIN (SELECT DISTINCT rl.line_id FROM {refund_line} rl JOIN {refund} r ON r.id = rl.refund_id
           WHERE r.status = ANY(%(open)s)) open_line ON open_line.line_id = le.line_id
LEFT JOIN (SELECT DISTINCT r.order_id FROM {refund} r WHERE r.status = ANY(%(open)s)) open_order
  ON open_order.order_id = le.order_id AND le.line_id IS NULL
LEFT JOIN {credit_order} credit ON credit.order_id = le.order_id
WHERE le.store_id = ANY(%(stores)s) AND le.at < %(day_after)s AND le.id > COALESCE(w.through, 0)
  AND (w.through IS NOT NULL OR le.kind = %(redeemed)s
       OR ((ended.received_at
              < (%(received_before)s::timestamptz[])[array_position(%(stores)s::int[], le.store_id::int)]
            OR ended.closed_at < %(day_after)s)
           AND open_line.line_id IS NULL AND open_order.order_id IS NULL
           AND (credit.id IS NULL OR credit.settled_at < %(day_after)s)))
GROUP BY le.store_id, le.order_id, le.line_id, w.through
"""

# What the modes need from a store's claim, per (terms version, category, commission): its lines' net sales and
# profit (cost unknown: all profit), summed in Python into the period's figures. The freight's lines count apart.
# (An order line's entries share what the modes read, its cost among them: the refunds copy the sale's.)
FIGURES_SQL = """
SELECT c.store_id, c.line_id IS NULL, c.terms_id, c.category_id, c.commission_percent, COUNT(*),
       SUM(c.gross - c.store_discounts), SUM(c.gross - c.store_discounts - COALESCE(c.unit_cost, 0) * c.quantity),
       bool_or(c.billed_before)
FROM {claim} c WHERE c.store_id = ANY(%(stores)s)
GROUP BY c.store_id, c.line_id IS NULL, c.terms_id, c.category_id, c.commission_percent
"""

# The day each store's first period begins: the day its first ledger entry was paid.
FIRST_DAYS_SQL = """
SELECT le.store_id, MIN(le.paid_on) FROM {entry} le WHERE le.store_id = ANY(%(stores)s) GROUP BY le.store_id
"""

# One bill line per claimed order line (and per order's freight), HQ's take rounded half up per line. A line billed
# before (a refund after billing) gives back the take in proportion of its payable to what the earlier bills left,
# exactly all of it when nothing is left; otherwise the take is its mode's. Returns the bill's sums.
LINES_SQL = """
WITH made AS (
INSERT INTO {line} (bill_id, order_id, line_id, through_entry, quantity, gross, store_discounts, platform_discounts,
                    freight, hq_take)
SELECT %(bill)s, c.order_id, c.line_id, c.through_entry, c.quantity, c.gross, c.store_discounts,
  c.platform_discounts, c.freight,
  CASE
    WHEN c.line_id IS NULL THEN 0
    WHEN prior.take IS NOT NULL THEN
      CASE WHEN prior.payable + c.payable = 0 OR prior.payable = 0 THEN -prior.take
           ELSE ROUND(prior.take * c.payable / prior.payable, 2) END
    WHEN m.mode = 'sales_share' THEN ROUND(c.net_sales * m.rate / 100, 2)
    WHEN m.mode = 'price_difference' THEN ROUND(COALESCE(c.supply_price, 0) * c.quantity, 2)
    WHEN m.mode = 'profit_share'
      THEN c.net_sales - ROUND((c.net_sales - COALESCE(c.unit_cost, 0) * c.quantity) * m.share / 100, 2)
    ELSE 0
  END
FROM (SELECT c.*, c.gross - c.store_discounts AS net_sales,
             c.gross - c.store_discounts - c.platform_discounts AS payable
      FROM {claim} c WHERE c.store_id = %(store)s) c
LEFT JOIN unnest(%(terms)s::bigint[], %(categories)s::bigint[], %(commissions)s::numeric[], %(modes)s::text[],
                 %(rates)s::numeric[], %(shares)s::numeric[]) AS m(terms, category, commission, mode, rate, share)
  ON m.terms = COALESCE(c.terms_id, 0) AND m.category = COALESCE(c.category_id, 0)
 AND m.commission = c.commission_percent
LEFT JOIN (
  SELECT bl.order_id, bl.line_id, SUM(bl.hq_take) AS take,
         SUM(bl.gross - bl.store_discounts - bl.platform_discounts) AS payable
  FROM {line} bl JOIN {bill} b ON b.id = bl.bill_id
  WHERE %(billed_before)s AND b.store_id = %(store)s
    AND bl.line_id IN (SELECT c.line_id FROM {claim} c WHERE c.store_id = %(store)s AND c.billed_before)
  GROUP BY bl.order_id, bl.line_id
) prior ON prior.order_id = c.order_id AND prior.line_id = c.line_id
RETURNING gross, store_discounts, platform_discounts, hq_take, freight
)
SELECT COUNT(*), COALESCE(SUM(gross), 0), COALESCE(SUM(store_discounts), 0),
       COALESCE(SUM(platform_discounts), 0), COALESCE(SUM(hq_take), 0), COALESCE(SUM(freight), 0)
FROM made
"""


@dataclass(frozen=True)
class Rate:
    """How one (terms version, category, commission) group of lines is settled this period."""

    key: tuple[int, int, Decimal]  # (terms version or 0, category or 0, commission)
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
    """Run a bill run to its end: post the ledger, claim what is billable for every store in scope at once, then
    bill each store in its own transaction, counting as it goes. A store that fails is recorded and the run goes
    on; running it again bills nothing twice."""
    with _run_lock(run_id) as locked:
        run = BillRun.objects.get(pk=run_id)
        if not locked or run.status == BillRunStatus.DONE:
            return run  # another worker has it, or it is over
        if ledger_post()["paid"] >= ANALYZE_AFTER:  # fresh statistics for the claims (autovacuum's come later)
            _execute(f"ANALYZE {LedgerEntry._meta.db_table}", {})
        stores = _stores_of(run)
        BillRun.objects.filter(pk=run.pk).update(stores_total=len(stores))
        try:
            claimed = _claim_all(stores, run.until)
            for store in stores:
                _bill_one(run, store, claimed)
        finally:
            _execute(f"DROP TABLE IF EXISTS {CLAIM_TABLE}", {})
        BillRun.objects.filter(pk=run.pk).update(status=BillRunStatus.DONE, finished_at=timezone.now())
        run.refresh_from_db()
        return run


@dataclass(frozen=True)
class Claim:
    """What the run's claim says of one store: its newest bill when the claim was made (0: none), its figures per
    key (FIGURES_SQL's rows, without the store's id), and the day its first period begins (if it has no bill)."""

    newest_bill: int
    figures: list[tuple]
    first_day: date | None


def _claim_all(stores: list[Store], until: date) -> dict[int, Claim]:
    """Claim for every store at once (one statement, outside the stores' transactions): each store's claim is good
    for its bill unless a bill of the store is made meanwhile. Empty when the claim failed: each store then claims
    for itself under its lock."""
    if not stores:
        return {}
    newest = _newest_bills([store.pk for store in stores])
    terms = {}
    for store in stores:
        try:
            terms[store.pk] = terms_in_force(store=store, on=until)
        except Exception:  # left out: billed alone, it fails again and is recorded
            logger.exception("bill run: the terms of store %s", store.pk)
    if not terms:
        return {}
    try:
        params = _claim_params(until, {pk: version.hold_days for pk, version in terms.items()})
        with transaction.atomic():
            _jit_off()
            _execute(f"DROP TABLE IF EXISTS {CLAIM_TABLE}", {})
            _execute(f"CREATE TEMPORARY TABLE {CLAIM_TABLE} AS {CLAIM_SQL}", params)
            # Its rows come out of the aggregate in (store, order, line) order: a block range index finds each
            # store's, in the order of the bill lines' unique index (their pages then filled one after the other).
            _execute(f"CREATE INDEX ON {CLAIM_TABLE} USING brin (store_id)", {})
            _execute(f"ANALYZE {CLAIM_TABLE}", {})  # the figures are a few groups: hashed, not sorted
            figures = _figures(list(terms))
            first_days = dict(_query(FIRST_DAYS_SQL, {"stores": [pk for pk in terms if pk not in newest]}))
    except DatabaseError:  # each store claims for itself
        logger.exception("bill run: the claim of %s stores failed", len(stores))
        return {}
    return {pk: Claim(newest.get(pk, 0), figures.get(pk, []), first_days.get(pk)) for pk in terms}


def _figures(store_ids: list[int]) -> dict[int, list[tuple]]:
    figures: dict[int, list[tuple]] = {pk: [] for pk in store_ids}
    for store_id, *row in _query(FIGURES_SQL, {"stores": store_ids}):
        figures[store_id].append(tuple(row))
    return figures


def _newest_bills(store_ids: list[int]) -> dict[int, int]:
    rows = Bill.objects.filter(store_id__in=store_ids).values("store_id").annotate(newest=Max("pk"))
    return {row["store_id"]: row["newest"] for row in rows}


def _bill_one(run: BillRun, store: Store, claimed: dict[int, Claim]) -> None:
    try:
        bill = store_bill(store=store, until=run.until, run=run, claim=claimed.get(store.pk))
    except Exception as error:  # one store's failure is recorded, the others are billed
        logger.exception("bill run %s: store %s failed", run.pk, store.pk)
        failure = {"store": store.pk, "error": f"{type(error).__name__}: {error}"[:300]}
        BillRun.objects.filter(pk=run.pk).update(stores_done=F("stores_done") + 1)
        run.failures.append(failure)
        BillRun.objects.filter(pk=run.pk).update(failures=run.failures)
        return
    BillRun.objects.filter(pk=run.pk).update(
        stores_done=F("stores_done") + 1,
        bills_made=F("bills_made") + (1 if bill else 0),
        lines_billed=F("lines_billed") + (bill.lines_made if bill else 0),
    )


def _stores_of(run: BillRun) -> list[Store]:
    """The stores the run bills: those named, else every store that has sold; with a cycle, those whose terms in
    force on the run's date have it."""
    stores = Store.objects.past_review().order_by("pk")
    if run.store_ids:
        stores = stores.filter(pk__in=run.store_ids)
    stores = list(stores)
    if run.cycle:
        stores = [store for store in stores if terms_in_force(store=store, on=run.until).cycle == run.cycle]
    return stores


@transaction.atomic
def store_bill(*, store: Store, until: date, run: BillRun, claim: Claim | None = None) -> Bill | None:
    """Close the store's open period at `until` with a bill of everything billable by then (None when the period
    has nothing: it stays open). A period already closed at `until` or later is left as it is. `claim`: what the
    run's claim made of the store (None: no claim yet); the claim is made again, here, if a bill of the store
    came after it."""
    Store.objects.select_for_update().filter(pk=store.pk).first()  # one biller of a store at a time
    last = Bill.objects.filter(store=store).order_by("-period_end").first()
    if last is not None and last.period_end >= until:
        return None
    terms = terms_in_force(store=store, on=until)
    _jit_off()
    if claim is None or _newest_bills([store.pk]).get(store.pk, 0) != claim.newest_bill:
        _claim_again(store, until, terms.hold_days)
        claim = Claim(-1, _figures([store.pk])[store.pk], None)
    carried = list(
        Bill.objects.select_for_update().filter(
            store=store, status=BillStatus.CARRIED_FORWARD, carried_into__isnull=True
        )
    )
    kept = _kept_for(store, until)
    if not claim.figures and not carried and not kept:
        return None
    bill = Bill.objects.create(
        bill_no=f"B{until:%Y%m%d}{store.pk:07d}",
        store=store,
        run=run,
        period_start=last.period_end + timedelta(days=1) if last else _first_day(store, until, claim.first_day),
        period_end=until,
        brought_forward=sum((earlier.store_due for earlier in carried), Decimal(0)),
    )
    Bill.objects.filter(pk__in=[earlier.pk for earlier in carried]).update(carried_into=bill)
    BillCredit.objects.bulk_create([BillCredit(bill=bill, kept_payment=one, amount=one.amount) for one in kept])
    bill.credits = sum((one.amount for one in kept), Decimal(0))
    params = {"bill": bill.pk, "store": store.pk, "billed_before": any(row[-1] for row in claim.figures)}
    rates = _rate_arrays(_rates(claim.figures, store))
    (sums,) = _query(LINES_SQL, {**params, **rates}) if claim.figures else [(0,) * 6]
    return _issue(bill, sums)


def _kept_for(store: Store, until: date) -> list[KeptPayment]:
    """The payments kept for the store by the end of the bill's date and not credited yet (under its lock)."""
    credited = BillCredit.objects.filter(kept_payment=OuterRef("pk"))
    kept = KeptPayment.objects.filter(store=store, kept_at__lt=day_start(until + timedelta(days=1)))
    return list(kept.exclude(Exists(credited)).order_by("pk"))


def _claim_again(store: Store, until: date, hold_days: int) -> None:
    """The store's claim, made under its lock: what the run's claim had of it is replaced."""
    params = _claim_params(until, {store.pk: hold_days})
    _execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {CLAIM_TABLE} AS {CLAIM_SQL} WITH NO DATA", params)
    _execute(f"DELETE FROM {CLAIM_TABLE} WHERE store_id = %(store)s", {"store": store.pk})
    _execute(f"INSERT INTO {CLAIM_TABLE} {CLAIM_SQL}", params)


def _first_day(store: Store, until: date, first: date | None) -> date:
    if first is None:  # not read with the run's claim
        first = LedgerEntry.objects.filter(store=store).order_by("paid_on").values_list("paid_on", flat=True).first()
    return min(first or until, until)


def _claim_params(until: date, hold_days: dict[int, int]) -> dict:
    """The bill's date is a Beijing day: what happened by its end, and orders received by the end of the day
    `hold_days` (each store's) before it."""
    return {
        "stores": list(hold_days),
        "received_before": [day_start(until - timedelta(days=days) + timedelta(days=1)) for days in hold_days.values()],
        "day_after": day_start(until + timedelta(days=1)),
        "closed": OrderEventType.CLOSED,
        "receipts": list(RECEIPT_EVENTS),
        "ends": [*RECEIPT_EVENTS, OrderEventType.CLOSED],
        "open": list(OPEN_REFUND_STATUSES),
        "redeemed": EntryKind.REDEEMED,
    }


def _rates(figures: list[tuple], store: Store) -> list[Rate]:
    """Each group's mode and rate or share: a sales share's rate by the line's category (nearest rated ancestor),
    else the tier the period's net sales reached, else the flat rate; a profit share's band by the period's
    margin; a store without terms, the commission its orders recorded (nothing for HQ's own store)."""
    lines = [row for row in figures if not row[0]]  # the freight's lines have no take
    keys = [(terms_id, category_id, commission) for _freight, terms_id, category_id, commission, *_sums in lines]
    net_sales = sum((row[5] for row in lines), Decimal(0))
    profit = sum((row[6] for row in lines), Decimal(0))
    versions = SettlementTerms.objects.in_bulk({terms for terms, _category, _commission in keys if terms})
    ancestors = _ancestors({category for _terms, category, _commission in keys if category})
    own = store.type == StoreType.SELF_OPERATED
    rates = []
    for terms_id, category_id, commission in keys:
        key = (terms_id or 0, category_id or 0, commission)
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
        "terms": [rate.key[0] for rate in rates],
        "categories": [rate.key[1] for rate in rates],
        "commissions": [rate.key[2] for rate in rates],
        "modes": [str(rate.mode) for rate in rates],
        "rates": [rate.rate for rate in rates],
        "shares": [rate.share for rate in rates],
    }


def _issue(bill: Bill, sums: tuple) -> Bill:
    """Sum the lines onto the bill (the sums the lines' statement returned): a bill is the exact sum of its lines.
    Nothing to pay (refunds beyond sales) carries its balance forward to the next bill."""
    bill.lines_made, bill.gross, bill.store_discounts, bill.platform_discounts, bill.hq_take, bill.freight = sums
    bill.status = BillStatus.ISSUED if bill.store_due > 0 else BillStatus.CARRIED_FORWARD
    bill.save()
    BillEvent.objects.create(bill=bill, type=BillEventType(bill.status), to_status=bill.status)
    return bill


def _jit_off() -> None:
    """For the rest of this transaction: the claim and the lines are a few big statements whose plans PostgreSQL's
    JIT would compile for seconds (most of a million-line claim's time, measured) to save less."""
    _execute("SET LOCAL jit = off", {})


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
        "claim": CLAIM_TABLE,
        "bill": Bill._meta.db_table,
        "entry": LedgerEntry._meta.db_table,
        "line": BillLine._meta.db_table,
        "event": OrderEvent._meta.db_table,
        "refund": Refund._meta.db_table,
        "refund_line": RefundLine._meta.db_table,
        "credit_order": CreditOrder._meta.db_table,
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
