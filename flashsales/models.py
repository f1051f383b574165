"""Flash sales (秒杀, seed 001): a session with a time window, its SKUs at a flash price and a flash quantity
taken out of sellable stock when it is published, and the holds its Redis gate hands to the members who win.

PostgreSQL is the record: what a session was given (`FlashItem.quantity`), what each member holds or bought
(`FlashHold`). Redis (flashsales/gate.py) is the gate that decides each attempt; it is rebuilt from these rows
when it is lost (decision 0029)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from marketplace.models import HistoryRow
from marketplace.money import MoneyField


class SessionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # being set up; no stock taken, not shown
    PUBLISHED = "published", _("Published")  # stock taken, gate loaded; open between starts_at and ends_at
    ENDED = "ended", _("Ended")  # closed: what it did not sell went back to stock
    # given up: a draft (never took stock), or a published session cancelled by its seller, closed like an ended
    # one (what it did not sell went back to stock: at once if it had not started, else a hold's time after)
    CANCELLED = "cancelled", _("Cancelled")


class FlashSession(models.Model):
    """A flash-sale session (秒杀场次). `store` None: an operator's session, funded by the platform; otherwise a
    store's, for its own SKUs, funded by the store. `exclusive`: promotions do not apply to a flash line (the
    default); otherwise the order-level ones (满减 ...) may still, as the seller chose."""

    store = models.ForeignKey(
        "stores.Store",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("store"),
    )
    name = models.CharField(_("name"), max_length=100)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    per_member_limit = models.PositiveIntegerField(_("limit per member"), default=1)
    exclusive = models.BooleanField(_("exclusive of promotions"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    # Set by the seller's cancel: a started session stays published (its live holds may be bought) until it closes.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("flash-sale session")
        verbose_name_plural = _("flash-sale sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="flash_session_ends_after_start"),
            models.CheckConstraint(condition=Q(per_member_limit__gte=1), name="flash_session_limit_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def platform_funded(self) -> bool:
        return self.store_id is None

    @property
    def reference(self) -> str:
        """What its stock movements are written under."""
        return f"flash:{self.pk}"


class FlashItem(models.Model):
    """One SKU of a session: its flash price, the units taken from stock for it (at publishing, from
    `warehouse`), how many of them orders took (`sold`), and how many went back to stock at the end."""

    session = models.ForeignKey(FlashSession, on_delete=models.CASCADE, related_name="items", verbose_name=_("session"))
    sku = models.ForeignKey("catalog.Sku", on_delete=models.PROTECT, related_name="+", verbose_name=_("SKU"))
    flash_price = MoneyField(_("flash price"))
    quantity = models.PositiveIntegerField(_("flash quantity"))
    warehouse = models.ForeignKey(
        "stores.Warehouse",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("warehouse"),
    )
    sold = models.PositiveIntegerField(_("sold"), default=0)
    returned = models.PositiveIntegerField(_("returned to stock"), default=0)

    class Meta:
        verbose_name = _("flash-sale item")
        verbose_name_plural = _("flash-sale items")
        ordering = ["session_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "sku"], name="flash_item_once_per_session"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="flash_item_quantity_positive"),
            models.CheckConstraint(condition=Q(flash_price__gte=0), name="flash_item_price_not_negative"),
            models.CheckConstraint(
                condition=Q(sold__lte=F("quantity") - F("returned")), name="flash_item_never_oversold"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.sku_id}"


class HoldStatus(models.TextChoices):
    HELD = "held", _("Held")  # won; the member may check out until expires_at
    CONSUMED = "consumed", _("Bought")  # an order took it
    EXPIRED = "expired", _("Expired")  # not bought in time: the unit went back to the session


class FlashHold(models.Model):
    """What a winning attempt holds: `quantity` units of an item for `user` until `expires_at`, under the gate's
    token. An order consumes it; otherwise it expires and goes back to the session."""

    token = models.CharField(_("token"), max_length=40, unique=True)
    item = models.ForeignKey(FlashItem, on_delete=models.CASCADE, related_name="holds", verbose_name=_("item"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    status = models.CharField(_("status"), max_length=10, choices=HoldStatus.choices, default=HoldStatus.HELD)
    expires_at = models.DateTimeField(_("expires at"))
    order_no = models.CharField(_("order number"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("flash-sale hold")
        verbose_name_plural = _("flash-sale holds")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "expires_at"], name="flash_hold_status_expiry")]

    def __str__(self) -> str:
        return self.token


class SessionEventType(models.TextChoices):
    CREATED = "created", _("Created")
    EDITED = "edited", _("Edited")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")
    ENDED = "ended", _("Ended")


class SessionEvent(HistoryRow):
    """A session's history: who did what, when (flashsales/events.py writes it)."""

    session = models.ForeignKey(
        FlashSession, on_delete=models.CASCADE, related_name="events", verbose_name=_("session")
    )
    type = models.CharField(_("type"), max_length=12, choices=SessionEventType.choices)

    class Meta(HistoryRow.Meta):
        verbose_name = _("flash-sale session event")
        verbose_name_plural = _("flash-sale session events")
