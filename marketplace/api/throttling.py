"""Rate limits as fixed-window counters in Redis: one round trip per request, whatever the number of scopes.

DRF's own throttles keep every request's timestamp in a pickled list read and rewritten on each request,
which costs more the higher the rate. A fixed window may let through up to twice the rate across a window
boundary, which is fine for abuse protection. A window's counter is created with its expiry (SET NX EX) and
then counted (INCR), both in one MULTI, which any supported Redis (6.2+) runs atomically.

If Redis cannot count a request (decision 0013), general limits let it through: a rate limit must not take the
API down with it. A limit that guards a guessable secret (`GuessingThrottle`: redeem codes) refuses it with 503
`service_unavailable` instead: a code must never be guessed at full speed."""

import time
from dataclasses import dataclass

import redis
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.throttling import BaseThrottle

from marketplace.redis import redis_call

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


@dataclass(frozen=True)
class Counter:
    """One throttle's count of one request: the window's Redis key, the limit, and the wait if it is over."""

    key: str
    limit: int
    period: int
    wait: float

    def queue(self, pipe) -> None:
        """Add this count to a Redis pipeline: two results, the window's creation and the count."""
        pipe.set(self.key, 0, ex=self.period, nx=True)
        pipe.incr(self.key)


def over_limit(counters: list[Counter], results: list) -> Counter | None:
    """The first counter that went over its limit, given the pipeline's results for `Counter.queue` of each."""
    for counter, count in zip(counters, results[1::2], strict=True):
        if count > counter.limit:
            return counter
    return None


class Uncounted(exceptions.APIException):
    """503 `service_unavailable`: a request a fail-closed limit could not count (Redis does not answer)."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = _("This is paused for a moment; please try again shortly.")
    default_code = "service_unavailable"
    wait = 30


class RedisRateThrottle(BaseThrottle):
    """Counts requests per `scope` and client in the current window; the rate comes from
    REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope]."""

    scope = ""
    refuse_uncounted = False  # what a request meets when Redis cannot count it: let through, or 503

    def get_scope(self, view) -> str:
        return self.scope

    def client_key(self, request) -> str | None:
        """Who is counted; None: this throttle does not apply to the request."""
        return f"user:{request.user.pk}" if request.user.is_authenticated else f"ip:{self.get_ident(request)}"

    def counter(self, request, view) -> Counter | None:
        """What counting this request means, without counting it; None when the throttle does not apply."""
        scope = self.get_scope(view)
        client = self.client_key(request)
        if not scope or client is None:
            return None
        limit, period = parse_rate(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope])
        now = time.time()
        key = f"{settings.CACHES['default']['KEY_PREFIX']}:throttle:{scope}:{client}:{int(now // period)}"
        return Counter(key=key, limit=limit, period=period, wait=period - (now % period))

    def allow_request(self, request, view) -> bool:
        counter = self.counter(request, view)
        if counter is None:
            return True
        try:
            with redis_call() as client:
                pipe = client.pipeline()
                counter.queue(pipe)
                results = pipe.execute()
        except redis.RedisError:
            if self.refuse_uncounted:
                raise Uncounted() from None
            return True
        self.wait_seconds = counter.wait
        return over_limit([counter], results) is None

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


class GuessingThrottle(ScopedThrottle):
    """A view's own `throttle_scope` for a secret that could be guessed (redeem codes): fails closed."""

    refuse_uncounted = True


class CountedWithTheView:
    """A view mixin for the hottest reads (the storefront catalogue's cached responses): the throttles' counts are
    not sent to Redis on their own before the view runs, but left on the request (`request.throttle_counters`)
    for the view to send in the same round trip as its own Redis read, and to refuse with `refuse_if_over`
    before it answers. Limits hold exactly as before; the request saves a round trip. A fail-closed limit is
    counted on its own, as usual: the view's read fails open."""

    def check_throttles(self, request) -> None:
        request.throttle_counters = []
        for throttle in self.get_throttles():
            deferred = isinstance(throttle, RedisRateThrottle) and not throttle.refuse_uncounted
            if not deferred:
                if not throttle.allow_request(request, self):
                    self.throttled(request, throttle.wait())
            elif (counter := throttle.counter(request, self)) is not None:
                request.throttle_counters.append(counter)


def refuse_if_over(counters: list[Counter], results: list) -> None:
    """Raise DRF's Throttled (429 `throttled`) when one of the counts sent with `Counter.queue` is over."""
    over = over_limit(counters, results)
    if over is not None:
        raise exceptions.Throttled(wait=over.wait)
