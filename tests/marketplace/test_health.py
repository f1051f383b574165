import time

import pytest
from django.db import connection
from django.test import override_settings

from tests.workers import CeleryWorker


@pytest.fixture
def celery_worker():
    """A real Celery worker process on the real Redis broker, as `make run` starts one."""
    worker = CeleryWorker("healthz-test").start()
    try:
        yield worker
    finally:
        worker.stop()


@pytest.mark.django_db
def test_healthz_is_200_when_database_redis_and_a_worker_answer(client, celery_worker):
    deadline = time.monotonic() + 30  # the worker process needs a few seconds to start
    while (response := client.get("/healthz")).status_code != 200 and time.monotonic() < deadline:
        time.sleep(0.2)

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok", "celery": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_healthz_is_503_naming_celery_when_no_worker_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["celery"]


@pytest.mark.django_db
@override_settings(REDIS_URL="redis://127.0.0.1:1/0")
def test_healthz_is_503_naming_redis_and_celery_when_redis_is_down(client):
    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["redis", "celery"]
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_naming_the_database_when_it_is_unreachable(client):
    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT="1")
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)

    assert response.status_code == 503
    assert "database" in response.json()["failing"]
