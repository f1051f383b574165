"""Auction reads: the storefront's running auctions, one auction with its last bids, a store's own (another
store's is not found), a member's deposit."""

from datetime import datetime

from django.db.models import Prefetch, QuerySet

from auctions.exceptions import NotFound
from auctions.models import Auction, AuctionStatus, Bid, Deposit, DepositStatus
from stores.models import Store

SHOWN = (AuctionStatus.RUNNING, AuctionStatus.AWAITING_PAYMENT, AuctionStatus.SOLD, AuctionStatus.UNSOLD)
LAST_BIDS = 10


def storefront_auctions(*, now: datetime) -> QuerySet[Auction]:
    """Running auctions not yet past their end, ending soonest first, with their SKU and product."""
    return (
        Auction.objects.filter(status=AuctionStatus.RUNNING, ends_at__gt=now)
        .select_related("sku__spu")
        .order_by("ends_at", "id")
    )


def auction_of(*, auction_id: int) -> Auction:
    """A published auction (a draft or a cancelled one is not found), with its SKU and product."""
    auction = Auction.objects.filter(pk=auction_id, status__in=SHOWN).select_related("sku__spu").first()
    if auction is None:
        raise NotFound()
    return auction


def last_bids(*, auction: Auction) -> list[Bid]:
    return list(auction.bids.order_by("-amount")[:LAST_BIDS])


def has_paid_deposit(*, auction: Auction, user) -> bool:
    if not auction.deposit:
        return True
    if not user.is_authenticated:
        return False
    return Deposit.objects.filter(auction=auction, user=user, status=DepositStatus.PAID).exists()


def store_auctions(*, store: Store) -> QuerySet[Auction]:
    return Auction.objects.filter(store=store).select_related("sku__spu").order_by("-starts_at", "-id")


def with_bids(queryset: QuerySet[Auction]) -> QuerySet[Auction]:
    return queryset.prefetch_related(Prefetch("bids", queryset=Bid.objects.order_by("-amount")))
