from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from promotions.pricing import Lane, Level, PromotionKind


class PromotionStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("promotion status", "Active")  # applies inside its time window
    STOPPED = "stopped", _("Stopped")  # ended early by its store or an operator; never applies again


class MemberScopeKind(models.TextChoices):
    ALL = "all", _("All members")
    NEW_MEMBERS = "new_members", _("New members")  # 新注册用户: no paid order yet
    LEVELS = "levels", _("Member levels")


class Funder(models.TextChoices):
    PLATFORM = "platform", _("Platform")  # HQ pays; the store is reimbursed in settlement
    STORE = "store", _("Store")
    SHARED = "shared", _("Shared")  # split by platform_percent


def ids():
    return ArrayField(models.BigIntegerField(), default=list, blank=True)


class PromotionQuerySet(models.QuerySet):
    def live(self, at):
        """Active and inside their window at `at`."""
        return self.filter(status=PromotionStatus.ACTIVE, starts_at__lte=at, ends_at__gt=at)

    def overlapping(self, *, starts_at, ends_at):
        """Active promotions whose window meets [starts_at, ends_at)."""
        return self.filter(status=PromotionStatus.ACTIVE, starts_at__lt=ends_at, ends_at__gt=starts_at)


class Promotion(models.Model):
    """A store's or the platform's promotion. `rules` is the JSON of API.md for its `kind`, checked against
    the pricing engine's rule types when saved (promotions/rules.py). `lane` and `level` are its exclusive
    group (promotions.pricing.lanes), stored so that conflicting promotions are found by an index."""

    store = models.ForeignKey(
        "stores.Store", on_delete=models.CASCADE, null=True, blank=True, related_name="promotions"
    )  # null: a platform promotion over every store
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=30, choices=[(kind.value, kind.value) for kind in PromotionKind])
    rules = models.JSONField(_("rules"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    scope_all = models.BooleanField(_("all goods"), default=False)
    scope_skus = ids()
    scope_categories = ids()  # backend categories, at any level: their subtrees are covered
    scope_brands = ids()
    excluded_skus = ids()
    channels = ArrayField(models.CharField(max_length=10), default=list, blank=True)  # empty: every channel
    member_scope = models.CharField(max_length=20, choices=MemberScopeKind.choices, default=MemberScopeKind.ALL)
    member_levels = ids()
    per_member_limit = models.PositiveIntegerField(_("uses per member"), null=True, blank=True)
    funder = models.CharField(_("paid by"), max_length=10, choices=Funder.choices)
    platform_percent = models.DecimalField(_("platform share (%)"), max_digits=5, decimal_places=2, default=0)
    lane = models.CharField(max_length=10, choices=[(lane.value, lane.value) for lane in Lane], editable=False)
    # "" for the item lane, whose group spans both levels (a price is cut once, whoever pays).
    level = models.CharField(
        max_length=10, choices=[(level.value, level.value) for level in Level], blank=True, editable=False
    )
    status = models.CharField(max_length=10, choices=PromotionStatus.choices, default=PromotionStatus.ACTIVE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PromotionQuerySet.as_manager()

    class Meta:
        verbose_name = _("promotion")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["lane", "level", "status", "ends_at"], name="promotion_exclusive_group")]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="promotion_window"),
            models.CheckConstraint(
                condition=models.Q(platform_percent__gte=0, platform_percent__lte=100), name="promotion_share_range"
            ),
            models.CheckConstraint(
                condition=models.Q(scope_all=True)
                | ~models.Q(scope_skus=[])
                | ~models.Q(scope_categories=[])
                | ~models.Q(scope_brands=[]),
                name="promotion_scope_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PromotionUse(models.Model):
    """A member used a promotion on an order (written by the orders center), for per-member limits."""

    promotion = models.ForeignKey(Promotion, on_delete=models.CASCADE, related_name="uses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    order_no = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["promotion", "user", "order_no"], name="promotion_use_once_per_order")
        ]
        indexes = [models.Index(fields=["user", "promotion"])]

    def __str__(self) -> str:
        return f"{self.promotion_id} by {self.user_id} on {self.order_no}"


class PromotionEvent(models.Model):
    """Every change of a promotion: created, stopped (who, when, why)."""

    promotion = models.ForeignKey(Promotion, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=30)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.type} by {self.by_id}"
