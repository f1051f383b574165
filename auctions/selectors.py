"""Auction reads: the storefront's running auctions, one auction with its last bids, a store's own (another
store's is not found), a member's deposit."""

from datetime import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

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


# What a member's auction came to for them (the "my auctions" page and API).
OUTCOMES = ("leading", "outbid", "no_bid", "won", "lost")


def member_auctions(*, user) -> QuerySet[Auction]:
    """The auctions the member paid a deposit for or bid on, the latest to end first, each with their highest bid
    (`my_highest`) and their deposit's status and amount (`my_deposit_status`, `my_deposit`): one query whatever the
    page's size."""
    mine = Deposit.objects.filter(auction=OuterRef("pk"), user=user).exclude(status=DepositStatus.PENDING)
    bid = Bid.objects.filter(auction=OuterRef("pk"), user=user)
    highest = bid.order_by("-amount").values("amount")[:1]
    return (
        Auction.objects.exclude(status__in=(AuctionStatus.DRAFT, AuctionStatus.CANCELLED))
        .filter(Q(Exists(mine)) | Q(Exists(bid)))
        .select_related("sku__spu")
        .annotate(
            my_highest=Subquery(highest),
            my_deposit_status=Subquery(mine.values("status")[:1]),
            my_deposit=Subquery(mine.values("amount")[:1]),
        )
        .order_by("-ends_at", "-id")
    )


def member_outcome(auction: Auction, user_id: int) -> str:
    """One of OUTCOMES: while it runs, leading or outbid (or no bid yet: a deposit only); closed, won (the lot is
    theirs to pay for, or bought) or lost (another won, nobody did, or they forfeited)."""
    if auction.status == AuctionStatus.RUNNING:
        if auction.leader_id == user_id:
            return "leading"
        return "outbid" if auction.my_highest is not None else "no_bid"
    won = auction.status in (AuctionStatus.AWAITING_PAYMENT, AuctionStatus.SOLD) and auction.winner_id == user_id
    return "won" if won else "lost"
