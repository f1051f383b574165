"""Enqueueing helpers shared by every app's services."""

from functools import partial

from celery import Task
from django.db import transaction


def enqueue(task: Task, *args, **kwargs) -> None:
    """Send `task` once the current transaction commits, so a worker never sees rows that were rolled back."""
    transaction.on_commit(partial(task.delay, *args, **kwargs))
