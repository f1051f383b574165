"""The gateway's part of a refund leaves after the refund's transaction commits, through the outbox (decision 0016).
Found by a reading: `_pay_back` called the gateway inside the refund's transaction, so a later rollback lost the
gateway's refund id while the money had moved."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from marketplace import outbox
from marketplace.models import OutboxMessage, OutboxStatus
from marketplace.tasks import deliver_outbox
from members.services.stored_value import stored_value_load
from orders.aftersales import services as aftersales
from orders.models import PaymentShare, Refund, SimulatedGatewayRefund, StoreOrder
from orders.payment.gateways import GatewayRefused, SimulatedGateway
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.orders.helpers import address_of, sku_of, submit
from tests.orders.test_refunds import ask, paid_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def api(member):
    return client_for(member)


def approve(owner_api, refund_id: int) -> dict:
    response = owner_api.post(f"/api/v1/seller/refunds/{refund_id}/approve/", {})
    assert response.status_code == 200, response.json()
    return response.json()


def test_an_approved_refund_reaches_the_gateway_after_commit_once_and_learns_its_id(
    api, member, store, owner_api, django_capture_on_commit_callbacks
):
    order = paid_order(api, member, store, quantity=2)
    refund = ask(api, order, 1).json()

    with django_capture_on_commit_callbacks(execute=True):
        approved = approve(owner_api, refund["id"])

    refund_no = approved["refund_no"]
    assert approved["status"] == "refunded"
    [booked] = SimulatedGatewayRefund.objects.all()
    assert (booked.refund_no, booked.amount, booked.requests) == (refund_no, Decimal("5999.00"), 1)
    assert booked.payment_no == PaymentShare.objects.get(order=order).payment.payment_no
    assert Refund.objects.get(refund_no=refund_no).gateway_refund_id == f"sim-{refund_no}"
    assert OutboxMessage.objects.get(key=refund_no).status == OutboxStatus.DELIVERED
    assert deliver_outbox() == {}  # the sweep finds nothing left to send


def test_an_approval_rolled_back_after_the_fact_moves_no_money_at_the_gateway(
    api, member, store, owner, django_capture_on_commit_callbacks
):
    order = paid_order(api, member, store, quantity=1)
    refund = Refund.objects.get(pk=ask(api, order, 1).json()["id"])

    with django_capture_on_commit_callbacks(execute=True) as sent, pytest.raises(RuntimeError), transaction.atomic():
        aftersales.refund_approve(refund=refund, by=owner)
        raise RuntimeError("something later in the same transaction fails")

    refund.refresh_from_db()
    assert refund.status == "requested"
    assert PaymentShare.objects.get(order=order).refunded == Decimal("0.00")
    assert sent == [] and not OutboxMessage.objects.exists()
    assert not SimulatedGatewayRefund.objects.exists()  # the gateway was never asked


def test_a_gateway_that_is_down_gets_the_refund_once_it_is_back(
    api, member, store, owner_api, monkeypatch, django_capture_on_commit_callbacks
):
    order = paid_order(api, member, store, quantity=1)
    refund = ask(api, order, 1).json()

    def down(self, **kwargs):
        raise ConnectionError("gateway timeout")

    with monkeypatch.context() as patched:
        patched.setattr(SimulatedGateway, "refund", down)
        with django_capture_on_commit_callbacks(execute=True):
            approved = approve(owner_api, refund["id"])
    row = OutboxMessage.objects.get(key=approved["refund_no"])

    assert approved["status"] == "refunded"  # decided and recorded; the money is on its way
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.PENDING, 1, "ConnectionError: gateway timeout")
    assert Refund.objects.get(pk=refund["id"]).gateway_refund_id == ""
    assert deliver_outbox() == {}  # not before its next attempt is due

    assert outbox.outbox_deliver_due(now=row.next_attempt_at) == {"delivered": 1}
    assert Refund.objects.get(pk=refund["id"]).gateway_refund_id == f"sim-{approved['refund_no']}"
    assert SimulatedGatewayRefund.objects.get().requests == 1


def test_a_worker_that_died_after_the_gateway_paid_asks_again_and_no_more_money_moves(
    api, member, store, owner_api, settings
):
    order = paid_order(api, member, store, quantity=1)
    refund_no = approve(owner_api, ask(api, order, 1).json()["id"])["refund_no"]  # its message was lost
    now = timezone.now()
    message = outbox._claim(now=now)
    outbox.HANDLERS[message.kind](message)  # the gateway paid; then the worker died before marking the row

    later = now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    assert outbox.outbox_deliver_due(now=later) == {"delivered": 1}

    [booked] = SimulatedGatewayRefund.objects.all()
    assert (booked.refund_no, booked.amount, booked.requests) == (refund_no, Decimal("5999.00"), 2)
    assert OutboxMessage.objects.get(key=refund_no).status == OutboxStatus.DELIVERED


def test_the_gateway_refuses_a_refund_number_reused_for_another_amount(api, member, store):
    gateway = SimulatedGateway()
    assert gateway.refund(payment_no="P1", amount=Decimal("10.00"), refund_no="R1") == "sim-R1"
    assert gateway.refund(payment_no="P1", amount=Decimal("10.00"), refund_no="R1") == "sim-R1"

    with pytest.raises(GatewayRefused, match=r"not 20\.00 of P1"):
        gateway.refund(payment_no="P1", amount=Decimal("20.00"), refund_no="R1")
    assert SimulatedGatewayRefund.objects.get().amount == Decimal("10.00")


def test_a_refund_paid_from_stored_value_alone_sends_nothing_to_the_gateway(
    api, member, store, owner_api, django_capture_on_commit_callbacks
):
    stored_value_load(user=member, amount=Decimal("100.00"), reference="gift card")
    case = sku_of(PhoneCatalog().phone(store, title="手机壳 Case", prices=("39.00", "49.00")))
    trade = submit(api, [(case, 1)], address=address_of(member).pk, expected="39.00", stored_value="39.00").json()
    api.post(f"/api/v1/payments/{trade['trade_no']}/", {"method": "simulated"}, format="json")
    order = StoreOrder.objects.get(trade__trade_no=trade["trade_no"])

    with django_capture_on_commit_callbacks(execute=True):
        approved = approve(owner_api, ask(api, order, 1).json()["id"])

    member.refresh_from_db()
    assert approved["status"] == "refunded"
    assert member.stored_value_balance == Decimal("100.00")  # all of it back where it came from
    assert not OutboxMessage.objects.filter(kind="orders.gateway_refund").exists()
    assert not SimulatedGatewayRefund.objects.exists()
