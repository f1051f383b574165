"""The auction API's shapes: setup input (shared by the seller page's form), the seller's and the storefront's
views of an auction, a bid."""

from rest_framework import serializers

from auctions.models import Auction, Bid
from auctions.services import AuctionInput
from marketplace.api.serializers import INTEGER_MAX, InputSerializer, IsoDateTimeField, MoneyField

MONEY = {"max_digits": 14, "decimal_places": 2}


class AuctionInputSerializer(InputSerializer):
    """What a seller sets up (API and the seller page alike); the service checks the rest (auction_create)."""

    name = serializers.CharField(max_length=100)
    sku = serializers.IntegerField(min_value=1, max_value=INTEGER_MAX)
    starting_price = serializers.DecimalField(**MONEY, min_value=0)
    increment = serializers.DecimalField(**MONEY, min_value=0)
    deposit = serializers.DecimalField(**MONEY, min_value=0)
    reserve_price = serializers.DecimalField(**MONEY, min_value=0, required=False, allow_null=True, default=None)
    buyout_price = serializers.DecimalField(**MONEY, min_value=0, required=False, allow_null=True, default=None)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    extend_window_minutes = serializers.IntegerField(min_value=0, max_value=60, default=5)
    extend_by_minutes = serializers.IntegerField(min_value=1, max_value=60, default=5)
    payment_hours = serializers.IntegerField(min_value=1, max_value=168, default=24)
    exclusive = serializers.BooleanField(default=True)

    def to_service(self) -> AuctionInput:
        values = dict(self.validated_data)
        values["sku_id"] = values.pop("sku")
        return AuctionInput(**values)


class BidSerializer(serializers.ModelSerializer):
    amount = MoneyField()
    buyout = serializers.BooleanField()
    created_at = IsoDateTimeField()
    mine = serializers.SerializerMethodField()

    class Meta:
        model = Bid
        fields = ["amount", "buyout", "created_at", "mine"]

    def get_mine(self, bid: Bid) -> bool:
        user = self.context.get("user")
        return user is not None and bid.user_id == user.pk


class AuctionSerializer(serializers.ModelSerializer):
    """The storefront's auction (no bidder's identity, only whether a bid is the reader's)."""

    sku = serializers.IntegerField(source="sku_id")
    product = serializers.IntegerField(source="sku.spu_id")
    title = serializers.CharField(source="sku.spu.title")
    price = MoneyField(source="sku.price")
    starting_price = MoneyField()
    increment = MoneyField()
    deposit = MoneyField()
    buyout_price = MoneyField(allow_null=True)
    reserve_met = serializers.SerializerMethodField()
    current_price = MoneyField(allow_null=True)
    next_minimum = MoneyField()
    final_price = MoneyField(allow_null=True)
    starts_at = IsoDateTimeField()
    ends_at = IsoDateTimeField()
    pay_by = IsoDateTimeField(allow_null=True)

    class Meta:
        model = Auction
        fields = [
            "id",
            "name",
            "sku",
            "product",
            "title",
            "price",
            "status",
            "starting_price",
            "increment",
            "deposit",
            "buyout_price",
            "reserve_met",
            "current_price",
            "next_minimum",
            "bid_count",
            "final_price",
            "starts_at",
            "ends_at",
            "pay_by",
        ]

    def get_reserve_met(self, auction: Auction) -> bool:
        price = auction.current_price
        return price is not None and (auction.reserve_price is None or price >= auction.reserve_price)


class SellerAuctionSerializer(AuctionSerializer):
    store = serializers.IntegerField(source="store_id", allow_null=True)
    reserve_price = MoneyField(allow_null=True)
    winner = serializers.IntegerField(source="winner_id", allow_null=True)
    funded_by = serializers.SerializerMethodField()

    class Meta(AuctionSerializer.Meta):
        fields = [
            *AuctionSerializer.Meta.fields,
            "store",
            "reserve_price",
            "extend_window_minutes",
            "extend_by_minutes",
            "payment_hours",
            "exclusive",
            "winner",
            "order_no",
            "funded_by",
        ]

    def get_funded_by(self, auction: Auction) -> str:
        return "platform" if auction.store_id is None else "store"
