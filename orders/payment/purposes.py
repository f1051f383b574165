"""Payments that are no order's (an auction's deposit): the centers above orders register a purpose here.

Such a payment goes through the same gateway, page and notification as a trade's (orders.payment.services):
`purpose_payment_start` opens it for a payer and the purpose's own row (`purpose_ref`), and when the gateway's
notification is applied the purpose is told, in that transaction. A purpose that can no longer take the money
(its auction closed while the payer was on the gateway's page) says so, and the payment goes back whole, once
(`payment_return`, through the outbox). Orders imports none of the centers that register here."""

from datetime import datetime

from django.core.exceptions import ImproperlyConfigured

from orders.exceptions import InvalidInput
from orders.models import Payment


class PaymentPurpose:
    """Subclass, set `name`, override `paid` and `back_url`; register from the app's ready()."""

    name: str = ""

    def paid(self, *, payment: Payment, now: datetime) -> bool:
        """In the notification's transaction: the money came. False: it cannot be taken, give it back."""
        return True

    def back_url(self, payment: Payment) -> str:
        """Where the gateway's page sends the payer back to."""
        raise NotImplementedError


PURPOSES: dict[str, PaymentPurpose] = {}


def register_purpose(purpose: PaymentPurpose) -> None:
    if PURPOSES.setdefault(purpose.name, purpose) is not purpose:
        raise ImproperlyConfigured(f"two payment purposes named {purpose.name!r}")


def purpose_for(name: str) -> PaymentPurpose:
    try:
        return PURPOSES[name]
    except KeyError:
        raise InvalidInput(fields={"purpose": [name]}) from None
