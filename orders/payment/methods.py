"""The ways a shopper pays (支付方式): the channels the cashier page offers (Alipay, WeChat Pay, UnionPay), each
settled by a gateway (settings.PAYMENT_CHANNELS; the simulated gateway stands in for all three), and how a
payment's way reads on the order pages.

The API's `method` names either a gateway, as it always has ("simulated": no channel chosen), or a channel
("wechat_pay": its gateway, with the channel recorded). Stored value (余额, decision 0008) is not chosen here:
the shopper spends it at checkout, and a trade it pays in full never reaches a gateway (`STORED_VALUE`)."""

from django.conf import settings
from django.utils.translation import gettext as _

from marketplace.exceptions import InvalidInput
from members.models import User
from orders.models import Payment, PaymentChannel, PaymentStatus

STORED_VALUE = "stored_value"  # the payment method of a trade stored value paid in full
ON_CREDIT = "on_credit"  # 赊账: a business buyer's company's credit holds it (companies.services.credit_hold)


def channels() -> list[str]:
    """The channels offered, in the configured order: those whose gateway is configured."""
    return [channel for channel, name in settings.PAYMENT_CHANNELS.items() if name in settings.PAYMENT_GATEWAYS]


def channel_choices() -> list[tuple[str, str]]:
    return [(channel, PaymentChannel(channel).label) for channel in channels()]


def method_names() -> list[str]:
    """What the API's `method` accepts: every gateway and every channel offered."""
    return [*settings.PAYMENT_GATEWAYS, *channels(), ON_CREDIT]


def gateway_and_channel(method: str) -> tuple[str, str]:
    """The gateway that takes `method` and the channel it names ("" for a gateway named itself). An unknown
    method is a validation_error naming `method`, and nothing is started."""
    if method in settings.PAYMENT_GATEWAYS:
        return method, ""
    if method in channels():
        return settings.PAYMENT_CHANNELS[method], method
    message = _("Unknown payment method: choose one of %(methods)s.") % {"methods": ", ".join(method_names())}
    raise InvalidInput(message, fields={"method": [message]})


def last_channel(*, user: User) -> str | None:
    """The channel the member last paid with, if it is still offered: the cashier ticks it first."""
    channel = (
        Payment.objects.filter(trade__user=user, status=PaymentStatus.SUCCEEDED)
        .exclude(channel="")
        .order_by("-succeeded_at", "-id")
        .values_list("channel", flat=True)
        .first()
    )
    return channel if channel in channels() else None


def paid_with(payment: Payment | None, *, stored_value=0) -> str:
    """How an order was paid, in words: "WeChat Pay", "WeChat Pay + stored value", "Stored value", "Online payment"
    (a gateway with no channel chosen); "" when it is not paid."""
    if payment is None:
        return ""
    if payment.method == STORED_VALUE:
        return _("Stored value")
    if payment.method == ON_CREDIT:
        return _("On credit")
    way = PaymentChannel(payment.channel).label if payment.channel else _("Online payment")
    return _("%(way)s + stored value") % {"way": way} if stored_value else str(way)
