"""The one module that records an auction's history (typed by AuctionEventType) and tells bidders of it: the one
a higher bid passed, the winner (message centre and the channels they chose, decision 0017)."""

from auctions.models import Auction, AuctionEvent, AuctionEventType
from marketplace.notifications.models import MessageKind
from marketplace.notifications.services import Notice, notify


def record(*, auction: Auction, type: AuctionEventType, by=None, **data) -> AuctionEvent:
    return AuctionEvent.objects.create(auction=auction, type=type, by=by, data=data)


def bid(*, auction: Auction, by, amount: str, outbid_id: int | None) -> AuctionEvent:
    """A bid accepted; the bidder it passed (if another member) is told."""
    event = record(auction=auction, type=AuctionEventType.BID, by=by, amount=amount)
    if outbid_id is not None and outbid_id != by.pk:
        params = {"auction_id": auction.pk, "name": auction.name, "price": amount}
        notify([Notice(MessageKind.AUCTION_OUTBID, outbid_id, f"auction_event:{event.pk}", params)])
    return event


def won(*, auction: Auction, offer: bool) -> AuctionEvent:
    """The lot is the winner's at the final price until `pay_by` (or offered to the next bidder): they are told."""
    price = str(auction.final_price)
    event = record(
        auction=auction,
        type=AuctionEventType.WON,
        user=auction.winner_id,
        price=price,
        pay_by=auction.pay_by.isoformat(),
        offer=offer,
    )
    params = {"auction_id": auction.pk, "name": auction.name, "price": price, "pay_by": auction.pay_by.isoformat()}
    notify([Notice(MessageKind.AUCTION_WON, auction.winner_id, f"auction_event:{event.pk}", params)])
    return event
