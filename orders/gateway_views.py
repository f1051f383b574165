"""The simulated gateway's page (development and tests; never routed in production): it shows the payer what is
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
from orders.gateways import SimulatedGateway
from orders.models import Payment, PaymentStatus
from orders.services.payment import payment_callback_simulated


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
