"""The auction as a marketing play (orders.plays, kind `auction`): the winner buys the lot through the buy-now
checkout with `play=auction:<id>`, at the final price, before `pay_by` (decision 0034)."""

from datetime import datetime

from django.utils.translation import gettext as _

from auctions import events, services
from auctions.exceptions import AuctionRefused
from auctions.models import Auction, AuctionEventType, AuctionStatus
from orders.models import StoreOrder
from orders.plays import Play, PlayLine
from promotions.pricing import PLATFORM_FUNDED, STORE_FUNDED, PlayPrice

KIND = "auction"


def _winners(auction: Auction | None, user_id: int, now: datetime) -> Auction:
    """The auction, if `user_id` won it and may still buy it; otherwise `auction_not_winner`."""
    if (
        auction is None
        or auction.status != AuctionStatus.AWAITING_PAYMENT
        or auction.winner_id != user_id
        or auction.pay_by <= now
        or auction.order_no
    ):
        raise AuctionRefused("auction_not_winner")
    return auction


class AuctionPlay(Play):
    kind = KIND

    def line(self, *, user, ref: int, sku_id: int, quantity: int, now: datetime) -> PlayLine:
        """One unit of the auction's SKU at the final price, for the winner before `pay_by`."""
        auction = _winners(Auction.objects.filter(pk=ref).first(), getattr(user, "pk", None), now)
        if sku_id != auction.sku_id or quantity != 1:
            raise AuctionRefused("auction_not_winner")
        price = PlayPrice(
            kind=KIND,
            source_id=auction.pk,
            unit_price=auction.final_price,
            funding=PLATFORM_FUNDED if auction.store_id is None else STORE_FUNDED,
            name=auction.name,
            exclusive=auction.exclusive,
        )
        return PlayLine(price=price, held=1 if auction.stock_held else 0)

    def payment_deadline(self, *, ref: int, now: datetime) -> datetime | None:
        return Auction.objects.filter(pk=ref).values_list("pay_by", flat=True).first()

    def consume(self, *, user, ref: int, sku_id: int, quantity: int, trade_no: str, now: datetime) -> None:
        """The lot's reservation goes back just before the order reserves the unit as its own."""
        auction = _winners(services.locked(ref), user.pk, now)
        services.free_lot(auction, _("Bought by the auction's winner"), by=user)
        auction.save(update_fields=["stock_held"])

    def submitted(self, *, order: StoreOrder, ref: int, now: datetime) -> None:
        auction = services.locked(ref)
        auction.order_no = order.order_no
        auction.save(update_fields=["order_no"])
        events.record(auction=auction, type=AuctionEventType.ORDERED, by=order.user, order_no=order.order_no)

    def paid(self, *, order: StoreOrder, now: datetime) -> bool:
        """Sold: the winner's deposit goes back (the order ships as usual)."""
        services.auction_sold(auction_id=order.play_ref, order_no=order.order_no, now=now)
        return True

    def cancelled(self, *, order: StoreOrder, now: datetime) -> None:
        """The winner's unpaid order cancelled (its unit back in sellable stock): at `pay_by` the winner forfeits
        and the next bidder is offered the lot; before it, the lot is held again for the winner to check out anew."""
        services.winner_order_cancelled(auction_id=order.play_ref, order_no=order.order_no, now=now)
