"""The project package: settings, URLs, the Celery app and helpers every business center shares."""

from .celery import app as celery_app

__all__ = ["celery_app"]
