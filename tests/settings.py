"""Test overrides of marketplace.settings. The database and Redis are the real ones (DATABASE_URL, REDIS_URL)."""

import os
import tempfile
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit


def worker_redis_url(url: str, worker: int) -> str:
    """The Redis database `worker` places after the URL's own (of 16), for redis://host:port/N and unix://path?db=N."""
    if url.startswith("unix://"):
        path, _, query = url.partition("?")
        fields = dict(parse_qsl(query))
        fields["db"] = str((int(fields.get("db", 0)) + worker) % 16)
        return f"{path}?{urlencode(fields)}"
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{(int(parts.path.strip('/') or 0) + worker) % 16}"))


# `make test` runs the suite in several processes (pytest-xdist: gw0, gw1, ...). pytest-django gives each its own
# database; here each gets its own Redis database and key prefix too, so one's caches, locks, flash-sale gates and
# Celery queues never meet another's. The URL given is kept apart, so that a process a test starts (a Celery worker,
# gunicorn), reading these settings again, lands on the same database and not one further.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if WORKER:
    given = os.environ.setdefault("TEST_REDIS_URL_GIVEN", os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    os.environ["REDIS_URL"] = worker_redis_url(given, int(WORKER.removeprefix("gw")))
os.environ.setdefault("CACHE_KEY_PREFIX", f"mp-test{WORKER}")

from marketplace.settings import *  # noqa: E402, F403  (after the environment it reads)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; hashing itself is Django's
CELERY_TASK_ALWAYS_EAGER = True  # a task runs in the test's process when its transaction commits
CELERY_TASK_EAGER_PROPAGATES = True
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "10000/min", "user": "10000/min", "auth": "10000/min", "redeem": "10000/min"},
}
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# Storefront responses are built afresh in every test: tests run inside a transaction that never commits, so
# the writes never move the cache's version. tests/catalog/test_storefront_cache.py turns it on, committing.
CATALOG_RESPONSE_CACHE_SECONDS = 0
PRICING_CONFIG_CACHE = False  # marketplace.config_cache: on only in the tests of it
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # sent mail lands in django.core.mail.outbox
SMS_PROVIDER = "marketplace.notifications.sms.SimulatedSmsProvider"
# Application documents written by tests stay out of the checkout's var/ (marketplace.settings.PRIVATE_MEDIA_ROOT).
PRIVATE_MEDIA_ROOT = Path(tempfile.gettempdir()) / f"mp-test-private{WORKER}"  # noqa: F405
