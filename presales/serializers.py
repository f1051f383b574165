"""The presale API's shapes: the input a store's (or the admin's) presale is set up with, checked here and by
`services.presale_check` for the API and the seller page alike, and the outputs."""

from django.utils import timezone
from rest_framework import serializers

from marketplace.api.serializers import INTEGER_MAX, InputSerializer, IsoDateTimeField, MoneyField
from presales.models import DepositStatus, Presale, PresaleDeposit
from presales.services import PresaleInput


class PresaleInputSerializer(InputSerializer):
    name = serializers.CharField(max_length=100)
    sku = serializers.IntegerField(min_value=1, max_value=INTEGER_MAX)
    deposit = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    counted = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    deposit_starts_at = serializers.DateTimeField()
    deposit_ends_at = serializers.DateTimeField()
    balance_starts_at = serializers.DateTimeField()
    balance_ends_at = serializers.DateTimeField()
    per_member_limit = serializers.IntegerField(min_value=1, max_value=99, default=1)
    exclusive = serializers.BooleanField(default=True)

    def to_service(self) -> PresaleInput:
        values = dict(self.validated_data)
        values["sku_id"] = values.pop("sku")
        return PresaleInput(**values)


class PresaleSerializer(serializers.ModelSerializer):
    """A presale as its store (or the storefront) sees it, with the balance a unit before promotions and coupons."""

    store = serializers.IntegerField(source="store_id", allow_null=True)
    sku = serializers.IntegerField(source="sku_id")
    product = serializers.IntegerField(source="sku.spu_id")
    title = serializers.CharField(source="sku.spu.title")
    price = MoneyField(source="sku.price")
    deposit = MoneyField()
    counted = MoneyField()
    balance = serializers.SerializerMethodField()
    deposit_starts_at = IsoDateTimeField()
    deposit_ends_at = IsoDateTimeField()
    balance_starts_at = IsoDateTimeField()
    balance_ends_at = IsoDateTimeField()
    funded_by = serializers.SerializerMethodField()

    class Meta:
        model = Presale
        fields = [
            "id",
            "name",
            "store",
            "status",
            "sku",
            "product",
            "title",
            "price",
            "deposit",
            "counted",
            "balance",
            "deposit_starts_at",
            "deposit_ends_at",
            "balance_starts_at",
            "balance_ends_at",
            "per_member_limit",
            "exclusive",
            "funded_by",
        ]

    def get_funded_by(self, presale: Presale) -> str:
        return "platform" if presale.platform_funded else "store"

    def get_balance(self, presale: Presale) -> str:
        return MoneyField().to_representation(max(presale.sku.price - presale.counted, 0))


class DepositSerializer(serializers.ModelSerializer):
    presale = serializers.IntegerField(source="presale_id")
    name = serializers.CharField(source="presale.name")
    deposit_order = serializers.CharField(source="deposit_order.order_no")
    balance_order = serializers.CharField(source="balance_order.order_no", allow_null=True, default=None)
    balance_starts_at = IsoDateTimeField(source="presale.balance_starts_at")
    balance_ends_at = IsoDateTimeField(source="presale.balance_ends_at")
    play = serializers.SerializerMethodField()
    title = serializers.CharField(source="presale.sku.spu.title")
    sku = serializers.IntegerField(source="presale.sku_id")
    deposit_paid = serializers.SerializerMethodField(help_text="money: the deposit order's payable")
    counts_for = serializers.SerializerMethodField(help_text="money: what the deposit takes off the balance")
    balance_open = serializers.SerializerMethodField(help_text="true while the balance may be paid now")
    balance_url = serializers.SerializerMethodField(help_text="the checkout page paying the balance, while open")

    class Meta:
        model = PresaleDeposit
        fields = [
            "id",
            "presale",
            "name",
            "title",
            "sku",
            "quantity",
            "status",
            "deposit_paid",
            "counts_for",
            "deposit_order",
            "balance_order",
            "balance_starts_at",
            "balance_ends_at",
            "balance_open",
            "balance_url",
            "play",
        ]

    def get_play(self, deposit: PresaleDeposit) -> str:
        """What the balance's checkout names as its `play`."""
        return f"presale_balance:{deposit.pk}"

    def get_deposit_paid(self, deposit: PresaleDeposit) -> str:
        return MoneyField().to_representation(deposit.deposit_order.payable)

    def get_counts_for(self, deposit: PresaleDeposit) -> str:
        return MoneyField().to_representation(deposit.presale.counted * deposit.quantity)

    def get_balance_open(self, deposit: PresaleDeposit) -> bool:
        presale, now = deposit.presale, timezone.now()
        due = deposit.status in (DepositStatus.PAID, DepositStatus.BALANCE_PENDING)
        return due and presale.balance_starts_at <= now < presale.balance_ends_at

    def get_balance_url(self, deposit: PresaleDeposit) -> str | None:
        if not self.get_balance_open(deposit) or deposit.status != DepositStatus.PAID:
            return None
        from presales.views import balance_url  # the page's own link: one place builds it

        return balance_url(deposit)
