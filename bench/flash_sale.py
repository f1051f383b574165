"""The flash sale's gate under load (issue 14 item 1): 100,000 attempts on 100 units by 5,000 members through
HTTP, against a bare Django view answering the same bytes on the same gunicorn; then the invariants from
PostgreSQL and Redis (0 oversold, 0 over-limit), and the gate script's ops/s against a bare INCR with
redis-benchmark.

    make bench ARGS=flash_sale

wrk's Lua gives each request the pass of one of the 5,000 members at random and stops each thread after its
share of the 100,000 attempts. Most attempts lose (sold out, or the member's limit): those run no SQL."""

import os
import re
import shutil
import signal
import subprocess
import time
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlsplit

from bench.demo_data import seeded, setup_django
from bench.harness import FLOOR_DIR, Call, fetch, served, wrk

ATTEMPTS = 100_000
UNITS = 100
MEMBERS = 5_000
THREADS = 2
CONNECTIONS = 32


def _members() -> list[int]:
    from members.models import User

    names = [f"flash_bench_{n}" for n in range(MEMBERS)]
    existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    User.objects.bulk_create(
        [User(username=name, password="!", phone="") for name in names if name not in existing], batch_size=1000
    )
    return list(User.objects.filter(username__in=names).order_by("pk").values_list("pk", flat=True))


def _session():
    """A fresh platform session of one demo SKU: 100 units, 1 per member, open for an hour."""
    from django.db.models import F
    from django.utils import timezone

    from catalog.models import Sku, SpuStatus, Stock
    from catalog.services.stock import stock_adjust
    from flashsales.services import ItemInput, flash_session_create, flash_session_publish
    from members.models import User

    stock = (
        Stock.objects.filter(sku__spu__status=SpuStatus.ON_SHELF, sku__is_active=True, warehouse__store=F("sku__store"))
        .select_related("sku", "warehouse")
        .order_by("sku_id")
        .first()
    )
    if stock.available < UNITS:
        stock_adjust(sku=stock.sku, warehouse=stock.warehouse, delta=UNITS, reason="bench", by=None)
    sku = Sku.objects.get(pk=stock.sku_id)
    operator = User.objects.filter(is_staff=True).order_by("pk").first()
    now = timezone.now()
    session = flash_session_create(
        store=None,
        by=operator,
        name="bench",
        starts_at=now - timedelta(minutes=1),
        ends_at=now + timedelta(hours=1),
        per_member_limit=1,
        items=[ItemInput(sku_id=sku.pk, flash_price=(sku.price / 2).quantize(Decimal("0.01")), quantity=UNITS)],
    )
    return flash_session_publish(session=session, by=operator), sku


def _attempt_script(passes: list[str], path: str, marker) -> str:
    """Each thread sends its share of the attempts, each with a random member's pass, counts the answers by status,
    and at its share stops and writes a line to `marker` (wrk itself runs for its whole -d duration: the bench
    stops it with SIGINT once every thread has written, and times that). done() prints the counts and latency."""
    quota = ATTEMPTS // THREADS
    table = ",".join(f'"{value}"' for value in passes)
    return f"""
local passes = {{{table}}}
local threads = {{}}
quota, answered, won = {quota}, 0, 0  -- globals: done() reads them with thread:get
setup = function(thread) table.insert(threads, thread) end
request = function()
  local headers = {{["Content-Type"] = "application/json", ["X-Flash-Pass"] = passes[math.random(#passes)]}}
  return wrk.format("POST", "{path}", headers, "{{}}")
end
response = function(status, headers, body)
  answered = answered + 1
  if status == 201 then won = won + 1 end
  if answered == quota then
    local file = io.open("{marker}", "a")
    file:write("done\\n")
    file:close()
    wrk.thread:stop()
  end
end
done = function(summary, latency, requests)
  local total, wins = 0, 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("answered")
    wins = wins + thread:get("won")
  end
  io.write(string.format("flash answered %d won %d\\n", total, wins))
  io.write(string.format("flash p50 %.1f p99 %.1f\\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def _attempts(base: str, path: str, passes: list[str]) -> tuple[int, int, float, float, float]:
    """(answered, won, seconds, p50 ms, p99 ms) of the whole run of attempts, timed from wrk's start to the moment
    every thread has had its share answered."""
    marker = FLOOR_DIR / "flash_attempts.done"
    marker.unlink(missing_ok=True)
    script = FLOOR_DIR / "flash_attempts.lua"
    script.write_text(_attempt_script(passes, path, marker))
    args = ["wrk", "-t", str(THREADS), "-c", str(CONNECTIONS), "-d", "900s", "--latency", "-s", str(script)]
    started = time.monotonic()
    process = subprocess.Popen([*args, base + path], stdout=subprocess.PIPE, text=True)
    while not (marker.exists() and marker.read_text().count("done") >= THREADS):
        if process.poll() is not None:
            raise SystemExit("wrk ended before the attempts were all answered")
        time.sleep(0.1)
    seconds = time.monotonic() - started
    process.send_signal(signal.SIGINT)  # wrk stops, reports and runs done()
    output = process.communicate(timeout=60)[0]
    answered, won = map(int, re.search(r"flash answered (\d+) won (\d+)", output).groups())
    p50, p99 = map(float, re.search(r"flash p50 ([\d.]+) p99 ([\d.]+)", output).groups())
    return answered, won, seconds, p50, p99


def _most_at_once(holds: list[tuple[int, object]]) -> int:
    """The most of these holds live at one moment. A hold is live from its win to its expiry (`expires_at` less the
    hold time: the gate's own clock) and gives its unit back at its expiry, before a win at that same moment: a
    run longer than the hold time sells a unit again once its hold expired, which is no oversale."""
    from flashsales.services import hold_minutes

    hold_ms = hold_minutes() * 60_000
    # The gate's clock counts whole milliseconds (a row's expiry keeps the microseconds of its win's moment).
    ends = [int(expiry.timestamp() * 1000) for _user, expiry in holds]
    moments = sorted([(end, -1) for end in ends] + [(end - hold_ms, 1) for end in ends])
    live = most = 0
    for _moment, change in moments:
        live += change
        most = max(most, live)
    return most


def _redis_benchmark(args: list[str], url: str) -> float:
    parts = urlsplit(url)
    base = ["redis-benchmark", "-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 6379)]
    base += ["--dbnum", (parts.path or "/0").lstrip("/") or "0", "-n", "200000", "-c", "50", "-q"]
    output = subprocess.run([*base, *args], capture_output=True, text=True, check=True).stdout
    return float(re.findall(r"([\d.]+) requests per second", output)[-1])


def _gate_ops(url: str) -> None:
    """The gate script as redis-benchmark calls it: a winning attempt (units plenty, each call a new member), a
    losing one (sold out), and a bare INCR, same server, same clients."""
    from django.utils import timezone

    from flashsales import gate
    from marketplace.redis import redis_client

    client = redis_client()
    sha = client.script_load(gate.ATTEMPT)
    now = int(timezone.now().timestamp() * 1000)
    for name, left in (("win", 10**9), ("lose", 0)):
        client.delete(f"flash:{{bench}}:item:{name}")
        client.hset(
            f"flash:{{bench}}:item:{name}",
            mapping={"starts": now - 60_000, "ends": now + 3_600_000, "limit": 1, "left": left, "item": 1},
        )

    def keys(name):
        return [
            f"flash:{{bench}}:item:{name}",
            f"flash:{{bench}}:holds:{name}",
            f"flash:{{bench}}:owners:{name}",
        ]

    args = [str(now), "__rand_int__", "1", "t__rand_int__", "300000", "10"]
    win = _redis_benchmark(["-r", "100000000", "EVALSHA", sha, "3", *keys("win"), *args], url)
    lose = _redis_benchmark(["-r", "100000000", "EVALSHA", sha, "3", *keys("lose"), *args], url)
    incr = _redis_benchmark(["INCR", "flash:{bench}:counter"], url)
    for name in ("win", "lose"):
        client.delete(*keys(name))
    client.delete("flash:{bench}:counter")
    print(f"gate script (win)     {win:>9.0f} ops/s | ratio to INCR {win / incr:.2f}")
    print(f"gate script (lose)    {lose:>9.0f} ops/s | ratio to INCR {lose / incr:.2f}")
    print(f"INCR                  {incr:>9.0f} ops/s")


def main() -> None:
    setup_django()
    seeded()
    from django.conf import settings
    from django.utils import translation

    from flashsales import gate
    from flashsales.apis import refusal
    from flashsales.exceptions import refused
    from flashsales.models import FlashHold, FlashItem
    from flashsales.selectors import member_pass

    if not shutil.which("redis-benchmark"):
        raise SystemExit("redis-benchmark is not installed: apt-get install redis-tools")
    members = _members()
    session, sku = _session()
    path = f"/api/v1/flash/{session.pk}/{sku.pk}/attempts/"
    passes = [member_pass(user_id=pk) for pk in members]
    with served() as base:
        # The floor: a bare view answering, from memory, what nearly every attempt answers once the units are all
        # held: the sold-out refusal, built by the attempt's own code in the server's language (no Accept-Language).
        fetch(base, Call(path, method="POST", body="{}", headers=(("X-Flash-Pass", passes[0]),)))  # a win, now
        with translation.override(settings.LANGUAGE_CODE):
            (FLOOR_DIR / "flash_lose.body").write_bytes(refusal(refused("flash_sold_out")).content)
        (FLOOR_DIR / "flash_lose.type").write_text("application/json")
        floor_call = Call("/__bench__/floor/flash_lose", method="POST", body="{}")
        before = wrk(base, floor_call, connections=CONNECTIONS, duration="20s")
        answered, won, seconds, p50, p99 = _attempts(base, path, passes)
        after = wrk(base, floor_call, connections=CONNECTIONS, duration="20s")
    item = FlashItem.objects.get(session=session)
    holds = list(FlashHold.objects.filter(item=item).values_list("user_id", "expires_at"))
    oversold = max(_most_at_once(holds) - item.quantity, 0)
    over_limit = sum(
        1
        for member in {user_id for user_id, _expiry in holds}
        if _most_at_once([hold for hold in holds if hold[0] == member]) > session.per_member_limit
    )
    left = gate.state(session_id=session.pk, sku_id=sku.pk)["left"]
    rate = answered / seconds
    floor = (before.requests_per_second + after.requests_per_second) / 2
    print(
        f"attempts {answered} (+1 to set up) by {MEMBERS} members on {UNITS} units in {seconds:.1f} s: "
        f"{rate:.0f} req/s  "
        f"p50 {p50:.1f} ms  p99 {p99:.1f} ms | floor {before.requests_per_second:.0f} before, "
        f"{after.requests_per_second:.0f} after | ratio {rate / floor:.2f}"
    )
    print(
        f"won {won} + 1, holds {len(holds)} (most live at once {_most_at_once(holds)}), gate left {left}, "
        f"oversold {oversold}, over the limit {over_limit}"
    )
    _gate_ops(os.environ.get("REDIS_URL", settings.REDIS_URL))
