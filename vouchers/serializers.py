"""The e-voucher API's shapes: the goods' terms (input and output), a member's voucher, a redemption."""

from rest_framework import serializers

from marketplace.api.serializers import INTEGER_MAX, InputSerializer, IsoDateTimeField, MoneyField
from stores.invitations import qr_svg
from vouchers import selectors
from vouchers.models import Redemption, Voucher, VoucherTerms
from vouchers.services import TermsInput


class VoucherTermsInputSerializer(InputSerializer):
    stores = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=INTEGER_MAX), max_length=200, default=list
    )
    uses = serializers.IntegerField(min_value=1, max_value=100, default=1)
    valid_days = serializers.IntegerField(min_value=1, max_value=3660, required=False, allow_null=True)
    valid_from = serializers.DateField(required=False, allow_null=True)
    valid_until = serializers.DateField(required=False, allow_null=True)
    refund_on_expiry = serializers.BooleanField(default=True)

    def to_service(self) -> TermsInput:
        values = dict(self.validated_data)
        values["store_ids"] = values.pop("stores")
        return TermsInput(**values)


class VoucherTermsSerializer(serializers.ModelSerializer):
    product = serializers.IntegerField(source="spu_id")
    stores = serializers.SerializerMethodField()

    class Meta:
        model = VoucherTerms
        fields = ["product", "stores", "uses", "valid_days", "valid_from", "valid_until", "refund_on_expiry"]

    def get_stores(self, terms) -> list[int]:
        return sorted(store.pk for store in terms.stores.all())


class ValidStoreSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    address = serializers.CharField()


class VoucherSerializer(serializers.ModelSerializer):
    """A member's voucher: its code and QR (inline SVG), where it is valid, the uses left and until when."""

    order_no = serializers.CharField(source="order.order_no")
    product = serializers.IntegerField(source="terms.spu_id")
    value = MoneyField()
    refunded_amount = MoneyField()
    starts_at = IsoDateTimeField()
    expires_at = IsoDateTimeField()
    stores = serializers.SerializerMethodField()
    qr_svg = serializers.SerializerMethodField()

    class Meta:
        model = Voucher
        fields = [
            "id",
            "code",
            "qr_svg",
            "title",
            "product",
            "order_no",
            "status",
            "uses",
            "uses_left",
            "value",
            "refunded_amount",
            "starts_at",
            "expires_at",
            "stores",
        ]

    def get_stores(self, voucher) -> list[dict]:
        return ValidStoreSerializer(selectors.valid_stores(voucher), many=True).data

    def get_qr_svg(self, voucher) -> str:
        return qr_svg(voucher.code)


class RedeemInputSerializer(InputSerializer):
    code = serializers.RegexField(r"^\s*\d{6,20}\s*$", max_length=30)
    uses = serializers.IntegerField(min_value=1, max_value=100, default=1)


class RedemptionSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="voucher.code")
    title = serializers.CharField(source="voucher.title")
    uses_left = serializers.IntegerField(source="voucher.uses_left")
    store = serializers.IntegerField(source="store_id")
    clerk = serializers.CharField(source="clerk.username")
    amount = MoneyField()
    at = IsoDateTimeField()

    class Meta:
        model = Redemption
        fields = ["id", "code", "title", "uses", "uses_left", "amount", "store", "clerk", "at"]
