"""What the payment API and the gateways' notifications carry, and what the payment API answers with."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from marketplace.api.serializers import InputSerializer, MoneyField


class SimulatedNotification(InputSerializer):
    """The simulated gateway's "paid" notification, as API.md gives it."""

    payment_no = serializers.CharField(max_length=32)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    status = serializers.ChoiceField(choices=["succeeded"])
    event_id = serializers.CharField(max_length=64)


class PaymentShareSerializer(serializers.Serializer):
    """One order's share of a merged payment."""

    order_no = serializers.CharField(source="order.order_no")
    payment_no = serializers.CharField(source="order.payment_no")
    amount = MoneyField()


class PaymentStartedSerializer(serializers.Serializer):
    """A payment just started: its amount, where the shopper pays it (null: nowhere, the gateway notifies by itself)
    and each order's share. `pay_url` comes in the context, absolute."""

    payment_no = serializers.CharField()
    amount = MoneyField()
    method = serializers.CharField(help_text="The gateway (or stored_value when the balance paid it all).")
    channel = serializers.CharField(help_text='The channel chosen ("alipay", "wechat_pay", "unionpay"), or "".')
    pay_url = serializers.SerializerMethodField()
    orders = serializers.SerializerMethodField()

    def get_pay_url(self, payment) -> str | None:
        return self.context["pay_url"]

    @extend_schema_field(PaymentShareSerializer(many=True))
    def get_orders(self, payment) -> list[dict]:
        shares = payment.shares.select_related("order").order_by("order_id")
        return PaymentShareSerializer(shares, many=True).data


class PaymentStatusSerializer(serializers.Serializer):
    payment_no = serializers.CharField()
    status = serializers.CharField()
