"""The outbox (decision 0016): nothing that leaves the database happens inside a transaction.

A service that needs something done outside (a gateway refund, an e-mail, an SMS) writes an `OutboxMessage` in
its own transaction with `outbox_put`: the row commits or rolls back with the change that called for it, so a
rollback never loses the record of money that moved, and no money moves for a change that was rolled back. Each
new row is sent to a worker when the transaction commits (`marketplace.tasks.deliver_outbox_message`); the sweep
(`marketplace.tasks.deliver_outbox`, every minute) delivers whatever a lost message, a dead worker or a failure
left due.

Delivering a row:

1. claim it: one UPDATE takes a due row nobody holds (SKIP LOCKED: two workers never wait for each other) and
   leases it for OUTBOX_LEASE_SECONDS; no transaction stays open after it;
2. call its kind's handler, outside any transaction: it asks the other side, passing the row's key (a refund
   number: the other side acts once per key), then writes back what it learnt (the gateway's refund id);
3. mark it delivered by a conditional UPDATE (a pending row only), so it is marked once.

A worker killed between 2 and 3 leaves the row claimed; once the lease has run out the sweep delivers it again
under the same key, which the other side takes once. A handler that raises is tried again later, each wait twice
the last (OUTBOX_RETRY_SECONDS up to OUTBOX_RETRY_MAX_SECONDS); after OUTBOX_MAX_ATTEMPTS the row is `stuck`,
listed in the admin, where an operator retries it once the cause is fixed. Handlers register with
`@outbox_handler(kind)` from their app's `ready()`, and must be idempotent by the row's key."""

import json
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from marketplace import tasks  # a module: its tasks call back into this one
from marketplace.models import OutboxMessage, OutboxStatus
from marketplace.tasks import enqueue

logger = logging.getLogger(__name__)

Handler = Callable[[OutboxMessage], dict | None]
HANDLERS: dict[str, Handler] = {}


def outbox_handler(kind: str) -> Callable[[Handler], Handler]:
    """Register the function that delivers rows of `kind`. It is called outside any transaction with the row, must
    be idempotent by `row.key`, raises to be retried, and returns what to keep in the row's `result`."""

    def register(handler: Handler) -> Handler:
        if HANDLERS.setdefault(kind, handler) is not handler:
            raise ImproperlyConfigured(f"two outbox handlers for {kind!r}")
        return handler

    return register


@dataclass(frozen=True)
class Outgoing:
    """One row to write: what to do (`kind`), once per `key`, with what (`payload`, JSON)."""

    kind: str
    key: str
    payload: dict


def outbox_put(*, kind: str, key: str, payload: dict) -> int | None:
    """Write one row in the caller's transaction; returns its id, or None when `key` was written before."""
    ids = outbox_put_many([Outgoing(kind, key, payload)])
    return ids[0] if ids else None


def outbox_put_many(items: Sequence[Outgoing], *, now: datetime | None = None) -> list[int]:
    """Write rows in the caller's transaction, each sent to a worker when it commits. A key written before is left
    as it is (the same effect asked for again is not a second effect). Returns the ids of the new rows."""
    if not items:
        return []
    if not connection.in_atomic_block:
        raise RuntimeError("An outbox row is written in the transaction of the change that calls for it.")
    unknown = {item.kind for item in items} - HANDLERS.keys()
    if unknown:
        raise LookupError(f"no outbox handler for {sorted(unknown)}")
    now = now or timezone.now()
    values, params = [], []
    for item in {(item.kind, item.key): item for item in items}.values():
        values.append("(%s, %s, %s::jsonb, %s, 0, %s, '', '{}'::jsonb, %s)")
        params += [item.kind, item.key, json.dumps(item.payload, cls=DjangoJSONEncoder), OutboxStatus.PENDING, now, now]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {OutboxMessage._meta.db_table}
            (kind, key, payload, status, attempts, next_attempt_at, last_error, result, created_at)
            VALUES {", ".join(values)} ON CONFLICT (kind, key) DO NOTHING RETURNING id""",
            params,
        )
        ids = [row[0] for row in cursor.fetchall()]
    for message_id in ids:
        enqueue(tasks.deliver_outbox_message, message_id)
    return ids


def outbox_deliver(*, message_id: int, now: datetime | None = None) -> str | None:
    """Deliver one row, if it is due and nobody holds it (the task sent when it was committed). Returns its status
    after the attempt, or None when there was nothing to do."""
    message = _claim(now=now or timezone.now(), message_id=message_id)
    return _deliver(message, now=now) if message is not None else None


def outbox_deliver_due(*, now: datetime | None = None, limit: int | None = None) -> dict[str, int]:
    """The sweep: deliver due rows one claim at a time, at most `limit` (the next run takes the rest). Returns how
    many ended in each status."""
    counts: Counter[str] = Counter()
    for _ in range(limit or settings.OUTBOX_SWEEP_LIMIT):
        message = _claim(now=now or timezone.now())
        if message is None:
            break
        counts[_deliver(message, now=now)] += 1
    return dict(counts)


@transaction.atomic
def outbox_retry(*, message_ids: Sequence[int], now: datetime | None = None) -> int:
    """An operator's "retry now": stuck rows, and pending ones waiting for their next attempt, are due now with
    their attempts counted afresh. A row a worker holds is left to it. Returns how many."""
    now = now or timezone.now()
    rows = (
        OutboxMessage.objects.select_for_update()
        .filter(pk__in=message_ids, status__in=[OutboxStatus.STUCK, OutboxStatus.PENDING])
        .exclude(leased_until__gt=now)
    )
    ids = list(rows.values_list("pk", flat=True))
    OutboxMessage.objects.filter(pk__in=ids).update(
        status=OutboxStatus.PENDING, attempts=0, next_attempt_at=now, leased_until=None
    )
    for message_id in ids:
        enqueue(tasks.deliver_outbox_message, message_id)
    return len(ids)


def _claim(*, now: datetime, message_id: int | None = None) -> OutboxMessage | None:
    """Lease one due row nobody holds (the given one, or the longest due), counting the attempt. One statement:
    no transaction stays open while the handler runs."""
    table = OutboxMessage._meta.db_table
    only = "AND id = %s" if message_id is not None else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE {table} SET leased_until = %s, attempts = attempts + 1
            WHERE id = (
                SELECT id FROM {table}
                WHERE status = %s AND next_attempt_at <= %s AND (leased_until IS NULL OR leased_until <= %s) {only}
                ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
            ) RETURNING id""",
            [
                now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS),
                OutboxStatus.PENDING,
                now,
                now,
                *([message_id] if message_id is not None else []),
            ],
        )
        row = cursor.fetchone()
    return OutboxMessage.objects.get(pk=row[0]) if row else None


def _deliver(message: OutboxMessage, *, now: datetime | None) -> str:
    handler = HANDLERS.get(message.kind)
    try:
        if handler is None:
            raise LookupError(f"no outbox handler for {message.kind!r}")
        result = handler(message) or {}
    except Exception as error:
        return _failed(message, error, now=now or timezone.now())
    OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.PENDING).update(
        status=OutboxStatus.DELIVERED, delivered_at=timezone.now(), leased_until=None, last_error="", result=result
    )
    return OutboxStatus.DELIVERED


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: twice the last each time, up to the most."""
    seconds = settings.OUTBOX_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.OUTBOX_RETRY_MAX_SECONDS))


def _failed(message: OutboxMessage, error: Exception, *, now: datetime) -> str:
    stuck = message.attempts >= settings.OUTBOX_MAX_ATTEMPTS
    status = OutboxStatus.STUCK if stuck else OutboxStatus.PENDING
    OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.PENDING).update(
        status=status,
        next_attempt_at=now + retry_delay(message.attempts),
        leased_until=None,
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )
    (logger.error if stuck else logger.warning)(
        "outbox %s %s: attempt %d failed (%s: %s)%s",
        message.kind,
        message.key,
        message.attempts,
        type(error).__name__,
        error,
        "; stuck until an operator retries it" if stuck else "",
    )
    return status
