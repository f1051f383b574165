"""What checkout answers with: the trade placed, with its store orders (the preview's breakdown is the pricing
engine's, written by promotions.serializers)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from marketplace.amounts import money_text
from marketplace.api.serializers import IsoDateTimeField, MoneyField
from orders.models import Trade


class TradeOrderSerializer(serializers.Serializer):
    order_no = serializers.CharField()
    store = serializers.IntegerField(source="store_id")
    payable = MoneyField()
    status = serializers.CharField()
    delivery = serializers.CharField()  # "ship" or "pickup"
    pickup_code = serializers.CharField(allow_null=True)  # pickup: the code the shopper shows at the counter


class TradeSerializer(serializers.Serializer):
    """A trade just placed: what it costs, what stored value pays of it, the cash left and the deadline to pay;
    its store orders in the order they were placed."""

    trade_no = serializers.CharField()
    payable = MoneyField()
    stored_value = MoneyField()
    cash_payable = serializers.SerializerMethodField()
    expires_at = IsoDateTimeField()
    orders = serializers.SerializerMethodField()

    def get_cash_payable(self, trade: Trade) -> str:
        return MoneyField().to_representation(trade.payable - trade.stored_value)

    @extend_schema_field(TradeOrderSerializer(many=True))
    def get_orders(self, trade: Trade) -> list[dict]:
        return TradeOrderSerializer(_orders_of(trade), many=True).data


def trade_data(trade: Trade) -> dict:
    """What `TradeSerializer(trade).data` gives for a trade just placed, written directly (the serializer is the
    schema; a test holds the two together): every submission answers with it."""
    return {
        "trade_no": trade.trade_no,
        "payable": money_text(trade.payable),
        "stored_value": money_text(trade.stored_value),
        "cash_payable": money_text(trade.payable - trade.stored_value),
        "expires_at": trade.expires_at.isoformat(),
        "orders": [
            {
                "order_no": order.order_no,
                "store": order.store_id,
                "payable": money_text(order.payable),
                "status": str(order.status),
                "delivery": str(order.delivery),
                "pickup_code": order.pickup_code,
            }
            for order in _orders_of(trade)
        ],
    }


def _orders_of(trade: Trade):
    placed = getattr(trade, "placed_orders", None)  # the orders just placed, in memory
    return placed if placed is not None else trade.orders.order_by("pk")
