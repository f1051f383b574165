"""Auctions (拍卖, seed 001; decision 0034): one lot of a SKU sold to the highest bidder.

An auction starts at `starting_price`; each bid beats the current price by at least `increment` (the first may
be the starting price). Bidding needs a deposit, paid through the gateway (a payment for the purpose
`auction_deposit`, orders.payment.purposes) and given back to every bidder but the winner when the auction
closes. A bid in the last `extend_window_minutes` moves the end to `extend_by_minutes` after it (anti-sniping).
A bid at the buy-out price ends it at once. The winner checks out at the final price through buy-now with
`play=auction:<id>` before `pay_by`; a winner who does not forfeits the deposit to the store whose lot it was
(orders.KeptPayment, which settlement credits on the store's next bill) and the next bidder may be offered the lot
at their own highest bid.

The unit is taken out of sellable stock when the auction is published (reference `auction:<id>`) and goes back
when it ends unsold."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.models import HistoryRow
from marketplace.money import MoneyField


class AuctionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # being set up: not shown, no stock taken
    RUNNING = "running", _("Running")  # published: the lot is taken from stock; bids between starts_at and ends_at
    AWAITING_PAYMENT = "awaiting_payment", _("Won, awaiting payment")  # closed with a winner who has until pay_by
    SOLD = "sold", _("Sold")  # the winner's order is paid
    UNSOLD = "unsold", _("Unsold")  # no bid, the reserve not met, or no bidder paid: the lot is back in stock
    CANCELLED = "cancelled", _("Cancelled")  # a draft given up


class Auction(models.Model):
    """`store` None: an operator's auction, funded by the platform; otherwise a store's, for its own SKU."""

    store = models.ForeignKey(
        "stores.Store", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("store")
    )
    sku = models.ForeignKey("catalog.Sku", on_delete=models.PROTECT, related_name="+", verbose_name=_("SKU"))
    name = models.CharField(_("name"), max_length=100)
    starting_price = MoneyField(_("starting price"))
    increment = MoneyField(_("bid increment"))
    reserve_price = MoneyField(_("reserve price"), null=True, blank=True)
    buyout_price = MoneyField(_("buy-out price"), null=True, blank=True)
    deposit = MoneyField(_("deposit"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))  # moved later by late bids
    extend_window_minutes = models.PositiveIntegerField(_("extend when a bid comes within (minutes)"), default=5)
    extend_by_minutes = models.PositiveIntegerField(_("extend to (minutes after the bid)"), default=5)
    payment_hours = models.PositiveIntegerField(_("hours the winner has to pay"), default=24)
    exclusive = models.BooleanField(_("exclusive of promotions"), default=True)
    status = models.CharField(_("status"), max_length=20, choices=AuctionStatus.choices, default=AuctionStatus.DRAFT)
    warehouse = models.ForeignKey(
        "stores.Warehouse",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("warehouse"),
    )
    stock_held = models.BooleanField(_("lot held out of stock"), default=False)
    current_price = MoneyField(_("current price"), null=True, blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("highest bidder"),
    )
    bid_count = models.PositiveIntegerField(_("bids"), default=0)
    winner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("winner"),
    )
    final_price = MoneyField(_("final price"), null=True, blank=True)
    pay_by = models.DateTimeField(_("pay by"), null=True, blank=True)
    order_no = models.CharField(_("order number"), max_length=32, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("auction")
        verbose_name_plural = _("auctions")
        ordering = ["ends_at", "id"]
        indexes = [models.Index(fields=["status", "ends_at"], name="auction_status_end")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="auction_ends_after_start"),
            models.CheckConstraint(condition=Q(increment__gt=0), name="auction_increment_positive"),
            models.CheckConstraint(condition=Q(starting_price__gt=0), name="auction_starting_price_positive"),
            models.CheckConstraint(condition=Q(deposit__gte=0), name="auction_deposit_not_negative"),
            models.CheckConstraint(
                condition=Q(buyout_price__isnull=True) | Q(buyout_price__gt=F("starting_price")),
                name="auction_buyout_above_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def reference(self) -> str:
        """What its stock movements are written under."""
        return f"auction:{self.pk}"

    @property
    def next_minimum(self):
        """The least the next bid may be."""
        return self.starting_price if self.current_price is None else self.current_price + self.increment

    def live(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == AuctionStatus.RUNNING and self.starts_at <= now < self.ends_at


class DepositStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the gateway")
    PAID = "paid", _("Paid")  # the member may bid
    REFUNDED = "refunded", _("Refunded")  # given back through the gateway
    FORFEITED = "forfeited", _("Forfeited")  # the winner did not pay: the store keeps it


class Deposit(models.Model):
    """A member's deposit for one auction (保证金): one per member and auction; `payment` is the gateway's."""

    auction = models.ForeignKey(Auction, on_delete=models.CASCADE, related_name="deposits", verbose_name=_("auction"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    amount = MoneyField(_("amount"))
    payment_no = models.CharField(_("payment number"), max_length=32, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=DepositStatus.choices, default=DepositStatus.PENDING)
    refund_no = models.CharField(_("refund number"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)

    class Meta:
        verbose_name = _("auction deposit")
        verbose_name_plural = _("auction deposits")
        ordering = ["auction_id", "id"]
        constraints = [models.UniqueConstraint(fields=["auction", "user"], name="auction_deposit_once_per_member")]

    def __str__(self) -> str:
        return f"{self.auction_id}/{self.user_id}: {self.amount}"


class Bid(models.Model):
    """An accepted bid. Accepted in the order the bids' transactions commit (each locks the auction's row), and
    never two at one price in one auction (the unique constraint backs the row lock)."""

    auction = models.ForeignKey(Auction, on_delete=models.CASCADE, related_name="bids", verbose_name=_("auction"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    amount = MoneyField(_("amount"))
    buyout = models.BooleanField(_("buy-out"), default=False)
    created_at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        ordering = ["-amount", "-id"]
        constraints = [models.UniqueConstraint(fields=["auction", "amount"], name="auction_bid_price_once")]

    def __str__(self) -> str:
        return f"{self.auction_id}: {self.amount}"


class AuctionEventType(models.TextChoices):
    CREATED = "created", _("Created")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")
    DEPOSIT_PAID = "deposit_paid", _("Deposit paid")
    BID = "bid", _("Bid")
    EXTENDED = "extended", _("End extended")
    WON = "won", _("Won")  # closed (or bought out) with a winner; also a next bidder offered the lot
    UNSOLD = "unsold", _("Ended unsold")
    ORDERED = "ordered", _("Winner's order placed")
    SOLD = "sold", _("Sold")
    DEPOSIT_REFUNDED = "deposit_refunded", _("Deposit refunded")
    DEPOSIT_FORFEITED = "deposit_forfeited", _("Deposit forfeited")  # kept for data.store: orders.KeptPayment


class AuctionEvent(HistoryRow):
    """An auction's history (auctions/events.py writes it). DEPOSIT_FORFEITED rows carry the store, the member
    and the amount; the money itself is an orders.KeptPayment that settlement credits (decision 0034)."""

    auction = models.ForeignKey(Auction, on_delete=models.CASCADE, related_name="events", verbose_name=_("auction"))
    type = models.CharField(_("type"), max_length=20, choices=AuctionEventType.choices)

    class Meta(HistoryRow.Meta):
        verbose_name = _("auction event")
        verbose_name_plural = _("auction events")
        indexes = [models.Index(fields=["type", "id"], name="auction_event_type")]
