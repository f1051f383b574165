from rest_framework import serializers

from flashsales.models import FlashItem, FlashSession
from marketplace.api.serializers import IsoDateTimeField, MoneyField


class FlashItemSerializer(serializers.ModelSerializer):
    sku = serializers.IntegerField(source="sku_id")
    flash_price = MoneyField()

    class Meta:
        model = FlashItem
        fields = ["sku", "flash_price", "quantity", "sold", "returned"]


class FlashSessionSerializer(serializers.ModelSerializer):
    store = serializers.IntegerField(source="store_id", allow_null=True)
    starts_at = IsoDateTimeField()
    ends_at = IsoDateTimeField()
    cancelled_at = IsoDateTimeField(allow_null=True)
    items = FlashItemSerializer(many=True)
    funded_by = serializers.SerializerMethodField()

    class Meta:
        model = FlashSession
        fields = [
            "id",
            "name",
            "store",
            "status",
            "starts_at",
            "ends_at",
            "per_member_limit",
            "exclusive",
            "cancelled_at",
            "funded_by",
            "items",
        ]

    def get_funded_by(self, session: FlashSession) -> str:
        return "platform" if session.platform_funded else "store"


class StorefrontItemSerializer(serializers.Serializer):
    sku = serializers.IntegerField(source="sku_id")
    product = serializers.IntegerField(source="sku.spu_id")
    title = serializers.CharField(source="sku.spu.title")
    price = MoneyField(source="sku.price")
    flash_price = MoneyField()
    quantity = serializers.IntegerField()


class StorefrontSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    starts_at = IsoDateTimeField()
    ends_at = IsoDateTimeField()
    per_member_limit = serializers.IntegerField()
    items = StorefrontItemSerializer(many=True)
