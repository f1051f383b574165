"""The cart as the API answers with it (GET /api/v1/cart/ and every change to it), also the cart page's data."""

from rest_framework import serializers

from marketplace.api.serializers import MoneyField


class CartPromotionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CartLineSerializer(serializers.Serializer):
    """A line: the item, its goods, its price now, whether checkout can take it (and why not), its promotions."""

    id = serializers.IntegerField(source="item.pk")
    sku = serializers.IntegerField(source="sku.pk")
    product = serializers.IntegerField(source="sku.spu_id")
    title = serializers.CharField(source="sku.spu.title")
    specs = serializers.JSONField(source="sku.specs")
    quantity = serializers.IntegerField(source="item.quantity")
    selected = serializers.BooleanField(source="item.selected")
    unit_price = MoneyField(source="priced.unit_price")
    amount = MoneyField(source="priced.amount")
    discount = MoneyField(source="priced.discount")
    payable = MoneyField(source="priced.payable")
    available = serializers.IntegerField(source="sku.available")
    valid = serializers.BooleanField(source="priced.valid")
    reason = serializers.CharField(source="priced.reason")
    reason_text = serializers.CharField()
    promotions = CartPromotionSerializer(many=True)
    promotion = serializers.IntegerField(source="priced.chosen_promotion", allow_null=True)


class CartStoreRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="store_id")
    name = serializers.CharField(source="store_name")


class CartStoreSerializer(serializers.Serializer):
    store = CartStoreRefSerializer(source="*")
    lines = CartLineSerializer(many=True)
    subtotal = MoneyField()
    discount = MoneyField()
    payable = MoneyField()


class CartSerializer(serializers.Serializer):
    """{"stores": [{"store", "lines", "subtotal", "discount", "payable"}], "count", "selected_count", totals}: the
    totals are the selected lines'."""

    stores = CartStoreSerializer(many=True)
    count = serializers.IntegerField()
    selected_count = serializers.IntegerField()
    subtotal = MoneyField(source="breakdown.subtotal")
    discount = MoneyField(source="breakdown.discount")
    payable = MoneyField(source="breakdown.payable")
