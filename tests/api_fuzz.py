"""The API fuzz run: schemathesis over every operation of /api/schema/, against the app served by gunicorn.

    DATABASE_URL=postgres://.../marketplace_fuzz REDIS_URL=redis://... .venv/bin/python -m tests.api_fuzz [--fresh]

Creates the database if it is missing (with --fresh, drops it first: CI's way, so that no run starts from what
the last one wrote), migrates it and seeds the demo marketplace (manage.py seed_demo), serves it
with gunicorn on 127.0.0.1:FUZZ_PORT (default 8791) with the rate limits and the login lockout out of the way, then
runs schemathesis (settings: tests/api_fuzz.toml) as the demo shopper (alice), a store owner (hq_owner) and an
operator, the three at once: every operation, every check, a fixed seed, 25 examples an operation and the coverage
phase's own cases besides. Exits non-zero on any failure (a server error, a status or body the schema does not
describe, input it should refuse and takes), printing each role's report and the server's tracebacks.

The database keeps what the run wrote (orders, products, stores the operator froze): give it one of its own.
FUZZ_EXAMPLES and FUZZ_SEED change the amount and the seed, FUZZ_ROLES the roles ("shopper,owner")."""

import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
from dj_database_url import parse as parse_database_url

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("FUZZ_PORT", "8791"))
BASE = f"http://127.0.0.1:{PORT}"
EXAMPLES = os.environ.get("FUZZ_EXAMPLES", "25")
SEED = os.environ.get("FUZZ_SEED", "20261")
PASSWORD = "demo-pass-2026"  # the demo accounts' (seed_demo)
ROLES = {"shopper": "alice", "owner": "hq_owner", "operator": "operator"}
CONFIG = Path(__file__).with_name("api_fuzz.toml")


def server_env() -> dict[str, str]:
    """Development settings with DEBUG off (a 500 is the API's JSON, as in production), rate limits out of the way
    (the run sends thousands of requests a minute as one user) and the login lockout too (it tries passwords)."""
    return {
        **os.environ,
        "DEBUG": "false",
        "THROTTLE_ANON": "1000000/min",
        "THROTTLE_USER": "1000000/min",
        "THROTTLE_AUTH": "1000000/min",
        "THROTTLE_REDEEM": "1000000/min",
        "AXES_FAILURE_LIMIT": "1000000",
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "GUNICORN_WORKERS": os.environ.get("FUZZ_WORKERS", "4"),
        "GUNICORN_ACCESS_LOG": "",
        "LOG_LEVEL": "ERROR",  # the tracebacks of server errors, not every 4xx the run provokes
    }


def create_database(*, fresh: bool) -> None:
    """CREATE DATABASE for DATABASE_URL unless it exists (a CI machine's server starts with none of ours); `fresh`
    drops it first."""
    settings = parse_database_url(os.environ["DATABASE_URL"])
    connection = {"host": settings["HOST"] or None, "port": settings["PORT"] or None, "user": settings["USER"]}
    with psycopg.connect(dbname="postgres", password=settings["PASSWORD"] or None, autocommit=True, **connection) as db:
        if fresh:
            db.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}" WITH (FORCE)')
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [settings["NAME"]]).fetchone():
            db.execute(f'CREATE DATABASE "{settings["NAME"]}"')


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def wait_until_up(process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited before serving")
        try:
            urllib.request.urlopen(f"{BASE}/api/schema/", timeout=5)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not serve /api/schema/ within 60 s")


def start_fuzzing(role: str, env: dict[str, str], report: Path) -> subprocess.Popen:
    """schemathesis as `role`, writing its report to `report`. One process a role, not schemathesis' --workers:
    its threads trip over Python 3.11's ast module (hypothesis describes strategies by parsing their source)."""
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "--config-file",
        str(CONFIG),
        "run",
        f"{BASE}/api/schema/",
        "--checks",
        "all",
        "--seed",
        SEED,
        "--max-examples",
        EXAMPLES,
    ]
    run_env = {**env, "FUZZ_USERNAME": ROLES[role], "FUZZ_PASSWORD": PASSWORD, "COLUMNS": "120"}
    with report.open("w") as output:
        return subprocess.Popen(command, cwd=ROOT, env=run_env, stdout=output, stderr=subprocess.STDOUT)


def main() -> int:
    if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
        raise SystemExit("set DATABASE_URL and REDIS_URL: the run writes to that database")
    started = time.monotonic()
    env = server_env()
    create_database(fresh="--fresh" in sys.argv[1:])
    manage("migrate", "--no-input", "-v", "0", env=env)
    manage("seed_demo", env=env)
    work = Path(tempfile.mkdtemp(prefix="api-fuzz-"))
    log = work / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "marketplace.wsgi:application", "-c", "marketplace/gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    roles = [role.strip() for role in os.environ.get("FUZZ_ROLES", ",".join(ROLES)).split(",")]
    try:
        wait_until_up(server)
        print(f"schemathesis as {', '.join(roles)} (reports in {work})", flush=True)
        runs = {role: start_fuzzing(role, env, work / f"{role}.txt") for role in roles}
        statuses = {role: run.wait() for role, run in runs.items()}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    for role in roles:
        print(f"\n=== schemathesis as {role} ({ROLES[role]}): exit status {statuses[role]}\n")
        print((work / f"{role}.txt").read_text())
    failed = [role for role, status in statuses.items() if status != 0]
    if failed and log.stat().st_size:
        print(f"\n=== the server's errors ({log})\n{log.read_text()[-30000:]}")
    outcome = f"failed as {', '.join(failed)}" if failed else "passed"
    print(f"\napi fuzz: {outcome} in {time.monotonic() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
