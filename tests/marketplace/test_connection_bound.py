"""A burst of requests to `make run`'s web server opens no more PostgreSQL connections than it has workers.

Found by a probe: `make run` served with Django's development server, a thread and a connection per request
kept for CONN_MAX_AGE, so a burst of 50 checkouts left 65 idle connections and answered 500 "too many clients
already". The server `make run` starts (marketplace.devstack.WEB_COMMAND) is started here the same way, on the
test database, and hit by more concurrent requests than PostgreSQL would let it open connections for."""

import os
import socket
import subprocess
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from marketplace import devstack
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]
BURST = 60


# The web server's connections name themselves, so that connections other tests' threads left open in the same
# database (a thread's connection lives until it is collected) are not counted as the server's.
APPLICATION_NAME = "connection-bound-web"


def database_url() -> str:
    db = settings.DATABASES["default"]
    host = quote(db["HOST"], safe="") if db["HOST"].startswith("/") else db["HOST"]
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{db['USER']}@{host}{port}/{db['NAME']}?application_name={APPLICATION_NAME}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def web_server():
    """make run's web server on the test database, development settings; yields its base URL."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "marketplace.settings",
        "DATABASE_URL": database_url(),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(devstack.WEB_WORKERS),
        "GUNICORN_ACCESS_LOG": "",
        "THROTTLE_USER": "100000/min",
    }
    server = subprocess.Popen(devstack.WEB_COMMAND, cwd=settings.BASE_DIR, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/favicon.ico", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def server_connections(*, but: int) -> int:
    """The web server's connections to the test database (by their application name), not this thread's or the
    test's own (`but`), nor PostgreSQL's own workers (an autovacuum worker busy with this database is listed too)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND pid <> %s AND backend_type = 'client backend' AND application_name = %s",
            [but, APPLICATION_NAME],
        )
        return cursor.fetchone()[0]


def test_a_burst_opens_no_more_connections_than_the_server_has_workers(web_server):
    tokens = [client_for(UserFactory())._credentials["HTTP_AUTHORIZATION"] for _ in range(10)]
    seen, done, test_connection = [], threading.Event(), backend_pid()

    def watch():
        while not done.is_set():
            seen.append(server_connections(but=test_connection))
            time.sleep(0.02)
        connection.close()

    def ask(n: int) -> int:
        request = urllib.request.Request(f"{web_server}/api/v1/me/", headers={"Authorization": tokens[n % 10]})
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with ThreadPoolExecutor(BURST) as pool:
            statuses = list(pool.map(ask, range(BURST * 3)))
    finally:
        done.set()
        watcher.join()

    assert statuses == [200] * (BURST * 3)
    assert 0 < max(seen) <= devstack.WEB_WORKERS
