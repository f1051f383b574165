"""Payment pages: starting the merged payment of a trade from the checkout or an order's page, and the simulated
gateway's page.

The simulated gateway's page (development and tests; never routed in production): it shows the payer what is
to be paid and, on "Pay", sends the signed notification a real gateway would send, through the same code as the
callback API. Only the payer sees it: anyone else's payment number is a 404."""

import json
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from marketplace.amounts import money_text
from marketplace.exceptions import DomainError
from orders.models import Payment, PaymentStatus
from orders.payment.gateways import SimulatedGateway, gateway
from orders.payment.services import payment_callback_simulated, payment_start

PAYMENT_METHOD = "simulated"  # the only gateway there is (DESIGN.md: real ones are out of scope)


def pay_trade(request, trade):
    """Start the merged payment of the trade's unpaid orders and send the shopper to the gateway."""
    try:
        payment = payment_start(trade=trade, method=PAYMENT_METHOD)
    except DomainError as error:  # paid already (a resubmitted form), or the time to pay ran out
        messages.error(request, error.detail)
        return redirect("shop-orders")
    pay_url = gateway(PAYMENT_METHOD).pay_url(payment)
    if pay_url is None:  # a gateway without a page of its own: its notification will mark the orders paid
        messages.info(request, _("Your payment has started; the orders show as paid once the gateway confirms it."))
        return redirect("shop-orders")
    return redirect(pay_url)


@login_required
@require_http_methods(["GET", "POST"])
def simulated_gateway(request, payment_no: str):
    payment = get_object_or_404(
        Payment.objects.select_related("trade"), payment_no=payment_no, method="simulated", trade__user=request.user
    )
    if request.method == "POST" and payment.status == PaymentStatus.PENDING:
        body = json.dumps(
            {
                "payment_no": payment.payment_no,
                "amount": money_text(payment.amount),
                "status": "succeeded",
                "event_id": f"sim-{secrets.token_hex(8)}",
            }
        ).encode()
        try:
            payment_callback_simulated(body=body, signature=SimulatedGateway().sign(body))
        except DomainError as error:
            messages.error(request, error.detail)
        else:
            messages.success(request, _("Paid %(amount)s yuan.") % {"amount": money_text(payment.amount)})
        return redirect("simulated-gateway", payment_no=payment.payment_no)
    return render(request, "orders/simulated_gateway.html", {"payment": payment})
