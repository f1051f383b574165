"""The outbox (decision 0016): what leaves the database is written in the transaction that calls for it and
delivered after commit, outside any transaction, once per key, retried with growing waits, stuck for an operator
after the last attempt. The gateway refunds of after-sales are its first users (tests/orders/test_gateway_refunds.py
has theirs)."""

import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.db import close_old_connections, connection, transaction
from django.test import Client
from django.utils import timezone

from marketplace import outbox, tasks
from marketplace.models import OutboxMessage, OutboxStatus
from marketplace.outbox import outbox_deliver_due, outbox_put
from tests.factories import OperatorFactory, UserFactory

pytestmark = pytest.mark.django_db

ECHO = "tests.echo"


class Echo:
    """A handler that records each delivery (its key, and whether it ran inside a transaction); `failing` makes
    it raise, as a gateway that is down would."""

    def __init__(self):
        self.delivered: list[tuple[str, bool]] = []
        self.failing = False

    def __call__(self, message: OutboxMessage) -> dict:
        if self.failing:
            raise ConnectionError("the other side does not answer")
        self.delivered.append((message.key, connection.in_atomic_block))
        return {"echoed": message.payload}


@pytest.fixture
def echo():
    handler = Echo()
    outbox.HANDLERS[ECHO] = handler
    yield handler
    del outbox.HANDLERS[ECHO]


def test_a_row_is_delivered_once_its_transaction_commits_and_only_then(echo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            outbox_put(kind=ECHO, key="k1", payload={"n": 1})
            assert echo.delivered == []  # nothing leaves while the transaction is open
        assert echo.delivered == []

    [row] = OutboxMessage.objects.all()
    assert [key for key, _inside in echo.delivered] == ["k1"]
    assert (row.status, row.attempts, row.result) == (OutboxStatus.DELIVERED, 1, {"echoed": {"n": 1}})
    assert row.delivered_at is not None and row.leased_until is None


def test_the_same_key_twice_is_one_row_delivered_once(echo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        first = outbox_put(kind=ECHO, key="same", payload={"n": 1})
        again = outbox_put(kind=ECHO, key="same", payload={"n": 2})

    assert first is not None and again is None
    assert OutboxMessage.objects.count() == 1
    assert echo.delivered == [("same", True)]  # (tests run inside their own transaction)
    assert outbox_deliver_due() == {}  # delivered rows are never delivered again


def test_a_rolled_back_transaction_leaves_no_row_and_delivers_nothing(echo, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ZeroDivisionError),
        transaction.atomic(),
    ):
        outbox_put(kind=ECHO, key="lost", payload={})
        1 / 0  # noqa: B018 - the change that called for it fails

    assert not OutboxMessage.objects.exists()
    assert callbacks == [] and echo.delivered == []


def test_an_unknown_kind_is_refused_before_anything_is_written(echo):
    with pytest.raises(LookupError):
        outbox_put(kind="tests.nobody", key="k", payload={})
    assert not OutboxMessage.objects.exists()


def test_a_failing_delivery_waits_longer_each_time_then_is_stuck_until_an_operator_retries_it(
    echo, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_RETRY_SECONDS, settings.OUTBOX_MAX_ATTEMPTS = 30, 4
    echo.failing = True
    with transaction.atomic():
        outbox_put(kind=ECHO, key="down", payload={})
    now = timezone.now()

    waits = []
    for _ in range(3):
        assert outbox_deliver_due(now=now) == {OutboxStatus.PENDING: 1}
        row = OutboxMessage.objects.get()
        waits.append(round((row.next_attempt_at - now).total_seconds()))
        assert outbox_deliver_due(now=now) == {}  # not due again before its wait is over
        now = row.next_attempt_at
    assert waits == [30, 60, 120]
    assert outbox_deliver_due(now=now) == {OutboxStatus.STUCK: 1}  # the fourth and last attempt
    row = OutboxMessage.objects.get()
    assert (row.status, row.attempts) == (OutboxStatus.STUCK, 4)
    assert row.last_error == "ConnectionError: the other side does not answer"
    assert outbox_deliver_due(now=now + timedelta(days=1)) == {}  # stuck stays stuck

    # An operator finds it under "stuck" in the admin and retries it once the other side answers again.
    admin = Client()
    admin.force_login(OperatorFactory())
    listed = admin.get("/admin/marketplace/outboxmessage/?status__exact=stuck")
    assert listed.status_code == 200 and "down" in listed.content.decode()
    echo.failing = False
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            "/admin/marketplace/outboxmessage/", {"action": "retry_now", "_selected_action": [row.pk]}
        )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.DELIVERED, 1)
    assert echo.delivered == [("down", True)]


def test_a_row_a_worker_holds_is_left_to_it_until_its_lease_runs_out(echo, settings):
    with transaction.atomic():
        outbox_put(kind=ECHO, key="held", payload={})
    now = timezone.now()
    outbox._claim(now=now)  # a worker took it, then died before delivering

    assert outbox_deliver_due(now=now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS - 1)) == {}
    assert outbox_deliver_due(now=now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)) == {"delivered": 1}
    assert OutboxMessage.objects.get().attempts == 2


def test_finance_cannot_read_the_outbox_in_the_admin():
    finance = Client()
    finance.force_login(UserFactory(is_staff=True, roles=["finance"]))

    assert finance.get("/admin/marketplace/outboxmessage/").status_code == 403


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_deliver_each_row_once(echo):
    with mock.patch.object(tasks.deliver_outbox_message, "delay"), transaction.atomic():  # their messages lost
        for n in range(60):
            outbox_put(kind=ECHO, key=f"row-{n}", payload={})
    barrier, counts = threading.Barrier(2), []

    def sweep():
        try:
            barrier.wait()
            counts.append(outbox_deliver_due())
        finally:
            close_old_connections()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(count.get("delivered", 0) for count in counts) == 60
    assert sorted(key for key, _inside in echo.delivered) == sorted(f"row-{n}" for n in range(60))
    assert not any(inside for _key, inside in echo.delivered)  # each delivered outside any transaction
    assert set(OutboxMessage.objects.values_list("status", "attempts")) == {(OutboxStatus.DELIVERED, 1)}
