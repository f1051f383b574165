from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coupons.holders import CouponHolder, CouponHolderKind
from marketplace.money import MoneyField
from promotions.goods_scope import GoodsScopeFields
from promotions.pricing import Channel


class CouponKind(models.TextChoices):
    CASH = "cash", _("Cash coupon")  # 现金券: no threshold
    THRESHOLD = "threshold", _("Spend-and-save coupon")  # 满减券: spend `threshold`, get `value` off
    PERCENT = "percent", _("Percent coupon")  # 折扣券: pay `value` percent, at most `max_discount` off


class IssueMode(models.TextChoices):
    CLAIM = "claim", _("Claimed by shoppers only")
    DISTRIBUTE = "distribute", _("Distributed only")  # by operators or the system, never claimed
    BOTH = "both", _("Claimed or distributed")


class RefundPolicy(models.TextChoices):
    NEVER = "never", _("Never returned")
    FULL_ONLY = "full_only", _("Returned on a full refund")
    PROPORTIONAL = "proportional", _("Cash coupon returned in proportion")  # seed 002: 现金券按金额比例退还


class TemplateStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("coupon template status", "Active")  # may be issued
    STOPPED = "stopped", _("Stopped")  # issues no more; coupons already issued stay usable


class CouponTemplateQuerySet(models.QuerySet):
    def claimable(self, now):
        """Active, issued by claiming, inside the claim window, before the validity ends, with coupons left.
        Hidden templates are claimable too (through a shared link); the coupon center also asks for `public`."""
        return self.filter(
            Q(claim_from__isnull=True) | Q(claim_from__lte=now),
            Q(claim_to__isnull=True) | Q(claim_to__gt=now),
            Q(valid_to__isnull=True) | Q(valid_to__gt=now),
            status=TemplateStatus.ACTIVE,
            issue_mode__in=[IssueMode.CLAIM, IssueMode.BOTH],
            issued__lt=F("total"),
        )


class CouponTemplate(GoodsScopeFields):
    """What a coupon is (优惠券): its kind and value, the goods it covers (a goods scope, as a promotion's:
    promotions.goods_scope), how long it is valid, how many are issued and how. `store` null is a platform coupon
    paid by HQ; otherwise the store pays for its coupons.

    `value` is an amount for cash and threshold coupons and the share paid for percent ones ("60" is 6折)."""

    store = models.ForeignKey(
        "stores.Store",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="coupon_templates",
        verbose_name=_("store"),
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=CouponKind.choices)
    value = MoneyField(_("value"))
    threshold = MoneyField(_("threshold"), default=0)
    max_discount = MoneyField(_("maximum discount"), null=True, blank=True)
    # Validity: an absolute window, or `valid_days` from the moment a coupon is issued.
    valid_from = models.DateTimeField(_("valid from"), null=True, blank=True)
    valid_to = models.DateTimeField(_("valid to"), null=True, blank=True)
    valid_days = models.PositiveIntegerField(_("valid days after issue"), null=True, blank=True)
    total = models.PositiveIntegerField(_("quantity issued at most"))
    issued = models.PositiveIntegerField(_("issued"), default=0)
    per_user = models.PositiveIntegerField(_("per member"), null=True, blank=True, default=1)  # null: no limit
    per_user_per_day = models.PositiveIntegerField(_("per member per day"), null=True, blank=True)
    issue_mode = models.CharField(_("issue mode"), max_length=10, choices=IssueMode.choices, default=IssueMode.BOTH)
    public = models.BooleanField(_("shown in the coupon center"), default=True)
    claim_from = models.DateTimeField(_("claimable from"), null=True, blank=True)
    claim_to = models.DateTimeField(_("claimable until"), null=True, blank=True)
    points_cost = models.PositiveIntegerField(_("points to claim"), default=0)  # 0: free
    # empty: every channel
    channels = ArrayField(models.CharField(max_length=10), verbose_name=_("channels"), default=list, blank=True)
    refund_policy = models.CharField(
        _("refund policy"), max_length=12, choices=RefundPolicy.choices, default=RefundPolicy.NEVER
    )
    issue_on_register = models.BooleanField(_("issued on registration"), default=False)  # 新人券
    status = models.CharField(_("status"), max_length=10, choices=TemplateStatus.choices, default=TemplateStatus.ACTIVE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CouponTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("coupon template")
        verbose_name_plural = _("coupon templates")
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "public", "claim_to"], name="coupon_center")]
        constraints = [
            models.CheckConstraint(condition=Q(issued__lte=F("total")), name="coupon_issued_within_total"),
            models.CheckConstraint(condition=Q(kind__in=CouponKind.values), name="coupon_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=TemplateStatus.values), name="coupon_status_valid"),
            models.CheckConstraint(condition=Q(value__gt=0, threshold__gte=0), name="coupon_value_positive"),
            models.CheckConstraint(
                condition=~Q(kind=CouponKind.PERCENT) | Q(value__lt=100), name="coupon_percent_below_100"
            ),
            models.CheckConstraint(
                condition=~Q(kind=CouponKind.THRESHOLD) | Q(value__lte=F("threshold")),
                name="coupon_value_within_threshold",
            ),
            models.CheckConstraint(
                condition=~Q(kind=CouponKind.CASH) | Q(threshold=0), name="coupon_cash_no_threshold"
            ),
            models.CheckConstraint(
                condition=Q(valid_days__isnull=True, valid_from__isnull=False, valid_to__gt=F("valid_from"))
                | Q(valid_days__gt=0, valid_from__isnull=True, valid_to__isnull=True),
                name="coupon_validity_window_or_days",
            ),
            models.CheckConstraint(
                condition=Q(claim_from__isnull=True) | Q(claim_to__isnull=True) | Q(claim_to__gt=F("claim_from")),
                name="coupon_claim_window",
            ),
            GoodsScopeFields.not_empty_constraint("coupon_goods_not_empty"),
            models.CheckConstraint(
                condition=~Q(refund_policy=RefundPolicy.PROPORTIONAL) | Q(kind=CouponKind.CASH),
                name="coupon_proportional_return_cash_only",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_platform(self) -> bool:
        """Platform coupons are paid by HQ (the store is reimbursed in settlement), store coupons by the store."""
        return self.store_id is None

    @property
    def channel_set(self) -> frozenset[Channel]:
        return frozenset(Channel(channel) for channel in self.channels)

    @property
    def remaining(self) -> int:
        return self.total - self.issued


class CouponTemplateEvent(models.Model):
    """Every change of a template: created, updated, stopped, distributed (who, when, what)."""

    template = models.ForeignKey(
        CouponTemplate, on_delete=models.CASCADE, related_name="events", verbose_name=_("coupon template")
    )
    type = models.CharField(_("event"), max_length=30)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("time"), auto_now_add=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("coupon template event")
        verbose_name_plural = _("coupon template events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.type} by {self.by_id} at {self.at:%Y-%m-%d %H:%M}"


class CouponStatus(models.TextChoices):
    UNUSED = "unused", _("Unused")  # in the member's wallet
    LOCKED = "locked", _("Locked")  # held by an unpaid order
    USED = "used", _("Used")  # on a paid order
    EXPIRED = "expired", _("Expired")  # past its validity, never used


class CouponSource(models.TextChoices):
    CLAIM = "claim", _("Claimed")  # 领取 in the coupon center or through a link
    DISTRIBUTE = "distribute", _("Distributed")  # 发放 by an operator
    REGISTER = "register", _("On registration")  # 新人券
    REDEEM = "redeem", _("Redeem code")  # 兑换码
    RETURN = "return", _("Returned after a refund")  # given back for a refunded order (refund policy)


class UserCouponQuerySet(models.QuerySet):
    def usable(self, now):
        """Unused and not yet past their validity (a coupon not yet started is listed, the engine says why)."""
        return self.filter(status=CouponStatus.UNUSED, valid_to__gt=now)

    def held_by(self, *holders: CouponHolder):
        """Locked by one of these unpaid store orders or trades."""
        if not holders:
            return self.none()
        held = reduce(or_, (Q(locked_by_kind=holder.kind, locked_by=holder.number) for holder in holders))
        return self.filter(held, status=CouponStatus.LOCKED)


class UserCoupon(models.Model):
    """A coupon issued to a member. Its validity is fixed when it is issued. `value` is set only when it differs
    from the template's: a cash coupon returned in proportion to a partial refund."""

    template = models.ForeignKey(
        CouponTemplate, on_delete=models.PROTECT, related_name="coupons", verbose_name=_("coupon template")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coupons", verbose_name=_("user")
    )
    status = models.CharField(_("status"), max_length=10, choices=CouponStatus.choices, default=CouponStatus.UNUSED)
    source = models.CharField(_("source"), max_length=10, choices=CouponSource.choices)
    value = MoneyField(_("value"), null=True, blank=True)
    valid_from = models.DateTimeField(_("valid from"))
    valid_to = models.DateTimeField(_("valid to"))
    # While locked: the unpaid store order or trade holding it (a CouponHolder), both empty otherwise.
    locked_by_kind = models.CharField(_("locked by"), max_length=12, choices=CouponHolderKind.choices, blank=True)
    locked_by = models.CharField(_("locked by number"), max_length=32, blank=True)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    used_order_no = models.CharField(_("used on order"), max_length=32, blank=True)
    used_order_amount = MoneyField(_("order amount"), null=True, blank=True)  # the GMV it brought, for statistics
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    returned_value = MoneyField(_("value returned"), default=0)  # given back as new coupons after refunds
    returned_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="returns",
        verbose_name=_("returned from coupon"),
    )  # the used coupon this one gives back
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)

    objects = UserCouponQuerySet.as_manager()

    class Meta:
        verbose_name = _("member coupon")
        verbose_name_plural = _("member coupons")
        ordering = ["valid_to", "id"]
        indexes = [
            models.Index(fields=["user", "status", "valid_to"], name="coupon_wallet"),
            models.Index(fields=["user", "template", "issued_at"], name="coupon_member_limits"),
            models.Index(
                fields=["locked_by", "locked_by_kind"], condition=Q(status="locked"), name="coupon_locked_by_holder"
            ),
            models.Index(fields=["used_order_no"], condition=~Q(used_order_no=""), name="coupon_used_on_order"),
            models.Index(fields=["valid_to"], condition=Q(status="unused"), name="coupon_expiry_due"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CouponStatus.values), name="user_coupon_status_valid"),
            models.CheckConstraint(condition=Q(valid_to__gt=F("valid_from")), name="user_coupon_window"),
            models.CheckConstraint(
                condition=Q(status=CouponStatus.LOCKED, locked_by_kind__in=CouponHolderKind.values) & ~Q(locked_by="")
                | Q(locked_by_kind="", locked_by="") & ~Q(status=CouponStatus.LOCKED),
                name="user_coupon_locked_names_holder",
            ),
            models.CheckConstraint(
                condition=~Q(status=CouponStatus.USED) | (~Q(used_order_no="") & Q(used_order_amount__isnull=False)),
                name="user_coupon_used_names_order",
            ),
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gt=0), name="user_coupon_value_positive"),
            models.CheckConstraint(condition=Q(returned_value__gte=0), name="user_coupon_returned_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.template_id} · {self.get_status_display()}"

    @property
    def face_value(self):
        return self.template.value if self.value is None else self.value

    @property
    def holder(self) -> CouponHolder | None:
        """The unpaid store order or trade holding it while it is locked."""
        return CouponHolder(CouponHolderKind(self.locked_by_kind), self.locked_by) if self.locked_by_kind else None


class RedeemKind(models.TextChoices):
    COUPON = "coupon", _("Coupon")  # each code issues one coupon of the batch's template
    STORED_VALUE = "stored_value", _("Stored value")  # 礼品卡: each code loads `amount` onto the member's balance


class RedeemBatch(models.Model):
    """A batch of redeem codes (兑换码 / 卡密), e.g. printed on gift cards sold to a company: each code, once, issues
    one coupon of `template` or loads `amount` of stored value, by the batch's kind. Only the codes' digests are
    kept; the plain codes are shown when the batch is made."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=RedeemKind.choices, default=RedeemKind.COUPON)
    template = models.ForeignKey(
        CouponTemplate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="redeem_batches",
        verbose_name=_("coupon template"),
    )
    amount = MoneyField(_("stored value per code"), null=True, blank=True)
    quantity = models.PositiveIntegerField(_("codes"))
    redeemable_to = models.DateTimeField(_("redeemable until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("redeem code batch")
        verbose_name_plural = _("redeem code batches")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="redeem_batch_not_empty"),
            models.CheckConstraint(
                condition=Q(kind=RedeemKind.COUPON, template__isnull=False, amount__isnull=True)
                | Q(kind=RedeemKind.STORED_VALUE, template__isnull=True, amount__gt=0),
                name="redeem_batch_gives_a_coupon_or_stored_value",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RedeemCode(models.Model):
    """One single-use code, kept as the SHA-256 of its normalised text: a leaked table redeems nothing."""

    batch = models.ForeignKey(
        RedeemBatch, on_delete=models.CASCADE, related_name="codes", verbose_name=_("redeem code batch")
    )
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    redeemed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("redeemed by"),
    )
    redeemed_at = models.DateTimeField(_("redeemed at"), null=True, blank=True)
    coupon = models.OneToOneField(
        UserCoupon,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="redeem_code",
        verbose_name=_("member coupon"),
    )
    stored_value_entry = models.OneToOneField(
        "members.StoredValueEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="redeem_code",
        verbose_name=_("stored-value entry"),
    )

    class Meta:
        verbose_name = _("redeem code")
        verbose_name_plural = _("redeem codes")
        constraints = [
            models.CheckConstraint(
                condition=Q(redeemed_at__isnull=True, redeemed_by__isnull=True)
                | Q(redeemed_at__isnull=False, redeemed_by__isnull=False),
                name="redeem_code_redeemed_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}/{self.digest[:8]}"
