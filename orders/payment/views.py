"""Payment pages: the cashier (收银台), where the shopper chooses how to pay a trade's unpaid orders and is sent
to the gateway, and the simulated gateway's page.

The checkout and an order's "Pay now" both come to the cashier. It offers the channels of
orders.payment.methods, the member's last one ticked, and starts the payment through the same service as the
API, so an unknown method is refused there as here.

The simulated gateway's page (development and tests; never routed in production): it shows the payer what is
to be paid and, on "Pay", sends the signed notification a real gateway would send, through the same code as the
callback API. Only the payer sees it: anyone else's payment number is a 404."""

import json
import secrets
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from companies.selectors import buying_company_id
from marketplace.amounts import money_text
from marketplace.exceptions import DomainError, NotFound
from orders.models import OrderStatus, Payment, PaymentStatus
from orders.payment import methods, selectors
from orders.payment.credit_repayments import statement_payment_start
from orders.payment.gateways import SimulatedGateway, gateway, gateway_names
from orders.payment.purposes import purpose_for
from orders.payment.services import POS_CHANNEL, payment_callback_simulated, payment_start

# What a trade that stored value pays in full is "paid" through: payment_start finds nothing for it to take.
NO_GATEWAY_NEEDED = "simulated"


class PaymentMethodForm(forms.Form):
    method = forms.ChoiceField(label=gettext_lazy("Pay with"), widget=forms.RadioSelect)

    def __init__(self, *args, on_credit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = methods.channel_choices()
        if on_credit:  # a business buyer may pay on their company's credit (赊账, decision 0039)
            choices.append((methods.ON_CREDIT, _("On my company's credit")))
        self.fields["method"].choices = choices


def to_cashier(trade):
    """Where paying a trade starts (the checkout, an order's "Pay now")."""
    return redirect("shop-cashier", trade_no=trade.trade_no)


@login_required
@require_http_methods(["GET", "POST"])
def cashier(request, trade_no: str):
    """The trade's unpaid orders, what is left to pay after stored value, and the channels; POST starts the
    payment with the one chosen and sends the shopper to the gateway."""
    try:
        trade = selectors.trade_of(user=request.user, trade_no=trade_no)
    except NotFound:
        raise Http404 from None  # another member's trade is as unknown as a missing one
    orders = list(trade.orders.filter(status=OrderStatus.PENDING_PAYMENT).select_related("store").order_by("pk"))
    if not orders:
        messages.info(request, _("Nothing of this trade is waiting for payment."))
        return redirect("shop-orders")
    stored_value = sum((order.stored_value for order in orders), Decimal("0.00"))
    amount = sum((order.payable for order in orders), Decimal("0.00")) - stored_value
    initial = {"method": methods.last_channel(user=request.user) or next(iter(methods.channels()), None)}
    on_credit = buying_company_id(request.user) is not None
    form = PaymentMethodForm(request.POST or None, initial=initial, on_credit=on_credit)
    if request.method == "POST" and (not amount or form.is_valid()):
        method = form.cleaned_data["method"] if amount else NO_GATEWAY_NEEDED
        try:
            payment = payment_start(trade=trade, method=method)
        except DomainError as error:  # paid already (a resubmitted form), or the time to pay ran out
            messages.error(request, error.detail)
            return redirect("shop-orders")
        pay_url = gateway(payment.method).pay_url(payment) if payment.method in gateway_names() else None
        if pay_url is not None:
            return redirect(pay_url)
        if payment.method == methods.ON_CREDIT:
            messages.success(request, _("Paid on your company's credit."))
        elif payment.status == PaymentStatus.SUCCEEDED:
            messages.success(request, _("Paid from your stored value."))
        else:  # a gateway without a page of its own: its notification will mark the orders paid
            messages.info(request, _("Your payment has started; the orders show as paid once the gateway confirms it."))
        return redirect("shop-orders")
    context = {"trade": trade, "orders": orders, "amount": amount, "stored_value": stored_value, "form": form}
    return render(request, "orders/cashier.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def simulated_gateway(request, payment_no: str):
    # A counter sale's QR code (orders/pos/): the selling store's staff stand in for the customer's phone here.
    at_counter = Q(trade__channel=POS_CHANNEL, trade__orders__store__memberships__user=request.user)
    payment = get_object_or_404(
        Payment.objects.select_related("trade")
        .filter(Q(trade__user=request.user) | Q(payer=request.user) | at_counter)
        .distinct(),
        payment_no=payment_no,
        method="simulated",
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
    back_url = purpose_for(payment.purpose).back_url(payment) if payment.purpose else None
    return render(request, "orders/simulated_gateway.html", {"payment": payment, "back_url": back_url})


class StatementPayForm(forms.Form):
    amount = forms.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))


@login_required
@require_http_methods(["POST"])
def statement_pay(request, credit_statement_id: int):
    """A company's finance user pays part or all of a credit statement (decision 0043): to the gateway's page by
    the channel they last used, or back to the statement with the refusal."""
    back = redirect("shop-me-company-statement", credit_statement_id=credit_statement_id)
    form = StatementPayForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the amount to pay, in yuan."))
        return back
    method = methods.last_channel(user=request.user) or next(iter(methods.channels()), NO_GATEWAY_NEEDED)
    try:
        payment = statement_payment_start(
            user=request.user, statement_id=credit_statement_id, amount=form.cleaned_data["amount"], method=method
        )
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, error.detail)
        return back
    pay_url = gateway(payment.method).pay_url(payment) if payment.method in gateway_names() else None
    if pay_url is not None:
        return redirect(pay_url)
    messages.info(request, _("Your payment has started; the statement shows it once the gateway confirms it."))
    return back
