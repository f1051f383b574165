"""Auction writes (decision 0034): set up, publish (the lot taken from stock), deposits, bids, closing, the
winner's payment or forfeit and the offer to the next bidder.

Every write that reads an auction's state locks its row first, so bids are accepted in the order their
transactions commit and each sees the price the one before it left; the unique (auction, amount) constraint
backs it: no two bids at one price. Deposits are payments for the purpose `auction_deposit`
(orders.payment.purposes), given back whole through the gateway's outbox (orders.payment.services.payment_return)."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from auctions import events
from auctions.exceptions import AuctionRefused, InvalidInput, InvalidTransition, NotFound
from auctions.models import Auction, AuctionEventType, AuctionStatus, Bid, Deposit, DepositStatus
from catalog.models import Sku
from catalog.services.stock import StockLine, stock_release, stock_reserve
from catalog.storefront_cache import storefront_changed
from members.models import User
from orders.models import Payment
from orders.payment.purposes import PaymentPurpose
from orders.payment.services import payment_keep, payment_return, purpose_payment_start
from stores.models import Store

DEPOSIT_PURPOSE = "auction_deposit"


@dataclass(frozen=True)
class AuctionInput:
    """What a seller or an operator sets up (the serializer's validated data, `sku` as `sku_id`)."""

    name: str
    sku_id: int
    starting_price: Decimal
    increment: Decimal
    deposit: Decimal
    starts_at: datetime
    ends_at: datetime
    reserve_price: Decimal | None = None
    buyout_price: Decimal | None = None
    extend_window_minutes: int = 5
    extend_by_minutes: int = 5
    payment_hours: int = 24
    exclusive: bool = True


def _refuse(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, fields={field: [message]})


def auction_check(values: AuctionInput, store: Store | None) -> None:
    """The setup's rules (the admin's form checks them too)."""
    if values.ends_at <= values.starts_at:
        raise _refuse("ends_at", _("The end must be after the start."))
    if values.starting_price <= 0 or values.increment <= 0:
        raise _refuse("starting_price", _("The starting price and the increment are above zero."))
    if values.reserve_price is not None and values.reserve_price < values.starting_price:
        raise _refuse("reserve_price", _("The reserve price is at least the starting price."))
    if values.buyout_price is not None and values.buyout_price <= max(values.starting_price, values.reserve_price or 0):
        raise _refuse("buyout_price", _("The buy-out price is above the starting and reserve prices."))
    sku = Sku.objects.filter(pk=values.sku_id, is_active=True).first()
    if sku is None or (store is not None and sku.store_id != store.pk):
        raise _refuse("sku", _("Unknown SKU."))


@transaction.atomic
def auction_create(*, store: Store | None, by: User, values: AuctionInput) -> Auction:
    """A draft auction of one unit of a SKU: a store's own SKU (store funded), or any for an operator (store
    None, platform funded). Nothing is taken from stock before publishing."""
    auction_check(values, store)
    auction = Auction.objects.create(store=store, created_by=by, **values.__dict__)
    events.record(auction=auction, type=AuctionEventType.CREATED, by=by)
    return auction


def locked(auction_id: int) -> Auction:
    """The auction's row, locked: every write that reads its state takes this first (bids, deposits, the close,
    the winner's order)."""
    auction = Auction.objects.select_for_update(of=("self",)).filter(pk=auction_id).first()
    if auction is None:
        raise NotFound()
    return auction


@transaction.atomic
def auction_publish(*, auction: Auction, by: User | None, now: datetime | None = None) -> Auction:
    """Take the lot out of sellable stock (InsufficientStock changes nothing) and open the auction."""
    now = now or timezone.now()
    auction = locked(auction.pk)
    if auction.status != AuctionStatus.DRAFT:
        raise InvalidTransition(_("Only a draft auction is published."))
    if auction.ends_at <= now:
        raise InvalidTransition(_("The auction has already ended."))
    hold_lot(auction, by)
    auction.status = AuctionStatus.RUNNING
    auction.save(update_fields=["status", "warehouse", "stock_held"])
    events.record(auction=auction, type=AuctionEventType.PUBLISHED, by=by)
    storefront_changed()
    return auction


def hold_lot(auction: Auction, by: User | None) -> None:
    (movement,) = stock_reserve(
        lines=[StockLine(sku_id=auction.sku_id, quantity=1)], reference=auction.reference, by=by
    )
    auction.warehouse_id, auction.stock_held = movement.warehouse_id, True


def free_lot(auction: Auction, reason: str, by: User | None = None) -> None:
    if auction.stock_held:
        line = StockLine(sku_id=auction.sku_id, quantity=1, warehouse_id=auction.warehouse_id)
        stock_release(lines=[line], reference=auction.reference, reason=reason, by=by)
        auction.stock_held = False


@transaction.atomic
def auction_cancel(*, auction: Auction, by: User) -> Auction:
    """A draft given up (a published auction runs to its end: members have paid deposits)."""
    auction = locked(auction.pk)
    if auction.status != AuctionStatus.DRAFT:
        raise InvalidTransition(_("Only a draft auction is cancelled."))
    auction.status = AuctionStatus.CANCELLED
    auction.save(update_fields=["status"])
    events.record(auction=auction, type=AuctionEventType.CANCELLED, by=by)
    return auction


# --- Deposits ----------------------------------------------------------------------------------------------------


@transaction.atomic
def deposit_start(*, auction_id: int, user: User, method: str, now: datetime | None = None) -> Payment:
    """Start paying the auction's deposit through the gateway (one deposit per member; a payment abandoned on
    the gateway's page may be started again)."""
    now = now or timezone.now()
    auction = locked(auction_id)
    if auction.status != AuctionStatus.RUNNING or auction.ends_at <= now:
        raise AuctionRefused("auction_not_live")
    deposit, _created = Deposit.objects.get_or_create(auction=auction, user=user, defaults={"amount": auction.deposit})
    if deposit.status != DepositStatus.PENDING:
        raise AuctionRefused("auction_deposit_paid")
    payment = purpose_payment_start(
        purpose=DEPOSIT_PURPOSE, ref=deposit.pk, payer=user, amount=deposit.amount, method=method, now=now
    )
    deposit.payment_no = payment.payment_no
    deposit.save(update_fields=["payment_no"])
    return payment


class DepositPurpose(PaymentPurpose):
    """The gateway's notification of a deposit (in its transaction, the payment locked): the deposit is paid,
    unless the auction stopped taking bids or another payment paid it; then the money goes back."""

    name = DEPOSIT_PURPOSE

    def paid(self, *, payment: Payment, now: datetime) -> bool:
        auction_id = Deposit.objects.filter(pk=payment.purpose_ref).values_list("auction_id", flat=True).first()
        if auction_id is None:
            return False
        auction = locked(auction_id)  # the auction first, as bids and closing lock it
        deposit = Deposit.objects.select_for_update().get(pk=payment.purpose_ref)
        if deposit.status != DepositStatus.PENDING or auction.status != AuctionStatus.RUNNING:
            return False
        deposit.status, deposit.paid_at, deposit.payment_no = DepositStatus.PAID, now, payment.payment_no
        deposit.save(update_fields=["status", "paid_at", "payment_no"])
        events.record(auction=auction, type=AuctionEventType.DEPOSIT_PAID, by=deposit.user, amount=str(deposit.amount))
        return True

    def back_url(self, payment: Payment) -> str:
        auction_id = Deposit.objects.filter(pk=payment.purpose_ref).values_list("auction_id", flat=True).first()
        return reverse("storefront-auction", args=[auction_id])


def _refund_deposits(auction: Auction, *, keep_user_id: int | None, now: datetime) -> None:
    """Every paid deposit but `keep_user_id`'s goes back through the gateway, once."""
    deposits = Deposit.objects.select_for_update().filter(auction=auction, status=DepositStatus.PAID)
    for deposit in deposits.exclude(user_id=keep_user_id).order_by("pk"):
        _refund_deposit(auction, deposit, now)


def _refund_deposit(auction: Auction, deposit: Deposit, now: datetime) -> None:
    payment = Payment.objects.get(payment_no=deposit.payment_no)
    returned = payment_return(payment=payment, reason=DEPOSIT_PURPOSE, now=now)
    deposit.status, deposit.refund_no = DepositStatus.REFUNDED, returned.refund_no
    deposit.save(update_fields=["status", "refund_no"])
    events.record(
        auction=auction,
        type=AuctionEventType.DEPOSIT_REFUNDED,
        user=deposit.user_id,
        amount=str(deposit.amount),
        refund_no=returned.refund_no,
    )


# --- Bids --------------------------------------------------------------------------------------------------------


def _has_deposit(auction: Auction, user: User) -> bool:
    if not auction.deposit:
        return True
    return Deposit.objects.filter(auction=auction, user=user, status=DepositStatus.PAID).exists()


@transaction.atomic
def bid_place(*, auction_id: int, user: User, amount: Decimal, now: datetime | None = None) -> Bid:
    """A bid: at least the starting price for the first, the current price plus the increment after. At the
    buy-out price (or above: it is taken at the buy-out price) the member wins at once. A bid within the last
    minutes moves the end (anti-sniping). The auction's row lock orders the bids; the unique price backs it."""
    now = now or timezone.now()
    auction = locked(auction_id)
    if not auction.live(now):
        raise AuctionRefused("auction_not_live")
    if not _has_deposit(auction, user):
        raise AuctionRefused("auction_deposit_required")
    if amount < auction.next_minimum:
        raise AuctionRefused("auction_bid_too_low")
    buyout = auction.buyout_price is not None and amount >= auction.buyout_price
    amount = auction.buyout_price if buyout else amount
    try:
        with transaction.atomic():
            bid = Bid.objects.create(auction=auction, user=user, amount=amount, buyout=buyout, created_at=now)
    except IntegrityError as error:  # the same price accepted already: cannot happen under the row lock
        raise AuctionRefused("auction_outbid") from error
    outbid_id = auction.leader_id
    auction.current_price, auction.leader, auction.bid_count = amount, user, auction.bid_count + 1
    events.bid(auction=auction, by=user, amount=str(amount), outbid_id=outbid_id)
    if buyout:
        _award(auction, user, amount, now)
        return bid
    if auction.ends_at - now <= timedelta(minutes=auction.extend_window_minutes):
        ends_at = max(auction.ends_at, now + timedelta(minutes=auction.extend_by_minutes))
        events.record(auction=auction, type=AuctionEventType.EXTENDED, ends_at=ends_at.isoformat())
        auction.ends_at = ends_at
    auction.save(update_fields=["current_price", "leader", "bid_count", "ends_at"])
    return bid


# --- Closing, the winner, the forfeit ----------------------------------------------------------------------------


def _award(auction: Auction, user: User | int, price: Decimal, now: datetime, *, offer: bool = False) -> None:
    """`user` wins at `price`, with `payment_hours` to pay; the losers' deposits go back (at the close only: an
    offer to the next bidder comes after they went back)."""
    auction.status, auction.winner_id = AuctionStatus.AWAITING_PAYMENT, getattr(user, "pk", user)
    auction.final_price, auction.pay_by, auction.order_no = price, now + timedelta(hours=auction.payment_hours), ""
    auction.closed_at = auction.closed_at or now
    auction.save()
    events.won(auction=auction, offer=offer)
    if not offer:
        _refund_deposits(auction, keep_user_id=auction.winner_id, now=now)
    storefront_changed()


def _unsold(auction: Auction, now: datetime, reason: str) -> None:
    free_lot(auction, _("Auction ended unsold, back on sale"))
    auction.status, auction.winner, auction.closed_at = AuctionStatus.UNSOLD, None, auction.closed_at or now
    auction.save()
    _refund_deposits(auction, keep_user_id=None, now=now)
    events.record(auction=auction, type=AuctionEventType.UNSOLD, reason=reason)
    storefront_changed()


@transaction.atomic
def auction_close(*, auction_id: int, now: datetime | None = None) -> Auction:
    """At its end: the highest bid wins if it meets the reserve; otherwise the lot goes back to stock. Every
    deposit but the winner's goes back. Once: a second call finds it closed and does nothing."""
    now = now or timezone.now()
    auction = locked(auction_id)
    if auction.status != AuctionStatus.RUNNING or auction.ends_at > now:
        return auction
    if auction.leader_id is None:
        _unsold(auction, now, "no_bids")
    elif auction.reserve_price is not None and auction.current_price < auction.reserve_price:
        _unsold(auction, now, "reserve_not_met")
    else:
        _award(auction, auction.leader_id, auction.current_price, now)
    return auction


def _forfeit(auction: Auction, now: datetime) -> None:
    """The winner did not pay in time: their deposit is kept for the store whose lot it was (settlement credits it
    on the store's next bill; an operator's auction of a store's SKU too), and the
    next bidder who has not forfeited is offered the lot at their own highest bid, if it meets the reserve."""
    deposit = Deposit.objects.select_for_update().filter(auction=auction, user_id=auction.winner_id).first()
    if deposit is not None and deposit.status == DepositStatus.PAID:
        payment = Payment.objects.get(payment_no=deposit.payment_no)
        kept = payment_keep(payment=payment, store_id=auction.sku.store_id, reason=DEPOSIT_PURPOSE, now=now)
        deposit.status = DepositStatus.FORFEITED
        deposit.save(update_fields=["status"])
        events.record(
            auction=auction,
            type=AuctionEventType.DEPOSIT_FORFEITED,
            user=deposit.user_id,
            store=kept.store_id,
            amount=str(deposit.amount),
            payment_no=deposit.payment_no,
        )
    passed = set(auction.events.filter(type=AuctionEventType.WON).values_list("data__user", flat=True))
    bids = auction.bids.exclude(user_id__in=passed).order_by("-amount")
    if auction.reserve_price is not None:
        bids = bids.filter(amount__gte=auction.reserve_price)
    nxt = bids.first()
    if nxt is None:
        _unsold(auction, now, "winner_did_not_pay")
        return
    if not auction.stock_held:
        hold_lot(auction, None)
    _award(auction, nxt.user_id, nxt.amount, now, offer=True)


@transaction.atomic
def auction_forfeit(*, auction_id: int, now: datetime | None = None) -> Auction:
    """Past the winner's time to pay with no order placed (a placed order is cancelled by the orders' payment
    timeout at the same deadline, which calls back here through the play): forfeit, and offer the next bidder."""
    now = now or timezone.now()
    auction = locked(auction_id)
    if auction.status == AuctionStatus.AWAITING_PAYMENT and auction.pay_by <= now and not auction.order_no:
        _forfeit(auction, now)
    return auction


def auctions_close_due(*, now: datetime | None = None) -> int:
    """Every minute: close the auctions past their end, and forfeit winners past their time to pay (each in its
    own transaction)."""
    now = now or timezone.now()
    ending = list(Auction.objects.filter(status=AuctionStatus.RUNNING, ends_at__lte=now).values_list("pk", flat=True))
    for auction_id in ending:
        auction_close(auction_id=auction_id, now=now)
    unpaid = Auction.objects.filter(status=AuctionStatus.AWAITING_PAYMENT, pay_by__lte=now, order_no="")
    unpaid_ids = list(unpaid.values_list("pk", flat=True))
    for auction_id in unpaid_ids:
        auction_forfeit(auction_id=auction_id, now=now)
    return len(ending) + len(unpaid_ids)


# --- The winner's order (through the play, auctions/plays.py) ----------------------------------------------------


def auction_sold(*, auction_id: int, order_no: str, now: datetime) -> Auction:
    """In the payment's transaction: the winner's order is paid; the lot is sold and the winner's deposit goes back."""
    auction = locked(auction_id)
    if auction.status != AuctionStatus.AWAITING_PAYMENT or auction.order_no != order_no:
        return auction  # a payment of an order the auction no longer waits for: orders keeps it as any order's
    auction.status = AuctionStatus.SOLD
    auction.save(update_fields=["status"])
    events.record(auction=auction, type=AuctionEventType.SOLD, order_no=order_no, price=str(auction.final_price))
    _refund_deposits(auction, keep_user_id=None, now=now)
    storefront_changed()
    return auction


def winner_order_cancelled(*, auction_id: int, order_no: str, now: datetime) -> Auction:
    """In the cancellation's transaction (the order's unit is back in sellable stock): the lot is held again; at
    `pay_by` the winner forfeits and the next bidder is offered it, before it the winner may check out anew."""
    auction = locked(auction_id)
    if auction.status != AuctionStatus.AWAITING_PAYMENT or auction.order_no != order_no:
        return auction
    auction.order_no = ""
    if not auction.stock_held:
        hold_lot(auction, None)
    auction.save(update_fields=["order_no", "warehouse", "stock_held"])
    if auction.pay_by <= now:
        _forfeit(auction, now)
    return auction
