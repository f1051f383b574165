"""What the counter's API and page answer: found goods, a found member, a quote, a sale, its receipt, the staff
figures. Presenters of the services' and selectors' results; no rule lives here."""

from django.urls import reverse
from rest_framework import serializers

from marketplace.api.serializers import IsoDateTimeField, MoneyField
from orders.models import CounterMethod, PosAccount


class PosSkuSerializer(serializers.Serializer):
    sku = serializers.IntegerField(source="pk")
    title = serializers.CharField(source="spu.title")
    specs = serializers.DictField(child=serializers.CharField())
    code = serializers.CharField()
    barcode = serializers.CharField()
    price = serializers.SerializerMethodField()
    available = serializers.IntegerField()

    def get_price(self, sku) -> str:
        return MoneyField().to_representation(sku.store_price or sku.price)


def masked_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) == 11 else ""


def masked_name(name: str) -> str:
    return name[:1] + "*" * min(len(name) - 1, 2) if len(name) > 1 else name


class PosMemberSerializer(serializers.Serializer):
    """A member as the clerk sees them: enough to greet them and price their level, nothing more. The stored-value
    balance only when the member showed their card code (they are at the counter)."""

    id = serializers.IntegerField(source="pk")
    name = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    level = serializers.CharField(source="level.name", default="")
    points = serializers.IntegerField(source="points_balance")
    stored_value = serializers.SerializerMethodField()

    def get_name(self, member) -> str:
        return masked_name(member.get_full_name() or member.get_username())

    def get_phone(self, member) -> str:
        return masked_phone(member.phone)

    def get_stored_value(self, member) -> str | None:
        return MoneyField().to_representation(member.stored_value_balance) if self.context.get("by_card") else None


class QuoteLineSerializer(serializers.Serializer):
    sku = serializers.IntegerField()
    title = serializers.CharField()
    specs = serializers.DictField(child=serializers.CharField())
    quantity = serializers.IntegerField()
    unit_price = MoneyField()
    amount = MoneyField()
    discount = MoneyField()
    payable = MoneyField()
    gift = serializers.BooleanField()
    valid = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True)


class QuoteSerializer(serializers.Serializer):
    lines = QuoteLineSerializer(many=True)
    subtotal = MoneyField()
    discount = MoneyField()
    payable = MoneyField()


class PosSaleSerializer(serializers.Serializer):
    trade_no = serializers.CharField(source="trade.trade_no")
    status = serializers.SerializerMethodField()
    payable = MoneyField(source="trade.payable")
    stored_value = MoneyField(source="trade.stored_value")
    paid = serializers.SerializerMethodField()
    method = serializers.CharField()
    change = MoneyField(allow_null=True)
    payment_no = serializers.CharField(source="payment.payment_no")
    pay_url = serializers.CharField(allow_null=True)
    receipt_url = serializers.SerializerMethodField()
    orders = serializers.SerializerMethodField()

    def get_status(self, sale) -> str:
        return sale.orders[0].status

    def get_paid(self, sale) -> bool:
        return sale.payment.status == "succeeded"

    def get_receipt_url(self, sale) -> str:
        return reverse("seller:pos-receipt", args=[sale.trade.trade_no])

    def get_orders(self, sale) -> list[str]:
        return [order.order_no for order in sale.orders]


class PosSettingsSerializer(serializers.Serializer):
    methods = serializers.ListField(child=serializers.ChoiceField(choices=CounterMethod.choices))


class PosAccountSerializer(serializers.ModelSerializer):
    credit_limit = MoneyField()
    balance = MoneyField()
    available = serializers.SerializerMethodField()

    class Meta:
        model = PosAccount
        fields = ["id", "kind", "name", "phone", "credit_limit", "balance", "available", "is_active"]

    def get_available(self, account) -> str:
        return MoneyField().to_representation(account.credit_limit - account.balance)


class StaffFiguresSerializer(serializers.Serializer):
    user = serializers.IntegerField(source="user_id")
    name = serializers.CharField()
    role = serializers.CharField()
    orders_today = serializers.IntegerField()
    amount_today = MoneyField()
    orders_month = serializers.IntegerField()
    amount_month = MoneyField()
    members_today = serializers.IntegerField()
    members_month = serializers.IntegerField()


class ReceiptLineSerializer(serializers.Serializer):
    title = serializers.CharField()
    specs = serializers.DictField(child=serializers.CharField())
    quantity = serializers.IntegerField()
    unit_price = MoneyField()
    amount = MoneyField()
    payable = MoneyField()


class ReceiptSerializer(serializers.Serializer):
    trade_no = serializers.CharField()
    created_at = IsoDateTimeField()
    payable = MoneyField()
    status = serializers.CharField()
    lines = ReceiptLineSerializer(many=True)
