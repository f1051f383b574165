"""Payment gateways: one interface, a simulated implementation (real ones are not in scope, DESIGN.md).

A gateway makes the page the shopper pays on and checks the notifications it sends back. The simulated one
signs its notification with HMAC-SHA256 over the raw body, as real gateways do, with PAYMENT_SIMULATED_SECRET.
"""

import hashlib
import hmac
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string

from orders.models import Payment


class PaymentGateway(Protocol):
    name: str

    def pay_url(self, payment: Payment) -> str | None:
        """Where the shopper goes to pay (None: nowhere; the gateway's notification will come by itself)."""

    def verify(self, *, body: bytes, signature: str) -> bool:
        """Whether a notification really comes from the gateway."""

    def refund(self, *, payment_no: str, amount: Decimal, refund_no: str) -> str:
        """Send `amount` of the payment back; `refund_no` makes a retry harmless. Returns the gateway's id."""


class SimulatedGateway:
    name = "simulated"

    def pay_url(self, payment: Payment) -> str | None:
        return reverse("simulated-gateway", args=[payment.payment_no]) if settings.PAYMENT_SIMULATED_PAGE else None

    def sign(self, body: bytes) -> str:
        return hmac.new(settings.PAYMENT_SIMULATED_SECRET.encode(), body, hashlib.sha256).hexdigest()

    def verify(self, *, body: bytes, signature: str) -> bool:
        return hmac.compare_digest(self.sign(body), signature or "")

    def refund(self, *, payment_no: str, amount: Decimal, refund_no: str) -> str:
        return f"sim-{refund_no}"  # the simulated gateway always pays back at once


def gateway(name: str) -> PaymentGateway:
    return import_string(settings.PAYMENT_GATEWAYS[name])()


def gateway_names() -> list[str]:
    return list(settings.PAYMENT_GATEWAYS)
