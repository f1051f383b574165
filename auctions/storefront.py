"""The auctions center's part of product responses (catalog.storefront_extras, field `auction`): a product's running
auctions, each with its current price (or starting price), the least the next bid may be, the bids so far, the
deposit to bid, the buy-out price and its end, which the page counts down to. Read with the other plays' rows in one
statement (`register_rows`)."""

from datetime import datetime

from django.db.models import F
from django.urls import reverse

from auctions.models import Auction, AuctionStatus
from catalog.storefront_extras import RowsData
from marketplace.amounts import money_text
from marketplace.api.serializers import IsoDateTimeField


def auction_rows(product_ids, now: datetime):
    """The running auctions of the products, soonest to end first."""
    return Auction.objects.filter(sku__spu_id__in=product_ids, status=AuctionStatus.RUNNING, ends_at__gt=now).annotate(
        spu=F("sku__spu_id"),
        sort=F("ends_at"),
        tie=F("pk"),
        data=RowsData(
            auction="pk",
            name="name",
            sku="sku_id",
            current="current_price",
            starting="starting_price",
            increment="increment",
            buyout="buyout_price",
            deposit="deposit",
            bids="bid_count",
            starts_at="starts_at",
            ends_at="ends_at",
        ),
    )


def auction_shape(data: dict, now: datetime) -> dict:
    """{"auction","name","sku","price","next_minimum","bid_count","deposit","buyout_price","starts_at","ends_at",
    "live","url"}: `price` the current price, or the starting price before the first bid."""
    moment = IsoDateTimeField()
    current, starting = data["current"], data["starting"]
    starts_at = datetime.fromisoformat(data["starts_at"])
    return {
        "auction": data["auction"],
        "name": data["name"],
        "sku": data["sku"],
        "price": money_text(current if current is not None else starting),
        "next_minimum": money_text(starting if current is None else current + data["increment"]),
        "bid_count": data["bids"],
        "deposit": money_text(data["deposit"]),
        "buyout_price": money_text(data["buyout"]) if data["buyout"] is not None else None,
        "starts_at": moment.to_representation(starts_at),
        "ends_at": moment.to_representation(datetime.fromisoformat(data["ends_at"])),
        "live": starts_at <= now,
        "url": reverse("storefront-auction", args=[data["auction"]]),
    }
