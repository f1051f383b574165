"""Test overrides of marketplace.settings. The database and Redis are the real ones (DATABASE_URL, REDIS_URL)."""

import os
import tempfile

os.environ.setdefault("CACHE_KEY_PREFIX", "mp-test")

from marketplace.settings import *  # noqa: F403

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
PRIVATE_MEDIA_ROOT = Path(tempfile.gettempdir()) / "mp-test-private"  # noqa: F405
