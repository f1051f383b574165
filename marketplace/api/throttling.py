"""Rate limits as fixed-window counters in Redis: one INCR per request and scope, in one round trip.

DRF's own throttles keep every request's timestamp in a pickled list read and rewritten on each request,
which costs more the higher the rate. A fixed window may let through up to twice the rate across a window
boundary, which is fine for abuse protection. If Redis does not answer, requests are let through: a rate
limit must not take the API down with it."""

import logging
import time

import redis
from django.conf import settings
from rest_framework.throttling import BaseThrottle

from marketplace.redis import redis_client

logger = logging.getLogger(__name__)
PERIODS = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "h": 3600,
    "hour": 3600,
    "d": 86400,
    "day": 86400,
}


def parse_rate(rate: str) -> tuple[int, int]:
    """'120/min' -> (120, 60)."""
    count, period = rate.split("/")
    return int(count), PERIODS[period]


class RedisRateThrottle(BaseThrottle):
    """Counts requests per `scope` and client in the current window; the rate comes from
    REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope]."""

    scope = ""

    def get_scope(self, view) -> str:
        return self.scope

    def client_key(self, request) -> str | None:
        """Who is counted; None: this throttle does not apply to the request."""
        return f"user:{request.user.pk}" if request.user.is_authenticated else f"ip:{self.get_ident(request)}"

    def allow_request(self, request, view) -> bool:
        scope = self.get_scope(view)
        client = self.client_key(request)
        if not scope or client is None:
            return True
        limit, period = parse_rate(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope])
        now = time.time()
        key = f"{settings.CACHES['default']['KEY_PREFIX']}:throttle:{scope}:{client}:{int(now // period)}"
        try:
            pipe = redis_client().pipeline(transaction=False)
            pipe.incr(key)
            pipe.expire(key, period, nx=True)
            count, _ = pipe.execute()
        except redis.RedisError:
            logger.warning("rate limit skipped: Redis unavailable", exc_info=True)
            return True
        self.wait_seconds = period - (now % period)
        return count <= limit

    def wait(self) -> float:
        return self.wait_seconds


class AnonThrottle(RedisRateThrottle):
    """Anonymous clients, by address."""

    scope = "anon"

    def client_key(self, request):
        return None if request.user.is_authenticated else super().client_key(request)


class UserThrottle(RedisRateThrottle):
    """Logged-in users, by account."""

    scope = "user"

    def client_key(self, request):
        return super().client_key(request) if request.user.is_authenticated else None


class ScopedThrottle(RedisRateThrottle):
    """A view's own `throttle_scope` (auth: 20/min for logins and registrations)."""

    def get_scope(self, view) -> str:
        return getattr(view, "throttle_scope", "")
