"""Money back through the payment gateway that took it, after commit (decisions 0014 and 0016).

The refund's transaction (an approved after-sales refund, a payment that came after its order was cancelled)
writes everything the database owns at once, and, for the gateway's part, an outbox row keyed by the refund
number: if the transaction rolls back, no money moved and nothing is left to send; once it commits, the money is
recorded as on its way. A worker then asks the gateway, outside any transaction, under that refund number, which
the gateway takes once (a repeat returns the first refund's id), and writes the gateway's refund id back."""

from decimal import Decimal

from django.utils import timezone

from companies.credit.services import credit_refund
from marketplace.amounts import money_text
from marketplace.models import OutboxMessage
from marketplace.outbox import outbox_handler, outbox_put
from orders.models import COUNTER_PAYMENT_METHODS, Payment, Refund, ReturnedPayment, ReturnedPaymentStatus
from orders.payment.gateways import gateway
from orders.payment.methods import ON_CREDIT
from orders.pos.accounts import counter_refund

GATEWAY_REFUND = "orders.gateway_refund"  # the outbox kind
FOR_REFUND, FOR_RETURNED_PAYMENT = "refund", "returned_payment"  # which row learns the gateway's refund id


def gateway_refund_put(
    *, payment: Payment, amount: Decimal, refund_no: str, returned_payment: bool = False, order_id: int | None = None
) -> None:
    """In the refund's transaction: send `amount` of `payment` back after commit, once, as `refund_no`. A payment on
    credit went through no gateway: the buyer's company owes that much less on the order `order_id` instead, at
    once (decisions 0039, 0043)."""
    if payment.method == ON_CREDIT:
        credit_refund(order_id=order_id, amount=amount, refund_no=refund_no)
        return
    if payment.method in COUNTER_PAYMENT_METHODS.values():
        # Paid at a store's counter: the clerk hands cash or a card refund back there, and a sale on account is
        # owed that much less at once (orders/pos/accounts.py). No gateway took it, so none gives it back.
        counter_refund(payment=payment, amount=amount, refund_no=refund_no)
        return
    outbox_put(
        kind=GATEWAY_REFUND,
        key=refund_no,
        payload={
            "method": payment.method,
            "payment_no": payment.payment_no,
            "amount": money_text(amount),
            "for": FOR_RETURNED_PAYMENT if returned_payment else FOR_REFUND,
        },
    )


@outbox_handler(GATEWAY_REFUND)
def gateway_refund_send(message: OutboxMessage) -> dict:
    """Ask the gateway (outside any transaction), then keep its refund id on the refund or the returned payment:
    each UPDATE is conditional, so a second delivery changes nothing."""
    payload = message.payload
    gateway_refund_id = gateway(payload["method"]).refund(
        payment_no=payload["payment_no"], amount=Decimal(payload["amount"]), refund_no=message.key
    )
    if payload["for"] == FOR_RETURNED_PAYMENT:
        ReturnedPayment.objects.filter(refund_no=message.key, status=ReturnedPaymentStatus.PENDING).update(
            status=ReturnedPaymentStatus.SENT, gateway_refund_id=gateway_refund_id, sent_at=timezone.now()
        )
    else:
        Refund.objects.filter(refund_no=message.key, gateway_refund_id="").update(gateway_refund_id=gateway_refund_id)
    return {"gateway_refund_id": gateway_refund_id}
