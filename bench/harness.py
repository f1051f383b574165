"""Serve the marketplace with gunicorn as in production and load it with wrk, beside its floor view.

    with served() as server:
        report(compare(server, "product_list", Call("/api/v1/catalog/products/?page_size=20")))

Figures printed: requests/s, p50 and p99 latency, SQL queries per request, and the ratio to the floor view
returning the same bytes from memory in the same gunicorn."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR_DIR = ROOT / "var" / "bench"
PORT = int(os.environ.get("BENCH_PORT", "8077"))
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))


@dataclass(frozen=True)
class Load:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


@dataclass(frozen=True)
class Comparison:
    name: str
    path: str
    queries: int
    real: Load
    floor: Load

    @property
    def ratio(self) -> float:
        return self.real.requests_per_second / self.floor.requests_per_second


def server_env() -> dict[str, str]:
    """Production settings (DEBUG off, persistent connections) on plain HTTP, with the floor view routed."""
    return {
        **os.environ,
        "DJANGO_ENV": "production",
        "SECRET_KEY": "bench-only-secret-key-that-is-long-enough-for-production-checks",
        "PAYMENT_SIMULATED_SECRET": "bench",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DB_CONN_MAX_AGE": "600",
        "GUNICORN_ACCESS_LOG": "",
        "BENCH_FLOOR_DIR": str(FLOOR_DIR),
        "THROTTLE_ANON": "100000000/min",
        "THROTTLE_USER": "100000000/min",
        "LOG_LEVEL": "WARNING",
    }


@contextlib.contextmanager
def served(workers: int | None = None) -> Iterator[str]:
    """gunicorn on 127.0.0.1:PORT with `workers` sync workers (default: 2 per core + 1); yields the base URL."""
    FLOOR_DIR.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", PORT), timeout=1):
        # Another server (a bench left running) would answer in ours' place, with another database behind it.
        raise SystemExit(f"port {PORT} is taken: stop what listens there, or set BENCH_PORT")
    env = server_env()
    # Production settings serve static files from the collected manifest: without it every page would be a 500.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    env["GUNICORN_BIND"] = f"127.0.0.1:{PORT}"
    if workers:
        env["GUNICORN_WORKERS"] = str(workers)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "marketplace.wsgi:application", "-c", "marketplace/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{PORT}"
    try:
        _wait_until_up(f"{base}/__bench__/floor/none", process)
        yield base
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


def _wait_until_up(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited before serving")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return  # it answers (404 for an unknown floor): it is up
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start within 60 s")


@dataclass(frozen=True)
class Call:
    """One request to load: method, path, JSON body (for POST) and headers."""

    path: str
    method: str = "GET"
    body: str | None = None
    headers: tuple[tuple[str, str], ...] = ()

    def all_headers(self) -> dict[str, str]:
        extra = {"Content-Type": "application/json"} if self.body is not None else {}
        return {**extra, **dict(self.headers)}


def fetch(base: str, call: Call) -> tuple[bytes, str]:
    data = call.body.encode() if call.body is not None else None
    request = urllib.request.Request(base + call.path, data=data, method=call.method, headers=call.all_headers())
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read(), response.headers.get("Content-Type", "application/octet-stream")


def wrk(
    base: str, call: Call, *, connections: int = CONNECTIONS, duration: str = DURATION, script: Path | None = None
) -> Load:
    """Run wrk (Debian's package) and read requests/s and the latency percentiles it prints. A POST goes
    through a small Lua script that sets the method, body and headers (or through `script`, given whole)."""
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    args = ["wrk", "-t", str(min(2, connections)), "-c", str(connections), "-d", duration, "--latency"]
    for name, value in call.all_headers().items():
        args += ["-H", f"{name}: {value}"]
    if script is not None:
        args += ["-s", str(script)]
    elif call.method != "GET":
        script = FLOOR_DIR / "request.lua"
        body = json.dumps(call.body or "")
        script.write_text(f'wrk.method = "{call.method}"\nwrk.body = {body}\n')
        args += ["-s", str(script)]
    output = subprocess.run([*args, base + call.path], capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return Load(
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=_latency_ms(output, "50%"),
        p99_ms=_latency_ms(output, "99%"),
        errors=int(errors.group(1)) if errors else 0,
    )


def _latency_ms(output: str, percentile: str) -> float:
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", output).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def count_queries(call: Call, *, warm: Call | bool = True) -> int:
    """SQL statements one request runs, measured in this process with Django's test client after a warm-up
    request that fills the caches: `call` itself, or the call given as `warm` (a submission warms up with another
    Idempotency-Key: the same key again would only replay), or none if `warm` is False."""
    import django
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    os.environ.update({key: value for key, value in server_env().items() if key not in os.environ})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    django.setup()
    # Production settings refuse the test client's default host, "testserver" (a 400 runs no query at all).
    client = Client(HTTP_HOST="localhost")

    def send(call: Call):
        headers = {k: v for k, v in call.all_headers().items() if k != "Content-Type"}
        return client.generic(call.method, call.path, call.body or "", "application/json", headers=headers)

    if warm:
        send(call if warm is True else warm)  # the first request may fill caches
    with CaptureQueriesContext(connection) as queries:
        response = send(call)
    if response.status_code >= 400:
        raise SystemExit(f"{call.method} {call.path} answered {response.status_code}: no query count to report")
    return len(queries)


# Blocks of (endpoint, floor) loads run one after the other, the median block of each reported: on a machine whose
# speed drifts between runs, interleaved blocks put the endpoint and its floor under the same conditions.
BLOCKS = int(os.environ.get("BENCH_BLOCKS", "1"))


def compare(base: str, name: str, call: Call, **load) -> Comparison:
    """Load `call` and its floor (the same bytes from memory, by the same method) on the same server, BLOCKS
    times interleaved, and keep the median of each."""
    body, content_type = fetch(base, call)
    (FLOOR_DIR / f"{name}.body").write_bytes(body)
    (FLOOR_DIR / f"{name}.type").write_text(content_type)
    floor = Call(path=f"/__bench__/floor/{name}", method=call.method, body=call.body)
    blocks = [(wrk(base, call, **load), wrk(base, floor, **load)) for _ in range(BLOCKS)]
    return Comparison(
        name=name,
        path=call.path,
        queries=count_queries(call),
        real=median_load([real for real, _floor in blocks]),
        floor=median_load([floor for _real, floor in blocks]),
    )


def median_load(loads: list[Load]) -> Load:
    return sorted(loads, key=lambda load: load.requests_per_second)[len(loads) // 2]


def report(result: Comparison) -> None:
    real, floor = result.real, result.floor
    print(
        f"{result.name:<24} {real.requests_per_second:>8.0f} req/s  p50 {real.p50_ms:>6.1f} ms  "
        f"p99 {real.p99_ms:>6.1f} ms  {result.queries:>2} queries | floor {floor.requests_per_second:>6.0f} req/s "
        f"| ratio {result.ratio:.2f}" + (f"  ({real.errors} errors!)" if real.errors else ""),
        flush=True,
    )
