"""Deposit presales (定金预售, seeds 001 and 002): a SKU sold ahead of its release. The member pays a deposit in the
deposit window (the goods are reserved for them then), and the balance in the balance window; the deposit counts
for more than it cost at balance time (定金膨胀: 10 paid counts as 30), the difference a discount funded by the
store (a store's presale) or the platform (an operator's).

Both payments are orders of their own, through the play seam (orders/plays.py, decision 0035): the deposit order
(play `presale`, its shipping held) and the balance order (play `presale_balance`, priced by the engine with the
counted value off). `PresaleDeposit` ties a member's two orders to the presale and says where they stand."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from marketplace.models import HistoryRow
from marketplace.money import MoneyField


class PresaleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # being set up; not shown
    PUBLISHED = "published", _("Published")  # shown; deposits in the deposit window, balances in the balance window
    ENDED = "ended", _("Ended")  # the balance window closed: unpaid balances forfeited their deposits
    CANCELLED = "cancelled", _("Cancelled")  # called off: every deposit refunded in full


class Presale(models.Model):
    """A presale (预售活动) of one SKU. `store` None: an operator's presale, its extra value funded by the platform;
    otherwise the store's own, for its own SKU, funded by the store. `deposit` is what a unit's deposit costs,
    `counted` what it counts for against the SKU's price at balance time. `exclusive`: no promotion applies to
    the balance (the default); otherwise order-level promotions may, as the seller chose. Coupons always may."""

    store = models.ForeignKey(
        "stores.Store", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("store")
    )
    name = models.CharField(_("name"), max_length=100)
    sku = models.ForeignKey("catalog.Sku", on_delete=models.PROTECT, related_name="+", verbose_name=_("SKU"))
    deposit = MoneyField(_("deposit per unit"))
    counted = MoneyField(_("deposit counts as"))
    per_member_limit = models.PositiveIntegerField(_("limit per member"), default=1)
    exclusive = models.BooleanField(_("exclusive of promotions"), default=True)
    deposit_starts_at = models.DateTimeField(_("deposit window opens"))
    deposit_ends_at = models.DateTimeField(_("deposit window closes"))
    balance_starts_at = models.DateTimeField(_("balance window opens"))
    balance_ends_at = models.DateTimeField(_("balance window closes"))
    status = models.CharField(_("status"), max_length=10, choices=PresaleStatus.choices, default=PresaleStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    deposits_closed_at = models.DateTimeField(_("deposits closed at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("presale")
        verbose_name_plural = _("presales")
        ordering = ["deposit_starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deposit__gt=0, counted__gte=F("deposit")), name="presale_deposit_counts_at_least_itself"
            ),
            models.CheckConstraint(
                condition=Q(
                    deposit_ends_at__gt=F("deposit_starts_at"),
                    balance_starts_at__gte=F("deposit_ends_at"),
                    balance_ends_at__gt=F("balance_starts_at"),
                ),
                name="presale_windows_in_order",
            ),
            models.CheckConstraint(condition=Q(per_member_limit__gte=1), name="presale_limit_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def platform_funded(self) -> bool:
        return self.store_id is None

    @property
    def extra(self):
        """What a unit's deposit counts for beyond what it cost: the funder's discount."""
        return self.counted - self.deposit

    def taking_deposits(self, now) -> bool:
        return self.status == PresaleStatus.PUBLISHED and self.deposit_starts_at <= now < self.deposit_ends_at

    def taking_balances(self, now) -> bool:
        return self.status == PresaleStatus.PUBLISHED and self.balance_starts_at <= now < self.balance_ends_at


class DepositStatus(models.TextChoices):
    PENDING = "pending", _("Deposit to pay")  # the deposit order placed, not paid yet
    PAID = "paid", pgettext_lazy("presale", "Deposit paid")  # goods reserved; the balance is due in the balance window
    BALANCE_PENDING = "balance_pending", _("Balance to pay")  # the balance order placed, not paid yet
    COMPLETED = "completed", _("Balance paid")  # the deposit used: the balance order ships
    FORFEITED = "forfeited", _("Deposit kept")  # the balance window closed unpaid: the store keeps the deposit
    REFUNDED = "refunded", pgettext_lazy("presale", "Deposit refunded")  # cancelled by the store, or withdrawn in time
    CANCELLED = "cancelled", _("Cancelled")  # the deposit order was never paid

    @classmethod
    def live(cls) -> list[str]:
        return [cls.PENDING, cls.PAID, cls.BALANCE_PENDING]


class PresaleDeposit(models.Model):
    """One member's deposit on a presale for `quantity` units: its deposit order, then its balance order."""

    presale = models.ForeignKey(Presale, on_delete=models.PROTECT, related_name="deposits", verbose_name=_("presale"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    deposit_order = models.OneToOneField(
        "orders.StoreOrder", on_delete=models.PROTECT, related_name="+", verbose_name=_("deposit order")
    )
    balance_order = models.ForeignKey(
        "orders.StoreOrder",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("balance order"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=DepositStatus.choices, default=DepositStatus.PENDING, db_index=True
    )
    reminded_at = models.DateTimeField(_("balance reminder sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("presale deposit")
        verbose_name_plural = _("presale deposits")
        ordering = ["-created_at", "-id"]
        constraints = [
            # one live deposit per member and presale: its limit is checked against it
            models.UniqueConstraint(
                fields=["presale", "user"],
                condition=Q(status__in=["pending", "paid", "balance_pending"]),
                name="presale_one_live_deposit_per_member",
            ),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="presale_deposit_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.presale_id}/{self.user_id}"


class PresaleEventType(models.TextChoices):
    CREATED = "created", _("Created")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")
    DEPOSITS_CLOSED = "deposits_closed", _("Deposit window closed")
    ENDED = "ended", _("Ended")
    DEPOSIT_PLACED = "deposit_placed", _("Deposit order placed")
    DEPOSIT_PAID = "deposit_paid", pgettext_lazy("presale", "Deposit paid")
    DEPOSIT_CANCELLED = "deposit_cancelled", _("Deposit order cancelled")
    BALANCE_PLACED = "balance_placed", _("Balance order placed")
    BALANCE_CANCELLED = "balance_cancelled", _("Balance order cancelled")
    BALANCE_PAID = "balance_paid", _("Balance paid")
    BALANCE_REMINDED = "balance_reminded", _("Balance reminder sent")
    DEPOSIT_FORFEITED = "deposit_forfeited", _("Deposit kept: balance not paid")
    DEPOSIT_REFUNDED = "deposit_refunded", pgettext_lazy("presale", "Deposit refunded")


class PresaleEvent(HistoryRow):
    """A presale's history, and each deposit's: who did what, when (presales/events.py writes it)."""

    presale = models.ForeignKey(Presale, on_delete=models.CASCADE, related_name="events", verbose_name=_("presale"))
    deposit = models.ForeignKey(
        PresaleDeposit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=pgettext_lazy("presale", "deposit"),
    )
    type = models.CharField(_("type"), max_length=20, choices=PresaleEventType.choices)

    class Meta(HistoryRow.Meta):
        verbose_name = _("presale event")
        verbose_name_plural = _("presale events")
