"""GET /healthz: can this instance serve? Database, Redis and at least one Celery worker must answer.

200 {"status": "ok", "checks": {...}} when all answer; 503 with the failing ones named otherwise (a Redis
older than the supported 6.2 fails its check, naming its version). A load
balancer polls it, so each check is bounded by a short timeout.
"""

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from marketplace.celery import app as celery_app
from marketplace.redis import check_server

TIMEOUT_SECONDS = 1.0


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_redis() -> None:
    """Redis answers and is a supported version (6.2+). A fresh connection: the request path's may be resting
    after a failure (marketplace.redis), and health must say what is true now."""
    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS
    )
    try:
        check_server(client)
    finally:
        client.close()


def check_celery() -> None:
    # A fresh broker connection, as for Redis: a pooled one may be the broken pipe of a Redis that restarted since.
    with celery_app.connection_for_write() as connection:
        replies = celery_app.control.ping(timeout=TIMEOUT_SECONDS, connection=connection)
    if not replies:
        raise RuntimeError("no worker answered")


def run_checks() -> dict[str, str]:
    results = {"database": _outcome(check_database), "redis": _outcome(check_redis)}
    # Celery's broker is Redis: with Redis down a ping would only wait out its retries.
    results["celery"] = _outcome(check_celery) if results["redis"] == "ok" else "error: broker unavailable"
    return results


def _outcome(check) -> str:
    try:
        check()
    except Exception as exc:  # a health check reports every failure; it never raises
        return f"error: {exc.__class__.__name__}: {exc}"
    return "ok"


@never_cache
@require_GET
def healthz(request):
    results = run_checks()
    failing = [name for name, result in results.items() if result != "ok"]
    body = {"status": "ok" if not failing else "unavailable", "failing": failing, "checks": results}
    return JsonResponse(body, status=503 if failing else 200)
