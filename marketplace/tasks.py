"""Enqueueing helpers shared by every app's services (work that waits for the transaction to commit), and the
project package's own tasks: delivering the outbox (marketplace.outbox)."""

import contextlib
from collections.abc import Callable
from datetime import datetime
from functools import partial

from celery import Task, shared_task
from django.db import connection, transaction
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from marketplace.redis import redis_call


def enqueue(task: Task, *args, **kwargs) -> None:
    """Send `task` once the current transaction commits, so a worker never sees rows that were rolled back.

    If the broker (Redis) does not take it, the request goes on: every task enqueued here has a periodic sweep
    that finds the work undone (settings.CELERY_BEAT_SCHEDULE), and the outage is logged once (marketplace.redis)."""
    transaction.on_commit(partial(_send, task, args, kwargs))


def enqueue_at(task: Task, eta: datetime, *args) -> None:
    """`enqueue`, for work due at `eta` (a group buy's deadline): sent on commit with the eta; its sweep finds it
    undone if the broker loses it."""
    transaction.on_commit(partial(_send, task, args, {}, eta))


def _send(task: Task, args: tuple, kwargs: dict, eta: datetime | None = None) -> None:
    with contextlib.suppress(RedisError, BrokerError), redis_call():
        if eta is None:
            task.delay(*args, **kwargs)
        else:
            task.apply_async(args, kwargs, eta=eta)


def on_commit_once(callback: Callable[[], None]) -> None:
    """Run `callback` when the transaction commits, once however many writes of the transaction ask for it (a
    cache's version moved once per transaction). `callback` must be the same object at every call."""
    # run_on_commit holds the open transaction's callbacks, each with the savepoints it was registered under (a
    # rolled-back savepoint drops those): one waiting under the same savepoints stands or falls with this write,
    # so it covers it. One under fewer savepoints is not relied on, which keeps tests that commit an inner block
    # (django_capture_on_commit_callbacks) faithful; it costs at most one call per nesting level.
    savepoints = set(connection.savepoint_ids)
    if any(waiting is callback and sids == savepoints for sids, waiting, _ in connection.run_on_commit):
        return
    transaction.on_commit(callback)


# The tasks import their services when they run: services import this module (enqueue) as they load.


@shared_task(name="marketplace.tasks.deliver_outbox_message")
def deliver_outbox_message(message_id: int) -> str | None:
    """After the transaction that wrote it commits: deliver one outbox row (a failure waits for its next attempt,
    which the sweep below makes)."""
    from marketplace.outbox import outbox_deliver

    return outbox_deliver(message_id=message_id)


@shared_task(name="marketplace.tasks.deliver_outbox")
def deliver_outbox() -> dict:
    """Every minute: deliver every outbox row that is due (its message lost, its worker dead past the lease, its
    next attempt come)."""
    from marketplace.outbox import outbox_deliver_due

    return outbox_deliver_due()
