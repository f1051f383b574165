"""The simulated gateway's notification taken at the service: signature over the raw body, JSON, fields, then
the payment applied once."""

import json

import pytest
from rest_framework.exceptions import ValidationError

from orders.exceptions import InvalidInput
from orders.models import OrderStatus, Payment, PaymentStatus
from orders.payment.gateways import SimulatedGateway
from orders.payment.services import payment_callback_simulated
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.orders.helpers import address_of, sku_of, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def payment(store) -> Payment:
    member = UserFactory()
    api = client_for(member)
    phone = sku_of(PhoneCatalog().phone(store))
    trade = submit(api, [(phone, 1)], address=address_of(member).pk, expected="5999.00").json()
    started = api.post(f"/api/v1/payments/{trade['trade_no']}/", {"method": "simulated"}, format="json").json()
    return Payment.objects.get(payment_no=started["payment_no"])


def notification(payment: Payment, **changes) -> bytes:
    body = {"payment_no": payment.payment_no, "amount": f"{payment.amount:.2f}", "status": "succeeded"}
    return json.dumps({**body, "event_id": "sim-1", **changes}).encode()


def test_a_signed_notification_pays_the_orders_once(payment):
    body = notification(payment)

    first = payment_callback_simulated(body=body, signature=SimulatedGateway().sign(body))
    again = payment_callback_simulated(body=body, signature=SimulatedGateway().sign(body))

    assert (first.status, again.status) == (PaymentStatus.SUCCEEDED, PaymentStatus.SUCCEEDED)
    assert {share.order.status for share in payment.shares.select_related("order")} == {OrderStatus.PAID}


def test_a_bad_signature_is_refused_before_anything_is_read(payment):
    with pytest.raises(InvalidInput) as refused:
        payment_callback_simulated(body=notification(payment), signature="0" * 64)

    assert "signature" in refused.value.fields
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PENDING


def test_a_body_that_is_not_json_is_refused(payment):
    body = b"payment_no=P1"

    with pytest.raises(InvalidInput):
        payment_callback_simulated(body=body, signature=SimulatedGateway().sign(body))


def test_a_notification_missing_a_field_is_refused(payment):
    body = json.dumps({"payment_no": payment.payment_no, "status": "succeeded"}).encode()

    with pytest.raises(ValidationError) as refused:
        payment_callback_simulated(body=body, signature=SimulatedGateway().sign(body))

    assert {"amount", "event_id"} <= set(refused.value.detail)
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PENDING
