"""What the after-sales API and the seller's after-sales pages read, and the refunds they answer with."""

from rest_framework import serializers

from marketplace.api.serializers import InputSerializer, IsoDateTimeField, MoneyField


class ReasonInput(InputSerializer):
    """Why, in the person's own words: a store's rejection, a shopper's escalation (the services say when it is
    required)."""

    reason = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class RefundLineSerializer(serializers.Serializer):
    line = serializers.IntegerField(source="line_id")
    sku = serializers.IntegerField(source="line.sku_id")
    title = serializers.CharField(source="line.title")
    quantity = serializers.IntegerField()
    amount = MoneyField()


class EvidenceSerializer(serializers.Serializer):
    """A picture one side gave: when (`request`, `rejection`, `escalation`), the picture and its thumbnail."""

    id = serializers.IntegerField(source="pk")
    stage = serializers.CharField()
    image = serializers.CharField(source="image.url")
    thumbnail = serializers.CharField(source="thumbnail_url")


class RefundSerializer(serializers.Serializer):
    """A refund as the shopper, the store and the operator each see it: its lines, amounts and decisions."""

    id = serializers.IntegerField(source="pk")
    refund_no = serializers.CharField()
    order_no = serializers.CharField(source="order.order_no")
    kind = serializers.CharField()
    status = serializers.CharField()
    amount = MoneyField()
    freight = MoneyField()
    points = serializers.IntegerField()
    reason_code = serializers.CharField()
    reason_label = serializers.CharField(source="get_reason_code_display")  # in the request's language
    reason = serializers.CharField()
    reject_reason = serializers.CharField()
    escalate_reason = serializers.CharField()
    ruling = serializers.CharField()
    ruling_granted = serializers.BooleanField(allow_null=True)
    ruled_at = IsoDateTimeField(allow_null=True)
    evidence = EvidenceSerializer(many=True)
    lines = RefundLineSerializer(many=True)
    created_at = IsoDateTimeField()
    refunded_at = IsoDateTimeField(allow_null=True)
