from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from promotions.goods_scope import GoodsScopeFields, ids
from promotions.kinds import KINDS
from promotions.pricing import Channel, Lane, Level


class PromotionStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("promotion status", "Active")  # applies inside its time window
    STOPPED = "stopped", _("Stopped")  # ended early by its store or an operator; never applies again


class MemberScopeKind(models.TextChoices):
    ALL = "all", _("All members")
    NEW_MEMBERS = "new_members", _("New members")  # 新注册用户: members.selectors.is_new_member (decision 0015)
    LEVELS = "levels", _("Member levels")


class Funder(models.TextChoices):
    PLATFORM = "platform", _("Platform")  # HQ pays; the store is reimbursed in settlement
    STORE = "store", _("Store")
    SHARED = "shared", _("Shared")  # split by platform_percent


# How the pricing engine's kinds, lanes and levels read in the admin and the seller backend (a kind's name is its
# own: promotions/kinds/).
KIND_LABELS = {kind: spec.name for kind, spec in KINDS.items()}
LANE_LABELS = {
    Lane.ITEM: _("Item discounts"),
    Lane.ORDER: _("Order discounts"),
    Lane.GIFT: _("Gifts"),
    Lane.ADD_ON: _("Add-on deals"),
}
LEVEL_LABELS = {Level.STORE: _("Store level"), Level.PLATFORM: _("Platform level")}
# Where a cart is priced (a promotion's or a coupon's `channels`; empty: every channel).
CHANNEL_LABELS = {
    Channel.APP: _("App"),
    Channel.H5: _("H5 (mobile web)"),
    Channel.WEB: _("Website (PC)"),
}


def labelled(labels) -> list[tuple[str, str]]:
    return [(value.value, label) for value, label in labels.items()]


class PromotionQuerySet(models.QuerySet):
    def live(self, at):
        """Active and inside their window at `at`."""
        return self.filter(status=PromotionStatus.ACTIVE, starts_at__lte=at, ends_at__gt=at)

    def overlapping(self, *, starts_at, ends_at):
        """Active promotions whose window meets [starts_at, ends_at)."""
        return self.filter(status=PromotionStatus.ACTIVE, starts_at__lt=ends_at, ends_at__gt=starts_at)


class Promotion(GoodsScopeFields):
    """A store's or the platform's promotion. `rules` is the JSON of API.md for its `kind`, checked against
    the pricing engine's rule types when saved (promotions/rules.py). `lane` and `level` are its exclusive
    group (promotions.pricing.lanes), stored so that conflicting promotions are found by an index. Its goods
    scope's columns are promotions.goods_scope's, shared with coupon templates."""

    store = models.ForeignKey(
        "stores.Store",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="promotions",
        verbose_name=_("store"),
    )  # null: a platform promotion over every store
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=30, choices=labelled(KIND_LABELS))
    rules = models.JSONField(_("rules"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    # empty: every channel
    channels = ArrayField(models.CharField(max_length=10), verbose_name=_("channels"), default=list, blank=True)
    member_scope = models.CharField(
        _("members"), max_length=20, choices=MemberScopeKind.choices, default=MemberScopeKind.ALL
    )
    member_levels = ids(_("member level ids"))
    per_member_limit = models.PositiveIntegerField(_("uses per member"), null=True, blank=True)
    # Not for business buyers (企业采购), who start from wholesale or negotiated prices (decision 0039).
    retail_only = models.BooleanField(_("retail only"), default=False)
    funder = models.CharField(_("paid by"), max_length=10, choices=Funder.choices)
    platform_percent = models.DecimalField(_("platform share (%)"), max_digits=5, decimal_places=2, default=0)
    lane = models.CharField(_("exclusive group"), max_length=10, choices=labelled(LANE_LABELS), editable=False)
    # "" for the item lane, whose group spans both levels (a price is cut once, whoever pays).
    level = models.CharField(
        _("promotion level"), max_length=10, choices=labelled(LEVEL_LABELS), blank=True, editable=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PromotionStatus.choices, default=PromotionStatus.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PromotionQuerySet.as_manager()

    class Meta:
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["lane", "level", "status", "ends_at"], name="promotion_exclusive_group")]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="promotion_window"),
            models.CheckConstraint(
                condition=models.Q(platform_percent__gte=0, platform_percent__lte=100), name="promotion_share_range"
            ),
            GoodsScopeFields.not_empty_constraint("promotion_scope_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def can_edit(self, now) -> bool:
        """Not started and not stopped: no order has been priced by its rules yet (promotion_update)."""
        return self.status == PromotionStatus.ACTIVE and self.starts_at > now


class PromotionUse(models.Model):
    """A member used a promotion on an order (written by the orders center), for per-member limits."""

    promotion = models.ForeignKey(Promotion, on_delete=models.CASCADE, related_name="uses", verbose_name=_("promotion"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    order_no = models.CharField(_("order number"), max_length=32)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("promotion use")
        verbose_name_plural = _("promotion uses")
        constraints = [
            models.UniqueConstraint(fields=["promotion", "user", "order_no"], name="promotion_use_once_per_order")
        ]
        indexes = [models.Index(fields=["user", "promotion"])]

    def __str__(self) -> str:
        return f"{self.promotion_id} by {self.user_id} on {self.order_no}"


class PromotionEvent(models.Model):
    """Every change of a promotion: created, updated (before it starts), stopped (who, when, why)."""

    promotion = models.ForeignKey(
        Promotion, on_delete=models.CASCADE, related_name="events", verbose_name=_("promotion")
    )
    type = models.CharField(_("event"), max_length=30)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("time"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("promotion event")
        verbose_name_plural = _("promotion events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.type} by {self.by_id}"
