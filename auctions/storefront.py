"""The auctions center's part of product responses (catalog.storefront_extras): a product's running auctions,
each with its current price (or starting price) and its end, which the page counts down to."""

from collections import defaultdict
from datetime import datetime

from auctions.models import Auction, AuctionStatus
from marketplace.amounts import money_text
from marketplace.api.serializers import IsoDateTimeField


def product_auction(products, now: datetime) -> dict[int, list]:
    """{product id: [{"auction","name","sku","price","starts_at","ends_at"}]}, one query a page."""
    rows = (
        Auction.objects.filter(
            sku__spu_id__in=[product.id for product in products], status=AuctionStatus.RUNNING, ends_at__gt=now
        )
        .order_by("ends_at", "id")
        .values_list("sku__spu_id", "pk", "name", "sku_id", "current_price", "starting_price", "starts_at", "ends_at")
    )
    moment = IsoDateTimeField()
    found: dict[int, list] = defaultdict(list)
    for spu_id, pk, name, sku_id, current, starting, starts_at, ends_at in rows:
        found[spu_id].append(
            {
                "auction": pk,
                "name": name,
                "sku": sku_id,
                "price": money_text(current if current is not None else starting),
                "starts_at": moment.to_representation(starts_at),
                "ends_at": moment.to_representation(ends_at),
            }
        )
    return dict(found)
