"""One Redis connection pool per process, for the code that talks to Redis directly (throttles, gates), and the
version counters that caches check their entries against."""

import time
from functools import cache

import redis
from django.conf import settings


@cache
def redis_client() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)


def bump_version(key: str) -> None:
    """Move the version counter at `key` on. A missing counter (a new Redis, or one that evicted it) starts from
    the clock in microseconds rather than from 1, so that it never comes back to a version an entry still carries.
    Raises RedisError: the caller decides what a lost bump means."""
    pipe = redis_client().pipeline(transaction=False)
    pipe.set(key, time.time_ns() // 1000, nx=True)
    pipe.incr(key)
    pipe.execute()
