"""The Celery app. Settings come from Django's (CELERY_ prefix); tasks live in each app's tasks.py.

Tasks take ids, not objects, are idempotent (acks_late redelivers a task whose worker died) and are enqueued
with `transaction.on_commit` (see `marketplace.tasks.enqueue`).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")

app = Celery("marketplace")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
