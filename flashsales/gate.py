"""The flash-sale gate in Redis: one Lua script decides each attempt atomically (the session open by time, units
left, the member's count under the limit), so a losing attempt costs one round trip and no SQL.

Keys of one item (the hash tag {session} keeps a session's keys in one slot):
- `flash:{S}:item:K` hash: starts, ends (epoch ms), limit, left, item (the FlashItem id), and `m:<user>` the
  units each member holds or bought;
- `flash:{S}:holds:K` sorted set: hold token -> expiry (epoch ms);
- `flash:{S}:owners:K` hash: hold token -> "<user>:<quantity>".

A hold leaves the sorted set exactly once: consumed by an order (its units stay sold) or released when it expired
(its units go back to `left`, the member's count down). Both are scripts, so a token cannot be both. The scripts
use only commands Redis 6.2 has (decision 0013). The app passes the time in: every server judges a hold's expiry
by the same clock its checkout uses.
"""

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import redis
from django.conf import settings

from marketplace.redis import TIMEOUT_SECONDS, redis_call

# Expired holds released lazily by each attempt, at most this many per call (the beat sweep does the rest).
LAZY_RELEASE = 10

_RELEASE = """
local function release(item, holds, owners, token)
  local owner = redis.call('HGET', owners, token)
  if redis.call('ZREM', holds, token) == 1 and owner then
    local sep = string.find(owner, ':', 1, true)
    local user = string.sub(owner, 1, sep - 1)
    local quantity = tonumber(string.sub(owner, sep + 1))
    redis.call('HINCRBY', item, 'left', quantity)
    redis.call('HINCRBY', item, 'm:' .. user, -quantity)
  end
  redis.call('HDEL', owners, token)
end
"""

ATTEMPT = (
    _RELEASE
    + """
-- KEYS: item, holds, owners. ARGV: now_ms, user, quantity, token, hold_ms, lazy_release.
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1, 0} end
local now = tonumber(ARGV[1])
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, tonumber(ARGV[6]))
for _, token in ipairs(expired) do release(KEYS[1], KEYS[2], KEYS[3], token) end
local state = redis.call('HMGET', KEYS[1], 'starts', 'ends', 'limit', 'left', 'm:' .. ARGV[2], 'item')
if now < tonumber(state[1]) then return {-2, 0} end
if now >= tonumber(state[2]) then return {-3, 0} end
local quantity = tonumber(ARGV[3])
local mine = tonumber(state[5] or '0')
if mine + quantity > tonumber(state[3]) then return {-4, mine} end
if tonumber(state[4]) < quantity then return {-5, tonumber(state[4])} end
redis.call('HINCRBY', KEYS[1], 'left', -quantity)
redis.call('HINCRBY', KEYS[1], 'm:' .. ARGV[2], quantity)
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[5]), ARGV[4])
redis.call('HSET', KEYS[3], ARGV[4], ARGV[2] .. ':' .. ARGV[3])
return {1, tonumber(state[6])}
"""
)

CONSUME = """
-- KEYS: holds, owners. ARGV: token, now_ms. 1: the hold was live and is now the order's; 0: expired or unknown.
local expiry = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not expiry or tonumber(expiry) <= tonumber(ARGV[2]) then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return 1
"""

RELEASE = (
    _RELEASE
    + """
-- KEYS: item, holds, owners. ARGV: now_ms. Releases every hold expired by now; returns how many.
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', tonumber(ARGV[1]))
for _, token in ipairs(expired) do release(KEYS[1], KEYS[2], KEYS[3], token) end
return #expired
"""
)

CLOSE = """
-- KEYS: item. ARGV: ends_ms. Brings a loaded gate's end forward (never back); an unloaded one loads from the rows.
local ends = tonumber(redis.call('HGET', KEYS[1], 'ends') or '-1')
if ends > tonumber(ARGV[1]) then redis.call('HSET', KEYS[1], 'ends', ARGV[1]) end
return ends
"""

LOAD = """
-- KEYS: item, holds, owners. ARGV: starts, ends, limit, left, item, n_members, (user, count)*, (token, expiry, owner)*.
-- Loads an item's state once: a gate another process loaded a moment ago is left as it is.
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('DEL', KEYS[2], KEYS[3])
redis.call('HSET', KEYS[1], 'starts', ARGV[1], 'ends', ARGV[2], 'limit', ARGV[3], 'left', ARGV[4], 'item', ARGV[5])
local members = tonumber(ARGV[6])
local i = 7
for _ = 1, members do
  redis.call('HSET', KEYS[1], 'm:' .. ARGV[i], ARGV[i + 1])
  i = i + 2
end
while i <= #ARGV do
  redis.call('ZADD', KEYS[2], ARGV[i + 1], ARGV[i])
  redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 2])
  i = i + 3
end
return 1
"""


class Outcome:
    WON = 1
    NOT_LOADED = -1
    NOT_STARTED = -2
    ENDED = -3
    OVER_LIMIT = -4
    SOLD_OUT = -5


@dataclass(frozen=True)
class Keys:
    item: str
    holds: str
    owners: str


def keys(session_id: int, sku_id: int) -> Keys:
    tag = f"flash:{{{session_id}}}"
    return Keys(f"{tag}:item:{sku_id}", f"{tag}:holds:{sku_id}", f"{tag}:owners:{sku_id}")


_scripts: dict[tuple[int, str], object] = {}
_local = threading.local()


@contextlib.contextmanager
def _gate_call() -> Iterator[redis.Redis]:
    """`redis_call()` (its outage rules) with this thread's own connection: a pooled client checks its connection
    out and back at every command, a third of an attempt's cost in Redis; one connection per thread skips that."""
    with redis_call():
        client = getattr(_local, "client", None)
        if client is None or _local.url != settings.REDIS_URL:
            client = redis.Redis.from_url(
                settings.REDIS_URL,
                socket_timeout=TIMEOUT_SECONDS,
                socket_connect_timeout=TIMEOUT_SECONDS,
                single_connection_client=True,
            )
            _local.client, _local.url = client, settings.REDIS_URL
        yield client


def _script(client, source: str):
    """The script registered once per client (its SHA is computed once; EVALSHA, falling back to EVAL)."""
    key = (id(client), source)
    if key not in _scripts:
        _scripts[key] = client.register_script(source)
    return _scripts[key]


# Items this process last heard were sold out, with the time (epoch ms, the caller's clock) it heard it. For
# settings.FLASH_SOLD_OUT_MEMO_MS after that, an attempt on them is refused here without a round trip: once a
# sale's units are all held, nearly every attempt is one of these, and the round trip is what they cost (decision
# 0029, "The local sold-out mark"). A unit that an expired hold gives back is offered again within that time.
_SOLD_OUT_MEMO_SIZE = 10_000
_sold_out: dict[tuple[int, int], int] = {}


def attempt(*, session_id: int, sku_id: int, user_id: int, quantity: int, token: str, now_ms: int, hold_ms: int):
    """(outcome, detail): detail is the FlashItem id when won, the member's count when over the limit, the units
    left when sold out."""
    item = (session_id, sku_id)
    heard = _sold_out.get(item)
    if heard is not None and heard <= now_ms < heard + settings.FLASH_SOLD_OUT_MEMO_MS:
        return Outcome.SOLD_OUT, 0
    k = keys(session_id, sku_id)
    with _gate_call() as client:
        outcome, detail = _script(client, ATTEMPT)(
            keys=[k.item, k.holds, k.owners], args=[now_ms, user_id, quantity, token, hold_ms, LAZY_RELEASE]
        )
    if outcome == Outcome.SOLD_OUT and detail == 0:
        if len(_sold_out) >= _SOLD_OUT_MEMO_SIZE:
            _sold_out.clear()
        _sold_out[item] = now_ms
    return int(outcome), int(detail)


def consume(*, session_id: int, sku_id: int, token: str, now_ms: int) -> bool:
    k = keys(session_id, sku_id)
    with _gate_call() as client:
        return bool(_script(client, CONSUME)(keys=[k.holds, k.owners], args=[token, now_ms]))


def release_expired(*, session_id: int, sku_id: int, now_ms: int) -> int:
    k = keys(session_id, sku_id)
    with redis_call() as client:
        return int(_script(client, RELEASE)(keys=[k.item, k.holds, k.owners], args=[now_ms]))


def units_left(items: list[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """(session, SKU) -> the units its gate has left to win, in one round trip; an item not loaded is absent."""
    with redis_call() as client:
        pipe = client.pipeline(transaction=False)
        for session_id, sku_id in items:
            pipe.hget(keys(session_id, sku_id).item, "left")
        values = pipe.execute()
    return {item: int(value) for item, value in zip(items, values, strict=True) if value is not None}


def is_loaded(*, session_id: int, sku_id: int) -> bool:
    with redis_call() as client:
        return bool(client.exists(keys(session_id, sku_id).item))


def load(
    *,
    session_id: int,
    sku_id: int,
    item_id: int,
    starts_ms: int,
    ends_ms: int,
    limit: int,
    left: int,
    members: dict[int, int],
    holds: list[tuple[str, int, int, int]],
) -> bool:
    """`holds`: (token, expiry ms, user, quantity) of the live holds. True when this call loaded the gate."""
    k = keys(session_id, sku_id)
    args: list = [starts_ms, ends_ms, limit, left, item_id, len(members)]
    for user, count in members.items():
        args += [user, count]
    for token, expiry, user, quantity in holds:
        args += [token, expiry, f"{user}:{quantity}"]
    with redis_call() as client:
        return bool(_script(client, LOAD)(keys=[k.item, k.holds, k.owners], args=args))


def close(*, session_id: int, sku_id: int, ends_ms: int) -> None:
    """No attempt wins from `ends_ms` on (a cancelled session): its holds stay, to be bought or to expire."""
    with redis_call() as client:
        _script(client, CLOSE)(keys=[keys(session_id, sku_id).item], args=[ends_ms])


def drop(*, session_id: int, sku_id: int) -> None:
    k = keys(session_id, sku_id)
    with redis_call() as client:
        client.delete(k.item, k.holds, k.owners)


def state(*, session_id: int, sku_id: int) -> dict[str, int]:
    """The item's counters as the gate holds them (tests, the bench, the admin): left and each member's count."""
    with redis_call() as client:
        raw = client.hgetall(keys(session_id, sku_id).item)
    return {key.decode(): int(value) for key, value in raw.items()}
