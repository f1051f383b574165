"""The ledger: what the orders center's events mean in money, per order line (docs/SETTLEMENT.md).

`ledger_post()` reads the orders center's events that carry money and writes their entries, once per event and
line: a payment's lines and freight in one INSERT ... SELECT over every paid order not yet posted, each refund's
reversal by the rules (settlement.rules.reversal, from what is left of each line), and a completed deposit order's
goods taken back from its lines (decision 0035). The orders center does not know
the settlement center: this reads its events, every minute and before every bill run, and the unique key
(event, line) makes a repeated or concurrent run write nothing twice.

It reads only the events beyond its watermark (`Watermark` "ledger_posting"). The mark moves to the newest event seen
while the order events are locked in SHARE mode for an instant: every writer of an event has committed by then, so
no event at or below the mark can still appear. When the lock is not had within a moment (a long transaction
writing events), the run still posts what lies beyond the mark and leaves the mark where it is."""

from collections import defaultdict
from decimal import Decimal

from django.db import OperationalError, connection, transaction
from django.db.models import Exists, OuterRef

from catalog.models import Sku, Spu
from orders.models import OrderEvent, OrderEventType, OrderLine, OrderReason, RefundEventType, RefundLine, StoreOrder
from settlement import rules
from settlement.models import EntryKind, LedgerEntry, SettlementTerms, SupplyPrice, Watermark

REFUNDS_PER_RUN = 500  # refund events posted per transaction
MARK = "ledger_posting"  # the watermark of the order events posted (the rollups have theirs)
MARK_LOCK_TIMEOUT = "2s"  # how long the mark waits for the order events' writers before it stays where it is

# A paid order's lines (their discounts split by funder) and its freight, for every paid event without entries.
# The terms in force on the day it was paid (Beijing) and the SKU's supply price (the store's, else the default)
# are looked up once, here, and kept with the entry.
PAID_SQL = """
INSERT INTO {entry} (store_id, order_id, line_id, event_id, kind, quantity, gross, store_discounts,
                     platform_discounts, freight, paid_on, at, terms_id, commission_percent, unit_cost,
                     supply_price, category_id, created_at)
SELECT o.store_id, o.id, l.id, e.id, CASE WHEN l.id IS NULL THEN 'freight' ELSE 'sale' END,
       COALESCE(l.quantity, 0), COALESCE(l.amount, 0), COALESCE(d.store_part, 0), COALESCE(d.platform_part, 0),
       CASE WHEN l.id IS NULL THEN o.freight ELSE 0 END, e.paid_on, e.at, t.id, COALESCE(l.commission_percent, 0),
       sku.cost_price, sp.price, spu.category_id, now()
FROM (SELECT e.id, e.order_id, e.at, (e.at AT TIME ZONE 'Asia/Shanghai')::date AS paid_on
      FROM {event} e
      WHERE e.id > %(after)s AND e.type = %(paid)s
        AND NOT EXISTS (SELECT 1 FROM {entry} x WHERE x.event_id = e.id)) e
JOIN {order} o ON o.id = e.order_id
JOIN LATERAL (SELECT l.id, l.quantity, l.amount, l.commission_percent, l.sku_id, l.spu_id
              FROM {line} l WHERE l.order_id = o.id
              UNION ALL
              SELECT NULL, NULL, NULL, NULL, NULL, NULL WHERE o.freight > 0) l ON true
LEFT JOIN LATERAL (SELECT SUM(d.amount - d.platform_amount) AS store_part, SUM(d.platform_amount) AS platform_part
                   FROM {discount} d WHERE d.line_id = l.id) d ON true
LEFT JOIN LATERAL (SELECT t.id FROM {terms} t WHERE t.store_id = o.store_id AND t.effective_from <= e.paid_on
                   ORDER BY t.effective_from DESC LIMIT 1) t ON true
LEFT JOIN {sku} sku ON sku.id = l.sku_id
LEFT JOIN {spu} spu ON spu.id = l.spu_id
LEFT JOIN LATERAL (SELECT sp.price FROM {supply} sp WHERE sp.sku_id = l.sku_id
                   AND (sp.store_id = o.store_id OR sp.store_id IS NULL)
                   ORDER BY sp.store_id NULLS LAST LIMIT 1) sp ON true
ON CONFLICT DO NOTHING
"""


# A deposit order completed (OrderReason deposit_used / deposit_kept, decision 0035): the goods of its lines are sold
# by its balance order, or by nobody, so each line's sale gives back its quantity and its discounts (its gross less
# what was paid): the line keeps its net sales and no goods, which the price-difference and profit-share takes count.
DEPOSIT_SQL = """
INSERT INTO {entry} (store_id, order_id, line_id, event_id, kind, quantity, gross, store_discounts,
                     platform_discounts, freight, paid_on, at, terms_id, commission_percent, unit_cost,
                     supply_price, category_id, created_at)
SELECT s.store_id, s.order_id, s.line_id, e.id, %(deposit)s, -s.quantity, -(s.store_discounts + s.platform_discounts),
       -s.store_discounts, -s.platform_discounts, 0, s.paid_on, e.at, s.terms_id, s.commission_percent, s.unit_cost,
       s.supply_price, s.category_id, now()
FROM {event} e
JOIN {entry} s ON s.order_id = e.order_id AND s.kind = %(sale)s
WHERE e.id > %(after)s AND e.type = %(completed)s AND e.reason_code = ANY(%(reasons)s)
  AND NOT EXISTS (SELECT 1 FROM {entry} x WHERE x.event_id = e.id)
ON CONFLICT DO NOTHING
"""
DEPOSIT_REASONS = [OrderReason.DEPOSIT_USED, OrderReason.DEPOSIT_KEPT]

# An e-voucher redeemed in another store than the one that sold it (the orders center's `voucher_redeemed` event,
# decision 0038): the redeeming store is credited the uses' value on the order's line, under its own terms in force
# that day (its entry counts no goods), and the selling store's sale of the line gives the same value back, under
# what the sale was paid under. A redemption in the selling store itself posts nothing: its sale is already its own.
REDEEMED_SQL = """
INSERT INTO {entry} (store_id, order_id, line_id, event_id, kind, quantity, gross, store_discounts,
                     platform_discounts, freight, paid_on, at, terms_id, commission_percent, unit_cost,
                     supply_price, category_id, created_at)
SELECT x.store_id, s.order_id, s.line_id, e.id, x.kind, 0, x.gross, 0, 0, 0, x.paid_on, e.at, x.terms_id,
       s.commission_percent, x.unit_cost, x.supply_price, s.category_id, now()
FROM (SELECT e.id, e.order_id, e.at, (e.data->>'line')::bigint AS line_id, (e.data->>'store')::bigint AS store_id,
             (e.data->>'amount')::numeric AS amount, (e.at AT TIME ZONE 'Asia/Shanghai')::date AS day
      FROM {event} e
      WHERE e.id > %(after)s AND e.type = %(redeemed_event)s
        AND NOT EXISTS (SELECT 1 FROM {entry} x WHERE x.event_id = e.id)) e
JOIN {entry} s ON s.order_id = e.order_id AND s.line_id = e.line_id AND s.kind = %(sale)s
              AND s.store_id <> e.store_id
LEFT JOIN LATERAL (SELECT t.id FROM {terms} t WHERE t.store_id = e.store_id AND t.effective_from <= e.day
                   ORDER BY t.effective_from DESC LIMIT 1) t ON true
CROSS JOIN LATERAL (VALUES (e.store_id, %(redeemed)s, e.amount, e.day, t.id, NULL::numeric, NULL::numeric),
                           (s.store_id, %(elsewhere)s, -e.amount, s.paid_on, s.terms_id, s.unit_cost,
                            s.supply_price)) AS x(store_id, kind, gross, paid_on, terms_id, unit_cost, supply_price)
ON CONFLICT DO NOTHING
"""


def ledger_post() -> dict[str, int]:
    """Write the entries of every paid order, every refund and every deposit order completed, not posted yet.
    Returns how many of each."""
    after = Watermark.objects.filter(name=MARK).values_list("last_id", flat=True).first() or 0
    upto = _newest_event()
    posted = {
        "paid": _post_payments(after),
        "redemptions": _post_redemptions(after),
        "refunds": _post_refunds(after),
        "deposits": _post_deposits(after),
    }
    if upto is not None:
        Watermark.objects.bulk_create([Watermark(name=MARK)], ignore_conflicts=True)
        Watermark.objects.filter(name=MARK, last_id__lt=upto).update(last_id=upto)
    return posted


def _newest_event() -> int | None:
    """The newest order event, once every transaction writing events has committed (None: not had in time)."""
    table = OrderEvent._meta.db_table
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{MARK_LOCK_TIMEOUT}'")
            cursor.execute(f"LOCK TABLE {table} IN SHARE MODE")
            cursor.execute("SET LOCAL lock_timeout = DEFAULT")
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
            return cursor.fetchone()[0]
    except OperationalError:  # lock_timeout: a writer still at work
        return None


def _post_payments(after: int) -> int:
    tables = {
        "entry": LedgerEntry._meta.db_table,
        "event": OrderEvent._meta.db_table,
        "order": StoreOrder._meta.db_table,
        "line": OrderLine._meta.db_table,
        "discount": OrderLine.discounts.rel.related_model._meta.db_table,
        "terms": SettlementTerms._meta.db_table,
        "sku": Sku._meta.db_table,
        "spu": Spu._meta.db_table,
        "supply": SupplyPrice._meta.db_table,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(PAID_SQL.format(**tables), {"paid": OrderEventType.PAID, "after": after})
        return cursor.rowcount


def _post_deposits(after: int) -> int:
    """After the payments (a deposit order's sale is posted first, in this run or an earlier one)."""
    tables = {"entry": LedgerEntry._meta.db_table, "event": OrderEvent._meta.db_table}
    values = {
        "after": after,
        "deposit": EntryKind.DEPOSIT,
        "sale": EntryKind.SALE,
        "completed": OrderEventType.COMPLETED,
        "reasons": [str(reason) for reason in DEPOSIT_REASONS],
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(DEPOSIT_SQL.format(**tables), values)
        return cursor.rowcount


def _post_redemptions(after: int) -> int:
    """After the payments (a redemption's line was sold first), before the refunds (a refund of a voucher's unused
    uses reverses what is left of the selling store's line once the redemptions elsewhere gave theirs back)."""
    tables = {
        "entry": LedgerEntry._meta.db_table,
        "event": OrderEvent._meta.db_table,
        "terms": SettlementTerms._meta.db_table,
    }
    values = {
        "after": after,
        "redeemed_event": OrderEventType.VOUCHER_REDEEMED,
        "sale": EntryKind.SALE,
        "redeemed": EntryKind.REDEEMED,
        "elsewhere": EntryKind.REDEEMED_ELSEWHERE,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(REDEEMED_SQL.format(**tables), values)
        return cursor.rowcount // 2


def _post_refunds(after: int) -> int:
    """Each refund's reversal, oldest first, in batches. A refund takes every part of each of its lines in the
    proportion of its amount to what is left of the line (rules.reversal), so the parts never go below zero; the
    order's row is locked so that two posters of two refunds of one line read what is left one after the other."""
    pending = (
        OrderEvent.objects.filter(pk__gt=after, type=RefundEventType.REFUNDED, refund__isnull=False)
        .exclude(Exists(LedgerEntry.objects.filter(event=OuterRef("pk"))))
        .select_related("refund")
        .order_by("pk")
    )
    posted = 0
    while batch := list(pending[:REFUNDS_PER_RUN]):
        with transaction.atomic():
            for event in batch:
                StoreOrder.objects.select_for_update().filter(pk=event.order_id).first()
                posted += _post_refund(event)
    return posted


def _post_refund(event: OrderEvent) -> int:
    if LedgerEntry.objects.filter(event=event).exists():  # posted by another run while this one waited
        return 0
    refund = event.refund
    lines = list(RefundLine.objects.filter(refund=refund).order_by("line_id"))
    sale_of, left_of = _what_is_left(event.order_id, [line.line_id for line in lines])
    entries = []
    for refund_line in lines:
        sale, left = sale_of.get(refund_line.line_id), left_of[refund_line.line_id]
        if sale is None:  # an order paid before the ledger began: nothing of it to reverse
            continue
        quantity_left = sum(entry.quantity for entry in left)
        remaining = sum((_parts(entry) for entry in left), rules.Parts(Decimal(0), Decimal(0), Decimal(0)))
        taken = rules.reversal(
            remaining, amount=refund_line.amount, quantity=refund_line.quantity, quantity_left=quantity_left
        )
        entries.append(_reversal_of(sale, event, quantity=-min(refund_line.quantity, quantity_left), parts=taken))
    if refund.freight:
        freight = LedgerEntry.objects.filter(order_id=event.order_id, kind=EntryKind.FREIGHT).first()
        if freight is not None:
            entries.append(_reversal_of(freight, event, quantity=0, freight=-refund.freight))
    LedgerEntry.objects.bulk_create(entries, ignore_conflicts=True)
    return 1


def _what_is_left(order_id: int, line_ids: list[int]) -> tuple[dict, dict]:
    """Each line's sale entry, and every entry of it so far (the sale and the refunds before; not another store's
    credit for an e-voucher it redeemed)."""
    entries = (
        LedgerEntry.objects.filter(order_id=order_id, line_id__in=line_ids)
        .exclude(kind=EntryKind.REDEEMED)
        .order_by("pk")
    )
    sale_of, left_of = {}, defaultdict(list)
    for entry in entries:
        left_of[entry.line_id].append(entry)
        if entry.kind == EntryKind.SALE:
            sale_of[entry.line_id] = entry
    return sale_of, left_of


def _parts(entry: LedgerEntry) -> rules.Parts:
    return rules.Parts(entry.gross, entry.store_discounts, entry.platform_discounts)


def _reversal_of(
    entry: LedgerEntry, event: OrderEvent, *, quantity: int, parts: rules.Parts | None = None, freight=Decimal(0)
) -> LedgerEntry:
    """A refund's entry: what the entry it reverses was paid under, with negative parts."""
    return LedgerEntry(
        store_id=entry.store_id,
        order_id=entry.order_id,
        line_id=entry.line_id,
        event=event,
        kind=EntryKind.REFUND,
        quantity=quantity,
        gross=-parts.gross if parts else 0,
        store_discounts=-parts.store_discounts if parts else 0,
        platform_discounts=-parts.platform_discounts if parts else 0,
        freight=freight,
        paid_on=entry.paid_on,
        at=event.at,
        terms_id=entry.terms_id,
        commission_percent=entry.commission_percent,
        unit_cost=entry.unit_cost,
        supply_price=entry.supply_price,
        category_id=entry.category_id,
    )
