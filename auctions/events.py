"""The one module that records an auction's history (typed by AuctionEventType)."""

from auctions.models import Auction, AuctionEvent, AuctionEventType


def record(*, auction: Auction, type: AuctionEventType, by=None, **data) -> AuctionEvent:
    return AuctionEvent.objects.create(auction=auction, type=type, by=by, data=data)
