"""Store orders over the API: as the member sees them (in a list, and in detail with parcels and the timeline) and
as their store sees them (the receiver and the note, without the shopper's account)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from marketplace.api.serializers import IsoDateTimeField, MoneyField
from orders.models import OrderStatus, StoreOrder
from orders.payment.selectors import order_payment
from orders.shipping.serializers import ParcelSerializer, ReceiverSerializer


class OrderLineSerializer(serializers.Serializer):
    """A line with its snapshot and its apportioned amounts, and what of it was refunded."""

    id = serializers.IntegerField(source="pk")
    sku = serializers.IntegerField(source="sku_id")
    title = serializers.CharField()
    specs = serializers.JSONField()
    image = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_price = MoneyField()
    amount = MoneyField()
    promotion_discount = MoneyField()
    coupon_discount = MoneyField()
    points_discount = MoneyField()
    payable = MoneyField()
    gift = serializers.BooleanField()
    refunded_quantity = serializers.IntegerField()
    refunded_amount = MoneyField()


class OrderEventSerializer(serializers.Serializer):
    """An event of the order's timeline. `reason` is as it always was: a person's own words, or else the reason's
    code; `reason_code` is the code alone (null: none) and `reason_text` what people read, in the request's
    language; `label` is the event's wording."""

    at = IsoDateTimeField()
    type = serializers.CharField()
    by = serializers.CharField(source="by.username", allow_null=True)
    reason = serializers.SerializerMethodField()
    reason_code = serializers.SerializerMethodField()
    reason_text = serializers.CharField()
    label = serializers.CharField(source="get_type_display")

    def get_reason(self, event) -> str:
        return event.reason or event.reason_code

    def get_reason_code(self, event) -> str | None:
        return event.reason_code or None


class StoreRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()


class OrderSerializer(serializers.Serializer):
    """A store order in a list. `expires_at` (the trade's payment deadline) only while it waits for payment."""

    order_no = serializers.CharField()
    trade_no = serializers.CharField(source="trade.trade_no")
    payment_no = serializers.CharField(allow_null=True)
    store = StoreRefSerializer()
    status = serializers.CharField()
    lines = OrderLineSerializer(many=True)
    subtotal = MoneyField()
    discount = MoneyField()
    freight = MoneyField()
    payable = MoneyField()
    created_at = IsoDateTimeField()
    paid_at = IsoDateTimeField(allow_null=True)
    expires_at = serializers.SerializerMethodField()
    delivery = serializers.CharField()  # "ship", or "pickup" at the order's store (自提)
    collected_at = IsoDateTimeField(allow_null=True)  # pickup: when the clerk handed it over

    def get_expires_at(self, order: StoreOrder) -> str | None:
        return order.trade.expires_at.isoformat() if order.status == OrderStatus.PENDING_PAYMENT else None


class PaidWithSerializer(serializers.Serializer):
    """How an order was paid: the gateway (or `stored_value` when the balance paid it all) and the channel the
    shopper chose at it (`alipay`, `wechat_pay`, `unionpay`; "" when none was named: orders.payment.methods)."""

    method = serializers.CharField()
    channel = serializers.CharField()


class OrderDetailSerializer(OrderSerializer):
    """One of the member's orders: the list's fields, how it was paid (null until it is), the receiver, the parcels
    and the timeline."""

    paid_with = serializers.SerializerMethodField()
    receiver = ReceiverSerializer(source="*")
    shipments = ParcelSerializer(source="parcels", many=True)
    events = OrderEventSerializer(many=True)
    pickup_code = serializers.CharField(allow_null=True)  # shown at the store's counter; null for delivery

    @extend_schema_field(PaidWithSerializer(allow_null=True))
    def get_paid_with(self, order: StoreOrder) -> dict | None:
        payment = order_payment(order=order) if order.paid_at else None
        return PaidWithSerializer(payment).data if payment else None


class SellerOrderSerializer(OrderSerializer):
    """An order as its store sees it: the shopper's part with their user name, the receiver and the note."""

    buyer = serializers.CharField(source="user.username")
    receiver = ReceiverSerializer(source="*")
    note = serializers.CharField()
