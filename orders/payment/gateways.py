"""Payment gateways: one interface, a simulated implementation (real ones are not in scope, DESIGN.md).

A gateway makes the page the shopper pays on, checks the notifications it sends back and sends money back. The
simulated one signs its notification with HMAC-SHA256 over the raw body, as real gateways do, with
PAYMENT_SIMULATED_SECRET, and keeps a book of its refunds (SimulatedGatewayRefund) as a real gateway does: one per
refund number, a repeated request answered with the first refund's id. Refunds are asked for only outside any
transaction, by the outbox (orders/payment/gateway_refunds.py).
"""

import hashlib
import hmac
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils.module_loading import import_string

from orders.models import Payment, SimulatedGatewayRefund


class GatewayRefused(Exception):
    """The gateway said no (a refund number reused for another payment or amount): retrying will not help, so the
    outbox row ends stuck for an operator to look at."""


class PaymentGateway(Protocol):
    name: str

    def pay_url(self, payment: Payment) -> str | None:
        """Where the shopper goes to pay (None: nowhere; the gateway's notification will come by itself)."""

    def verify(self, *, body: bytes, signature: str) -> bool:
        """Whether a notification really comes from the gateway."""

    def refund(self, *, payment_no: str, amount: Decimal, refund_no: str) -> str:
        """Send `amount` of the payment back, once per `refund_no`: a repeat returns the first refund's id and moves
        no money. Returns the gateway's id of the refund. Never called inside a transaction."""


class SimulatedGateway:
    name = "simulated"

    def pay_url(self, payment: Payment) -> str | None:
        return reverse("simulated-gateway", args=[payment.payment_no]) if settings.PAYMENT_SIMULATED_PAGE else None

    def sign(self, body: bytes) -> str:
        return hmac.new(settings.PAYMENT_SIMULATED_SECRET.encode(), body, hashlib.sha256).hexdigest()

    def verify(self, *, body: bytes, signature: str) -> bool:
        return hmac.compare_digest(self.sign(body), signature or "")

    def refund(self, *, payment_no: str, amount: Decimal, refund_no: str) -> str:
        """Pays back at once. One statement, its own transaction, as the other side of the wire would be: the
        book's row is written once per refund number, and a repeat only counts the request."""
        table = SimulatedGatewayRefund._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"""INSERT INTO {table} (refund_no, payment_no, amount, gateway_refund_id, requests, created_at)
                VALUES (%s, %s, %s, %s, 1, now())
                ON CONFLICT (refund_no) DO UPDATE SET requests = {table}.requests + 1
                RETURNING gateway_refund_id, payment_no, amount""",
                [refund_no, payment_no, amount, f"sim-{refund_no}"],
            )
            gateway_refund_id, booked_payment_no, booked_amount = cursor.fetchone()
        if (booked_payment_no, booked_amount) != (payment_no, amount):
            raise GatewayRefused(
                f"refund {refund_no} was made for {booked_amount} of {booked_payment_no}, not {amount} of {payment_no}"
            )
        return gateway_refund_id


def gateway(name: str) -> PaymentGateway:
    return import_string(settings.PAYMENT_GATEWAYS[name])()


def gateway_names() -> list[str]:
    return list(settings.PAYMENT_GATEWAYS)
