"""Parcels over the API (also in the shopper's order detail) and what the seller sends to ship one, read the same way
by the API and the seller backend's ship form."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from marketplace.api.serializers import InputSerializer, IsoDateTimeField


class ParcelShipInput(InputSerializer):
    """A carrier's code and the tracking number it gave the parcel."""

    carrier = serializers.CharField(max_length=20)
    tracking_no = serializers.RegexField(
        r"^[A-Za-z0-9-]+$",
        max_length=40,
        error_messages={"invalid": gettext_lazy("Letters, digits and dashes only.")},
    )


class ReceiverSerializer(serializers.Serializer):
    """Where a store order goes, from the order's own columns (a snapshot of the address at submission)."""

    name = serializers.CharField(source="receiver_name")
    phone = serializers.CharField(source="receiver_phone")
    region = serializers.CharField(source="receiver_region_id")
    address = serializers.CharField(source="receiver_address")


class ParcelWarehouseSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()


class ParcelCarrierSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ParcelLineSerializer(serializers.Serializer):
    line = serializers.IntegerField(source="order_line_id")
    sku = serializers.IntegerField(source="sku_id")
    quantity = serializers.IntegerField()


class ParcelEventSerializer(serializers.Serializer):
    status = serializers.CharField()
    at = IsoDateTimeField()
    location = serializers.CharField()
    description = serializers.CharField()


class ParcelSerializer(serializers.Serializer):
    """A parcel as API.md's `shipments` item, with its tracking events (prefetched by the caller)."""

    id = serializers.IntegerField(source="pk")
    warehouse = ParcelWarehouseSerializer()
    carrier = ParcelCarrierSerializer(allow_null=True)
    tracking_no = serializers.CharField()
    status = serializers.CharField()
    shipping_category = serializers.CharField()
    shipped_at = IsoDateTimeField(allow_null=True)
    delivered_at = IsoDateTimeField(allow_null=True)
    lines = ParcelLineSerializer(many=True)
    events = ParcelEventSerializer(many=True)


class SellerParcelLineSerializer(serializers.Serializer):
    line = serializers.IntegerField(source="order_line_id")
    sku = serializers.IntegerField(source="sku_id")
    title = serializers.CharField(source="order_line.title")
    specs = serializers.JSONField(source="order_line.specs")
    quantity = serializers.IntegerField()


class SellerParcelSerializer(serializers.Serializer):
    """A parcel as the store packs it: the order and receiver, what goes in, weight and volume."""

    id = serializers.IntegerField(source="pk")
    order_no = serializers.CharField(source="order.order_no")
    status = serializers.CharField()
    warehouse = ParcelWarehouseSerializer()
    carrier = ParcelCarrierSerializer(allow_null=True)
    tracking_no = serializers.CharField()
    weight_g = serializers.IntegerField()
    volume_mm3 = serializers.IntegerField()
    shipping_category = serializers.CharField()
    over_limit = serializers.BooleanField()
    created_at = IsoDateTimeField()
    shipped_at = IsoDateTimeField(allow_null=True)
    receiver = ReceiverSerializer(source="order")
    lines = SellerParcelLineSerializer(many=True)
