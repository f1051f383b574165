"""Slowly changing configuration kept in each process's memory, current to the commit: the pricing engine's
live promotions and freight templates, read for every cart, preview and submission, change a few times a day.

Each kind of configuration has a version counter in Redis. A write that changes it moves the counter when its
transaction commits (`config_changed`, from signals on the rows); a reader asks Redis for the counter (one GET)
and uses its memory only if it was filled under that same counter, else it loads from the database and keeps
the result under the counter it read *before* loading (a write committing meanwhile moves the counter again,
so the next reader reloads). Nothing is ever served past a committed change.

The memory is bounded (least recently used entries go first). If Redis does not answer, every read goes to the
database; and since a counter's move may be lost with it (a write committed while Redis was down), no entry is
used for longer than MAX_AGE_SECONDS, which bounds staleness as the storefront cache's TTL does.
settings.PRICING_CONFIG_CACHE = False turns it off (the test suite does, but for its own tests)."""

import contextlib
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import cache, partial
from threading import Lock

from django.conf import settings
from redis.exceptions import RedisError

from marketplace.redis import bump_version, redis_call
from marketplace.tasks import on_commit_once

ENTRIES = 2048  # per kind and process: store sets of carts, sets of freight templates
MAX_AGE_SECONDS = 60


def _version_key(kind: str) -> str:
    return f"{settings.CACHES['default']['KEY_PREFIX']}:config:{kind}:version"


def _bump(kind: str) -> None:
    with contextlib.suppress(RedisError):
        bump_version(_version_key(kind))


def config_changed(kind: str) -> None:
    """Announce a write of `kind`: its counter moves when the transaction commits (at once outside one), once
    however many of its rows the transaction wrote."""
    on_commit_once(_bumper(kind))


@cache
def _bumper(kind: str) -> Callable[[], None]:
    """The one callback that moves `kind`'s counter (on_commit_once knows a callback by its identity)."""
    return partial(_bump, kind)


class ConfigMemo:
    """The entries of one kind of configuration, each keyed by what was asked for (e.g. the set of stores)."""

    def __init__(self, kind: str):
        self.kind = kind
        self._entries: OrderedDict[Hashable, tuple[bytes, float, object]] = OrderedDict()  # version, when, value
        self._lock = Lock()

    def get(self, key: Hashable, load: Callable[[], object]):
        """The value for `key`: from memory if filled under the current version, else `load()`."""
        if not getattr(settings, "PRICING_CONFIG_CACHE", True):
            return load()
        try:
            with redis_call() as client:
                version = client.get(_version_key(self.kind))
                if version is None:
                    bump_version(_version_key(self.kind))
                    version = client.get(_version_key(self.kind))
        except RedisError:
            return load()
        now = time.monotonic()
        with self._lock:
            found = self._entries.get(key)
            if found is not None and found[0] == version and now - found[1] < MAX_AGE_SECONDS:
                self._entries.move_to_end(key)
                return found[2]
        value = load()
        with self._lock:
            self._entries[key] = (version, now, value)
            self._entries.move_to_end(key)
            while len(self._entries) > ENTRIES:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
