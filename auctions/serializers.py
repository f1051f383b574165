"""The auction API's shapes: setup input (shared by the seller page's form), the seller's and the storefront's
views of an auction, a bid."""

from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from auctions.models import Auction, AuctionStatus, Bid, DepositStatus
from auctions.selectors import member_outcome
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


class MyAuctionSerializer(serializers.Serializer):
    """An auction the member bid on or paid a deposit for: where it stands, their highest bid, what it came to for
    them, their deposit; the winner's `pay_url` (buy-now through the play) until `pay_by`."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    sku = serializers.IntegerField(source="sku_id")
    title = serializers.CharField(source="sku.spu.title")
    status = serializers.ChoiceField(choices=AuctionStatus.choices)
    price = serializers.SerializerMethodField(
        help_text="money: the current or final price (the starting one before a bid)"
    )
    ends_at = IsoDateTimeField()
    my_highest_bid = MoneyField(source="my_highest", allow_null=True)
    outcome = serializers.SerializerMethodField(help_text="leading, outbid, no_bid (a deposit only), won or lost")
    deposit = MoneyField(source="my_deposit", allow_null=True)
    deposit_status = serializers.ChoiceField(
        source="my_deposit_status",
        choices=DepositStatus.choices,
        allow_null=True,
        help_text="paid, refunded or forfeited",
    )
    pay_by = IsoDateTimeField(allow_null=True)
    url = serializers.SerializerMethodField()
    pay_url = serializers.SerializerMethodField()

    def get_price(self, auction) -> str:
        price = auction.final_price or auction.current_price or auction.starting_price
        return MoneyField().to_representation(price)

    def get_outcome(self, auction) -> str:
        return member_outcome(auction, self.context["request"].user.pk)

    def get_url(self, auction) -> str:
        return reverse("storefront-auction", args=[auction.pk])

    def get_pay_url(self, auction) -> str | None:
        if self.get_outcome(auction) != "won" or auction.status != AuctionStatus.AWAITING_PAYMENT:
            return None
        if auction.pay_by is None or auction.pay_by <= timezone.now():
            return None
        from auctions.views import checkout_url  # the page's own link: one place builds it

        return checkout_url(auction)
