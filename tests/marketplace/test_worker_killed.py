"""Periodic jobs whose worker is SIGKILLed in the middle: after a restart every effect has happened exactly once
(issue 10, "Reliability and security").

Each job is one `JobCase` of JOBS: how to make N units of its pending work, the task its beat entry sends, how
many units are done (polled, to kill in the middle), and what "exactly once" means for it. A new periodic job
(settlement, marketing) is one more case: a `make_work`, a `done` and a `check` function and one line in JOBS;
`test_every_periodic_job_is_killed_here_or_says_why_not` fails until it has one.

A real prefork worker with two pool processes (production runs four) consumes the test's broker (REDIS_URL: give
the test run its own Redis database) against the test database, with the runtime settings: tests.settings runs
tasks eagerly, so a sweep that fans out would run its messages inline. Once a quarter of the work is done and
the worker is inside a transaction, it is killed in one of two ways:

- its pool processes: the worker's main process sees them lost and, acks late and rejecting on a lost worker
  (CELERY_TASK_ACKS_LATE, CELERY_TASK_REJECT_ON_WORKER_LOST), puts their messages back at once; new pool
  processes run the same messages again;
- the whole worker (its machine dies): its unacknowledged messages wait in Redis for the visibility timeout,
  after which the next worker takes them back. The test moves that hour forward and starts a new worker.

Either way beat's next run of the job comes at once, beside the message given back, and the two run side by
side. The test then asserts, from the workers' log, that the killed worker's messages were delivered again and
ran to their end, and, from the database, the job's `check`.
"""

import os
import re
import time
import uuid
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
from celery.exceptions import AlwaysEagerIgnored
from django.conf import settings
from django.db import connection
from django.db.models import Count, Sum
from django.utils import timezone

from catalog.models import Spu, Stock, StockMovement, StockMovementKind
from catalog.services.stock import stock_adjust
from coupons import services as coupon_services
from coupons.models import CouponStatus, UserCoupon
from marketplace import tasks as marketplace_tasks
from marketplace.celery import app as celery_app
from marketplace.models import OutboxMessage, OutboxStatus
from orders import tasks
from orders.aftersales.services import RefundLineRequest, refund_approve, refund_request
from orders.checkout.preview import CheckoutRequest, checkout_price
from orders.checkout.services import Submission, order_submit
from orders.models import (
    OrderEvent,
    OrderLine,
    OrderStatus,
    Parcel,
    ParcelLine,
    PaymentShare,
    Refund,
    SimulatedGatewayRefund,
    StoreOrder,
    Trade,
)
from orders.payment.gateway_refunds import GATEWAY_REFUND
from orders.payment.services import payment_start, payment_succeeded
from orders.pricing import LineRequest
from tests.catalog.factories import PhoneCatalog
from tests.coupons.factories import coupon_template
from tests.factories import MembershipFactory, StoreFactory, UserFactory, WarehouseFactory
from tests.orders.helpers import address_of, sku_of
from tests.workers import CeleryWorker

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]

# The worker's connections name themselves, so that the test can see when one holds a transaction open.
WORKER_DB_NAME = f"kill-test-{os.getpid()}"
JOB_SECONDS = 60  # far more than a job of this size takes; reaching it is a failure, not a wait


@dataclass(frozen=True)
class JobCase:
    """A periodic job as the kill test drives it."""

    task: str  # what its CELERY_BEAT_SCHEDULE entry sends
    units: int  # pending work to make: enough for the job to run a few seconds
    make_work: Callable[[int], Any]  # makes that many units; returns what `done` and `check` need
    done: Callable[[Any], int]  # units done so far (read from the database, polled to time the kill)
    check: Callable[[Any], None]  # every effect happened exactly once, nothing was lost
    # What the passing of time does after a death that the job's own claims wait for (the outbox's lease): moved
    # forward at once, as pass_the_visibility_timeout moves the broker's.
    after_kill: Callable[[], Any] = lambda: None


# --- The payment timeout sweep: unpaid trades past their deadline, each holding stock and coupons


@dataclass
class UnpaidTrades:
    orders: int
    skus: list
    coupons: int
    on_hand: dict[int, int]  # SKU id -> units on hand
    spu_stock: dict[int, int]  # SPU id -> its available total, before anyone ordered


def unpaid_trades_past_their_deadline(orders: int) -> UnpaidTrades:
    """Each member bought a phone from one store and a case from another (two store orders in one trade), with a
    store coupon on the phone's order and a platform coupon on the whole trade; nobody paid in time."""
    trades = orders // 2
    catalog = PhoneCatalog()
    phone_store = StoreFactory()
    phone = sku_of(catalog.phone(phone_store, stock=trades))
    case = sku_of(catalog.phone(StoreFactory(), title="手机壳 Case", prices=("39.00", "49.00"), stock=trades))
    store_coupon = coupon_template(store=phone_store, value=Decimal("100"), threshold=Decimal("5000"), total=trades)
    platform_coupon = coupon_template(value=Decimal("10"), threshold=Decimal("100"), total=trades)
    spu_stock = dict(Spu.objects.filter(skus__in=(phone, case)).values_list("pk", "stock"))
    payable = None
    for _ in range(trades):
        member = UserFactory()
        for template in (store_coupon, platform_coupon):
            coupon_services.coupon_claim(template=template, user=member)
        checkout = CheckoutRequest(
            lines=(LineRequest(phone.pk, 1), LineRequest(case.pk, 1)), address_id=address_of(member).pk
        )
        payable = payable or checkout_price(user=member, request=checkout, now=timezone.now()).breakdown.payable
        order_submit(user=member, submission=Submission(checkout=checkout, expected_payable=payable))
    Trade.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert UserCoupon.objects.filter(status=CouponStatus.LOCKED).count() == 2 * trades  # both coupons on every trade
    return UnpaidTrades(
        orders=2 * trades,
        skus=[phone, case],
        coupons=2 * trades,
        on_hand={sku.pk: trades for sku in (phone, case)},
        spu_stock=spu_stock,
    )


def cancelled_orders(work: UnpaidTrades) -> int:
    return StoreOrder.objects.filter(status=OrderStatus.CANCELLED).count()


def each_order_cancelled_once_giving_back_its_stock_and_coupons_once(work: UnpaidTrades) -> None:
    assert StoreOrder.objects.filter(status=OrderStatus.CANCELLED).count() == work.orders == StoreOrder.objects.count()
    cancellations = OrderEvent.objects.filter(type="cancelled").values("order").annotate(n=Count("pk"))
    assert sorted(row["n"] for row in cancellations) == [1] * work.orders
    assert set(OrderEvent.objects.filter(type="cancelled").values_list("reason_code", flat=True)) == {"payment_timeout"}
    # Stock: nothing reserved any more, nothing on hand lost, one release per order line in the stock history.
    stocks = Stock.objects.filter(sku__in=work.skus)
    assert {(s.sku_id, s.on_hand, s.reserved) for s in stocks} == {(sku, n, 0) for sku, n in work.on_hand.items()}
    assert dict(Spu.objects.filter(skus__in=work.skus).values_list("pk", "stock")) == work.spu_stock
    releases = StockMovement.objects.filter(kind=StockMovementKind.RELEASE).values("reference", "sku")
    assert sorted(row["n"] for row in releases.annotate(n=Count("pk"))) == [1] * OrderLine.objects.count()
    # Coupons: every one back in its member's wallet, none minted.
    assert UserCoupon.objects.count() == work.coupons
    assert set(UserCoupon.objects.values_list("status", "locked_by")) == {(CouponStatus.UNUSED, "")}


TIMEOUT_SWEEP = JobCase(
    task="orders.tasks.cancel_unpaid_orders",
    units=120,  # unpaid orders, two in each trade
    make_work=unpaid_trades_past_their_deadline,
    done=cancelled_orders,
    check=each_order_cancelled_once_giving_back_its_stock_and_coupons_once,
)


# --- The shipment split: paid orders whose split message was lost, reserved far from the shopper


@dataclass
class PaidOrders:
    orders: int
    phone: Any
    near: Any
    far: Any
    on_hand: dict[int, int]


def paid_orders_waiting_for_their_split(orders: int) -> PaidOrders:
    """Each member bought two phones; submission reserved them in the Beijing warehouse (it had the most), the
    split ships them from Shanghai (the shopper's city), moving the reservation. The split messages were lost,
    so the sweep finds the orders past the grace time."""
    store = StoreFactory()
    near = WarehouseFactory(store=store, region_id="310115", name="上海仓")
    far = WarehouseFactory(store=store, region_id="110105", name="北京仓")
    phone = sku_of(PhoneCatalog().phone(store, stock=0))
    # Beijing keeps more available than Shanghai at every submission, so each reserves there.
    on_hand = {far.pk: 6 * orders, near.pk: 3 * orders}
    for warehouse in (far, near):
        stock_adjust(sku=phone, warehouse=warehouse, delta=on_hand[warehouse.pk], reason="stock-in", by=None)
    payable = None
    with mock.patch.object(tasks.split_shipments, "delay"):  # the broker lost every split message
        for _ in range(orders):
            member = UserFactory()
            checkout = CheckoutRequest(lines=(LineRequest(phone.pk, 2),), address_id=address_of(member).pk, coupons=())
            payable = payable or checkout_price(user=member, request=checkout, now=timezone.now()).breakdown.payable
            trade = order_submit(user=member, submission=Submission(checkout=checkout, expected_payable=payable))
            payment = payment_start(trade=trade, method="simulated")
            payment_succeeded(
                gateway="simulated",
                event_id=uuid.uuid4().hex,
                payment_no=payment.payment_no,
                amount=payment.amount,
                payload={},
            )
    StoreOrder.objects.update(paid_at=timezone.now() - timedelta(hours=1))
    assert Stock.objects.get(sku=phone, warehouse=far).reserved == 2 * orders
    return PaidOrders(orders=orders, phone=phone, near=near, far=far, on_hand=on_hand)


def orders_with_parcels(work: PaidOrders) -> int:
    return StoreOrder.objects.filter(parcels__isnull=False).distinct().count()


def each_order_split_once_moving_its_reservation_once(work: PaidOrders) -> None:
    assert StoreOrder.objects.filter(status=OrderStatus.PAID).count() == work.orders
    splits = OrderEvent.objects.filter(type="parcels_split").values("order").annotate(n=Count("pk"))
    assert sorted(row["n"] for row in splits) == [1] * work.orders
    # One parcel per order, from Shanghai, holding the order's two phones: no parcel twice, no unit twice.
    parcels = Parcel.objects.values("order").annotate(n=Count("pk"))
    assert sorted(row["n"] for row in parcels) == [1] * work.orders
    assert set(Parcel.objects.values_list("warehouse", flat=True)) == {work.near.pk}
    shipped = ParcelLine.objects.values("order_line").annotate(units=Sum("quantity"))
    assert {row["order_line"]: row["units"] for row in shipped} == dict(OrderLine.objects.values_list("pk", "quantity"))
    # Stock: the reservations all moved to Shanghai, each order's once; nothing on hand changed.
    stocks = {s.warehouse_id: (s.on_hand, s.reserved) for s in Stock.objects.filter(sku=work.phone)}
    assert stocks == {
        work.far.pk: (work.on_hand[work.far.pk], 0),
        work.near.pk: (work.on_hand[work.near.pk], 2 * work.orders),
    }
    order_nos = StoreOrder.objects.values_list("order_no", flat=True)
    moves = StockMovement.objects.filter(reference__in=order_nos).values("reference", "kind", "warehouse")
    assert sorted((row["kind"], row["warehouse"], row["n"]) for row in moves.annotate(n=Count("pk"))) == sorted(
        [(StockMovementKind.RELEASE, work.far.pk, 1), (StockMovementKind.RESERVE, work.near.pk, 1)] * work.orders
    )


SHIPMENT_SPLIT = JobCase(
    task="orders.tasks.split_missed_shipments",
    units=80,  # paid orders
    make_work=paid_orders_waiting_for_their_split,
    done=orders_with_parcels,
    check=each_order_split_once_moving_its_reservation_once,
)


# --- The outbox: approved refunds whose gateway part waits to be sent, their delivery messages lost


@dataclass
class RefundsToSend:
    cash: dict[str, Decimal]  # refund number -> what the gateway must pay back for it, once


def refunds_waiting_for_the_gateway(units: int) -> RefundsToSend:
    """Members each bought five phones and asked for them back one by one; the store approved every request
    before anything shipped. Each approval wrote its refund and the outbox row that sends it to the gateway; the
    messages that deliver those rows after commit were lost, so the outbox's sweep finds them all due."""
    per_order = 5
    store = StoreFactory()
    owner = MembershipFactory(store=store).user
    phone = sku_of(PhoneCatalog().phone(store, stock=units))
    payable = None
    with mock.patch.object(marketplace_tasks.deliver_outbox_message, "delay"):  # the broker lost every delivery
        for _ in range(units // per_order):
            member = UserFactory()
            checkout = CheckoutRequest(
                lines=(LineRequest(phone.pk, per_order),), address_id=address_of(member).pk, coupons=()
            )
            payable = payable or checkout_price(user=member, request=checkout, now=timezone.now()).breakdown.payable
            trade = order_submit(user=member, submission=Submission(checkout=checkout, expected_payable=payable))
            payment = payment_start(trade=trade, method="simulated")
            payment_succeeded(
                gateway="simulated",
                event_id=uuid.uuid4().hex,
                payment_no=payment.payment_no,
                amount=payment.amount,
                payload={},
            )
            order = trade.orders.get()
            line = order.lines.get()
            for _ in range(per_order):
                refund = refund_request(
                    order=order, user=member, kind="refund_only", lines=[RefundLineRequest(line.pk, 1)], reason="不要了"
                )
                refund_approve(refund=refund, by=owner)
    cash = dict(Refund.objects.values_list("refund_no", "amount"))
    assert len(cash) == units and OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count() == units
    assert not SimulatedGatewayRefund.objects.exists()
    return RefundsToSend(cash=cash)


def refunds_sent(work: RefundsToSend) -> int:
    return OutboxMessage.objects.filter(kind=GATEWAY_REFUND, status=OutboxStatus.DELIVERED).count()


def pass_the_lease() -> None:
    """What a dead worker claimed becomes claimable again, as OUTBOX_LEASE_SECONDS later."""
    OutboxMessage.objects.filter(status=OutboxStatus.PENDING, leased_until__isnull=False).update(
        leased_until=timezone.now() - timedelta(seconds=1)
    )


def each_refund_paid_back_once_by_the_gateway_and_its_row_delivered_once(work: RefundsToSend) -> None:
    rows = OutboxMessage.objects.filter(kind=GATEWAY_REFUND)
    assert rows.count() == len(work.cash)
    assert set(rows.values_list("status", flat=True)) == {OutboxStatus.DELIVERED}
    assert not rows.filter(delivered_at__isnull=True).exists()
    # The gateway's own book: one refund per refund number, of exactly its amount, whatever was asked again.
    book = SimulatedGatewayRefund.objects.all()
    assert dict(book.values_list("refund_no", "amount")) == work.cash
    assert book.count() == len(work.cash)
    asked_again = sum(book.values_list("requests", flat=True)) - len(work.cash)
    print(f"the gateway was asked again {asked_again} time(s) after the kill, and paid nothing more")
    # Each refund learnt its gateway id; the money the database moved at approval is unchanged.
    assert {r.refund_no: r.gateway_refund_id for r in Refund.objects.all()} == {n: f"sim-{n}" for n in work.cash}
    assert PaymentShare.objects.aggregate(total=Sum("refunded"))["total"] == sum(work.cash.values())


OUTBOX_DELIVERY = JobCase(
    task="marketplace.tasks.deliver_outbox",
    units=300,  # refunds of one phone each
    make_work=refunds_waiting_for_the_gateway,
    done=refunds_sent,
    check=each_refund_paid_back_once_by_the_gateway_and_its_row_delivered_once,
    after_kill=pass_the_lease,
)


JOBS = {"timeout-sweep": TIMEOUT_SWEEP, "shipment-split": SHIPMENT_SPLIT, "outbox-delivery": OUTBOX_DELIVERY}

# The other periodic jobs, and why a kill in their middle can neither repeat nor lose an effect.
NOT_KILLED_HERE = {
    "members.tasks.purge_expired_tokens": "one DELETE statement: all of it or none",
    "settlement.tasks.post_ledger": (
        "one INSERT ... SELECT for the payments (all or none), then a transaction per batch of refunds; an entry is "
        "unique per event and line, so a run again writes only what the killed one did not"
    ),
    "settlement.tasks.bill_cycle": "creates one bill run row and sends it: a kill leaves a run for the resume sweep",
    "settlement.tasks.resume_bill_runs": (
        "each store billed in one transaction; the next run skips stores billed to the date and claims only "
        "entries not yet billed (tests/settlement/test_bills.py runs two at once)"
    ),
    "settlement.tasks.roll_up_reports": (
        "each rollup adds what lies beyond its watermark and moves the mark in the same transaction: a kill rolls "
        "both back, and the next run counts the same entries and events once"
    ),
    "members.tasks.expire_points": "one transaction per member under its row lock; an expired lot has nothing left",
    "catalog.tasks.apply_shelf_schedule": "one transaction per product, its status re-checked under its row lock",
    "catalog.tasks.sweep_missing_thumbnails": "a picture's thumbnails are made whole again by a second run",
    "orders.tasks.sweep_missing_evidence_thumbnails": "an after-sales photo's thumbnails are made whole again by a "
    "second run, as a product picture's",
    "coupons.tasks.expire_coupons": "one UPDATE statement: all of it or none",
    "orders.tasks.advance_delivered_orders": (
        "one transaction per order, its status re-checked under its row lock, its points and growth earned in it; "
        "nothing is decided across orders (as the trade's platform coupons are in the timeout sweep)"
    ),
    "coupons.tasks.remind_expiring_coupons": (
        "one transaction per batch of coupons, whose messages and e-mail / SMS outbox rows are keyed by the coupon: "
        "a batch run again writes nothing (tests/marketplace/test_notifications.py)"
    ),
    "flashsales.tasks.expire_holds": (
        "the gate gives back each expired hold once whoever asks (a Lua script), then one UPDATE marks them: a run "
        "again releases what the killed one did not (tests/flashsales/test_concurrency.py runs two at once)"
    ),
    "flashsales.tasks.close_sessions": (
        "one transaction per session under its row lock, its status re-checked: the unsold units go back once "
        "(tests/flashsales/test_concurrency.py runs two at once); its gate's keys are dropped after commit"
    ),
    "groupbuys.tasks.close_due_groups": (
        "one transaction per group under its paid orders' and its own row locks, its status re-checked: a group "
        "succeeds or fails, and its members are refunded, once (tests/groupbuys/test_concurrency.py runs two at "
        "once); a late payment's refund is one transaction under the order's lock, its member's status re-checked"
    ),
    "auctions.tasks.close_auctions": (
        "one transaction per auction under its row lock, its status and deadline re-checked: a winner is named and "
        "each deposit given back once (tests/auctions/test_jobs.py runs it twice and two at once); the refunds "
        "leave through the outbox, once per refund number"
    ),
    "presales.tasks.close_deposit_windows": (
        "one transaction per presale under its row lock, its close re-checked: recorded once "
        "(tests/presales/test_jobs.py runs it twice)"
    ),
    "presales.tasks.remind_balances": (
        "one transaction per deposit under its row lock, its reminder re-checked; the message is keyed by the "
        "deposit, so a run again tells no one twice (tests/presales/test_jobs.py runs it twice)"
    ),
    "presales.tasks.end_presales": (
        "one transaction per deposit under its row lock, its status re-checked: a deposit is kept once and its goods "
        "released once; the presale ends when none is left (tests/presales/test_concurrency.py runs two at once)"
    ),
    "vouchers.tasks.expire_vouchers": (
        "one transaction per voucher under its order's and its own row locks, its status re-checked: expired or "
        "refunded once, the refund's money leaving through the outbox once per refund number "
        "(tests/vouchers/test_concurrency.py runs it twice at once)"
    ),
    "companies.deals.tasks.expire_deals": (
        "one transaction per deal under its row lock, its status and date re-checked: expired once, with one event "
        "(tests/companies/test_deals.py runs it twice)"
    ),
    "orders.tasks.sweep_uncollected_pickups": (
        "one transaction per order under its row lock: a reminder re-checks `pickup_reminded_at` and its message is "
        "keyed by its event; a refund goes through refund_in_full, which refunds an order still paid once "
        "(tests/orders/test_pickup.py runs it twice, tests/orders/test_o2o_races.py two at once)"
    ),
    "companies.credit.tasks.issue_statements": (
        "one transaction per company under its row lock, the statement unique per company and month and looked for "
        "again under the lock: a run again writes only the companies the killed one did not "
        "(tests/companies/test_statements.py issues twice)"
    ),
    "companies.credit.tasks.mark_overdue": (
        "one transaction per company under its row lock, `credit_overdue_since` re-checked; its message is keyed by "
        "the company and the day, so a run again tells no one twice (tests/companies/test_statements.py runs it twice)"
    ),
    "orders.tasks.track_parcels": (
        "one transaction per parcel under its order's row lock, where the order's last parcel delivers it; "
        "tracking events are unique per parcel, status and time"
    ),
}


# --- The broker, the workers and the database, as the test watches them


def send_as_beat(task: str) -> None:
    """Put the job's message on the broker as beat does (this process's own tasks run eagerly)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AlwaysEagerIgnored)
        celery_app.send_task(task)


def broker_backlog() -> int:
    """Messages waiting in the queue, or taken by a worker and not acknowledged yet (acks late: until the task
    ran; a dead worker's stay there until the visibility timeout)."""
    with celery_app.connection_for_write() as broker:
        channel = broker.default_channel
        queue = celery_app.conf.task_default_queue
        waiting = sum(channel.client.llen(channel._q_for_pri(queue, pri)) for pri in channel.priority_steps)
        return waiting + channel.client.zcard(channel.unacked_index_key)


def pass_the_visibility_timeout() -> int:
    """What a dead worker held becomes visible again, as an hour later (CELERY_BROKER_TRANSPORT_OPTIONS): the next
    worker puts it back in the queue when it starts. Returns how many messages that is."""
    with celery_app.connection_for_write() as broker:
        channel = broker.default_channel
        tags = channel.client.zrange(channel.unacked_index_key, 0, -1)
        if tags:
            channel.client.zadd(channel.unacked_index_key, dict.fromkeys(tags, 0))
        return len(tags)


def empty_broker() -> None:
    """Messages left by an earlier run that was stopped would run against this test's rows."""
    with celery_app.connection_for_write() as broker:
        channel = broker.default_channel
        queue = celery_app.conf.task_default_queue
        channel.client.delete(
            *(channel._q_for_pri(queue, pri) for pri in channel.priority_steps),
            channel.unacked_key,
            channel.unacked_index_key,
        )


def messages_run_again(log: Path) -> tuple[set[str], set[str]]:
    """From the workers' log: the task ids received more than once (their message was given back), and the
    ids that succeeded. The same message keeps its id however often it is delivered."""
    received, succeeded = Counter(), set()
    for line in log.read_text().splitlines():
        if match := re.search(r"Task [\w.]+\[([0-9a-f-]+)\] (received|succeeded)", line):
            task_id, what = match.groups()
            if what == "received":
                received[task_id] += 1
            else:
                succeeded.add(task_id)
    return {task_id for task_id, times in received.items() if times > 1}, succeeded


def worker_database_url() -> str:
    """The test database (pytest-django's), under a name the test can find in pg_stat_activity."""
    url = urlsplit(settings.DATABASE_URL)
    query = urlencode([*parse_qsl(url.query), ("application_name", WORKER_DB_NAME)])
    return urlunsplit(url._replace(path="/" + connection.settings_dict["NAME"], query=query))


def worker_in_transaction() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s AND xact_start IS NOT NULL",
            [WORKER_DB_NAME],
        )
        return cursor.fetchone()[0] > 0


@dataclass
class Workers:
    """The test's workers, one after another, writing to one log."""

    log: Path
    started: list[CeleryWorker]

    def start(self) -> CeleryWorker:
        worker = CeleryWorker(
            f"kill-test-{len(self.started)}",
            pool="prefork",
            concurrency=2,  # the job's given-back message and beat's next run side by side, as in production
            loglevel="info",  # each message received and succeeded, by task id
            log=self.log,
            env={
                "DJANGO_SETTINGS_MODULE": "marketplace.settings",
                "DATABASE_URL": worker_database_url(),
                "DEBUG": "false",  # a worker in DEBUG keeps every query in memory
            },
        )
        self.started.append(worker.start())
        return worker


@pytest.fixture
def workers(tmp_path):
    """Stops whatever is left of the workers after the test, before the tables are flushed under them."""
    workers = Workers(log=tmp_path / "workers.log", started=[])
    empty_broker()
    yield workers
    for worker in workers.started:
        worker.stop()
    empty_broker()
    if workers.log.exists():  # pytest shows it when the test failed
        print("\n".join(workers.log.read_text().splitlines()[-80:]))


def kill_in_the_middle(case: JobCase, work, kill: Callable[[], None]) -> None:
    """Wait until some but not all of the work is done and the worker holds a transaction open (it is inside
    one unit of work), and kill it there."""
    deadline = time.monotonic() + JOB_SECONDS
    while (done := case.done(work)) < case.units // 4 or not worker_in_transaction():
        if done >= case.units:
            pytest.fail(f"{case.task} finished before the kill: give it more work")
        if time.monotonic() > deadline:
            pytest.fail(f"{case.task} did not get a quarter done in {JOB_SECONDS} s")
        time.sleep(0.01)
    kill()
    assert 0 < case.done(work) < case.units, "the kill did not land in the middle of the job"


def wait_for_the_job(case: JobCase, work) -> None:
    """Until the broker holds nothing (every message ran and was acknowledged) a while; if work is still undone
    then, beat's next run comes, as it would a minute later."""
    deadline, quiet, reruns = time.monotonic() + JOB_SECONDS, 0, 0
    while time.monotonic() < deadline:
        quiet = quiet + 1 if broker_backlog() == 0 else 0
        if quiet >= 3:
            if case.done(work) >= case.units or reruns == 3:
                return
            send_as_beat(case.task)
            quiet, reruns = 0, reruns + 1
        time.sleep(0.2)
    pytest.fail(f"{case.task} still had messages after {JOB_SECONDS} s")


def assert_killed(pids: list[int]) -> None:
    assert pids, "the worker had no pool process to kill"


@pytest.mark.parametrize("case", JOBS.values(), ids=JOBS.keys())
@pytest.mark.parametrize("death", ["pool-process", "whole-worker"])
def test_a_periodic_job_killed_in_the_middle_has_each_effect_exactly_once_after_a_restart(case, death, workers):
    work = case.make_work(case.units)
    worker = workers.start()
    send_as_beat(case.task)

    if death == "pool-process":
        kill_in_the_middle(case, work, lambda: assert_killed(worker.kill_pool()))
    else:
        kill_in_the_middle(case, work, worker.kill)
        assert pass_the_visibility_timeout() >= 1  # the message the worker was running, at least
        workers.start()
    case.after_kill()
    send_as_beat(case.task)  # beat's next run, beside the message given back
    wait_for_the_job(case, work)

    given_back, succeeded = messages_run_again(workers.log)
    assert given_back, "no message of the killed worker was delivered again"
    assert given_back <= succeeded, "a message given back did not run to its end"
    assert case.done(work) == case.units
    case.check(work)


def test_every_periodic_job_is_killed_here_or_says_why_not():
    periodic = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    covered = {case.task for case in JOBS.values()} | set(NOT_KILLED_HERE)
    assert covered <= periodic, f"no such periodic job any more: {sorted(covered - periodic)}"
    assert periodic <= covered, (
        f"periodic jobs with no kill case: {sorted(periodic - covered)}. Add a JobCase to JOBS in this file (how to "
        "make its pending work, how many units are done, what exactly once means for it), or to NOT_KILLED_HERE "
        "the reason a kill in its middle can neither repeat nor lose an effect."
    )
