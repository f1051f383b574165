import hashlib
import secrets
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.models import Region
from marketplace.money import MoneyField

# Mainland China mobile numbers: 11 digits starting 13-19.
phone_validator = RegexValidator(r"^1[3-9]\d{9}$", _("Enter an 11-digit mainland mobile number."))


class Role(models.TextChoices):
    """Platform-wide roles held through a Django group. Store roles are held through a store membership."""

    OPERATOR = "operator", _("Platform operator")  # runs the platform in /admin/
    FINANCE = "finance", _("Finance")  # settlement cycles, bills, payouts, reports in /finance/


class User(AbstractUser):
    """Everyone who logs in: shoppers, business buyers, store staff, operators, finance.

    A shopper is any user; store staff are users with a `stores.StoreMembership`; operators and finance
    staff are users in the group of that `Role`.
    """

    phone = models.CharField(_("phone"), max_length=11, blank=True, validators=[phone_validator])
    level = models.ForeignKey(
        "MemberLevel", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("level")
    )
    growth = models.PositiveIntegerField(_("growth value"), default=0)  # 成长值: decides the level
    points_balance = models.IntegerField(_("points"), default=0)  # the sum of the ledger, kept for reads
    # 储值 (gift-card balance): the sum of the stored-value ledger, kept for reads and for the conditional update.
    stored_value_balance = MoneyField(_("stored value"), default=0)
    # What e-mail and SMS are written in (a page is in the language the browser asks for).
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(fields=["phone"], condition=~models.Q(phone=""), name="member_phone_unique"),
            models.CheckConstraint(condition=models.Q(points_balance__gte=0), name="member_points_never_negative"),
            models.CheckConstraint(
                condition=models.Q(stored_value_balance__gte=0), name="member_stored_value_never_negative"
            ),
        ]

    def has_role(self, role: Role) -> bool:
        """One query per request at most: the groups are fetched once and kept on the instance."""
        if not hasattr(self, "_role_names"):
            self._role_names = set(self.groups.values_list("name", flat=True))
        return self.is_superuser or role.value in self._role_names

    @property
    def is_operator(self) -> bool:
        return self.is_staff and self.has_role(Role.OPERATOR)

    @property
    def is_finance(self) -> bool:
        return self.has_role(Role.FINANCE)


class ApiTokenQuerySet(models.QuerySet):
    def live(self):
        """Tokens that still authenticate."""
        return self.filter(expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """A bearer token for apps and mini-programs. Only its SHA-256 digest is stored: a leaked table
    authenticates no one. One row per login, so logging out on one device leaves the others."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"token of {self.user_id} until {self.expires_at:%Y-%m-%d}"

    @staticmethod
    def digest_of(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return secrets.token_urlsafe(32)


class MemberLevel(models.Model):
    """A member level (普通会员, 银卡, 金卡 ...): reached by growth value, it prices goods at a share of the SKU
    price. `price_percent` is the share paid, as 折 counts it: 95 pays 95 % (9.5折); 100 is no discount."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    growth_threshold = models.PositiveIntegerField(_("growth needed"), unique=True)
    price_percent = models.DecimalField(
        _("price percent"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("100.00"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        verbose_name = _("member level")
        verbose_name_plural = _("member levels")
        ordering = ["growth_threshold"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price_percent__gt=0, price_percent__lte=100), name="level_price_percent_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PointsRule(models.Model):
    """How points are earned and spent. The newest row is in force; older rows are the history."""

    points_per_yuan = models.PositiveIntegerField(_("points earned per yuan paid"), default=1)
    points_per_yuan_off = models.PositiveIntegerField(_("points spent per yuan off"), default=100)
    max_order_share_percent = models.PositiveIntegerField(
        _("max share of an order paid with points (%)"), default=50, validators=[MaxValueValidator(100)]
    )
    valid_days = models.PositiveIntegerField(_("days points stay valid"), default=365)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("points rule")
        verbose_name_plural = _("points rules")
        get_latest_by = "created_at"
        constraints = [
            models.CheckConstraint(condition=models.Q(points_per_yuan_off__gt=0), name="points_spend_ratio_positive"),
            models.CheckConstraint(condition=models.Q(max_order_share_percent__lte=100), name="points_share_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.points_per_yuan}/yuan earned, {self.points_per_yuan_off} = 1 yuan off"


class PointsReason(models.TextChoices):
    EARN = "earn", _("Earned")  # for an order paid
    SPEND = "spend", _("Spent")  # on an order
    RETURN = "return", _("Returned")  # spent points given back (cancelled or refunded order)
    REVOKE = "revoke", _("Revoked")  # earned points taken back after a refund
    EXPIRE = "expire", _("Expired")
    ADJUST = "adjust", _("Adjusted")  # by an operator, with a reason


class PointsEntry(models.Model):
    """One line of a member's points ledger. The ledger is the truth; `User.points_balance` is its running sum.

    Points arrive in lots: an entry with a positive delta is a lot whose `remaining` points are spent
    earliest-expiry first and expire at `expires_at`. A lot remembers the store whose sale earned it (`store_id`, a
    `stores.Store` id: members sit below stores, so it is a plain column); none is HQ's own (an operator's
    adjustment, a welcome gift, lots from before stores were recorded). Cross-store points (decision 0041): points
    spent in another store than the one that earned them are funded by HQ."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="points_entries", verbose_name=_("user"))
    delta = models.IntegerField(_("change"))
    balance_after = models.IntegerField(_("balance after"))
    reason = models.CharField(_("reason"), max_length=10, choices=PointsReason.choices)
    reference = models.CharField(_("reference"), max_length=64, blank=True)  # order number, refund id, operator note
    remaining = models.PositiveIntegerField(_("points left in the lot"), default=0)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    store_id = models.PositiveIntegerField(_("earned in store"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("points entry")
        verbose_name_plural = _("points ledger")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["user", "expires_at"], condition=models.Q(remaining__gt=0), name="points_open_lots"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(balance_after__gte=0), name="points_balance_after_not_negative"),
            models.CheckConstraint(condition=~models.Q(delta=0), name="points_entry_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.delta:+d} {self.get_reason_display()} {self.reference}".strip()


class StoredValueReason(models.TextChoices):
    LOAD = "load", _("Loaded")  # a gift card's redeem code, or a top-up
    SPEND = "spend", _("Spent")  # paid part of an order
    REFUND = "refund", _("Refunded")  # what an order paid from the balance, given back (cancelled or refunded)


class StoredValueEntry(models.Model):
    """One line of a member's stored-value ledger (储值 / 礼品卡余额). Stored value is money the member already
    paid (for a gift card), so spending it is a way to pay, not a discount anyone funds. The ledger is the
    truth; `User.stored_value_balance` is its running sum.

    A refund's `reference` (the refund or cancellation that gives the money back) is unique, so giving the
    same refund twice is impossible."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="stored_value_entries", verbose_name=_("user")
    )
    delta = MoneyField(_("change"))
    balance_after = MoneyField(_("balance after"))
    reason = models.CharField(_("reason"), max_length=10, choices=StoredValueReason.choices)
    # redeem code batch, order number, refund id
    reference = models.CharField(_("reference"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stored-value entry")
        verbose_name_plural = _("stored-value ledger")
        ordering = ["-id"]
        indexes = [models.Index(fields=["user", "-id"], name="stored_value_ledger")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(balance_after__gte=0), name="stored_value_balance_after_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(reason=StoredValueReason.SPEND, delta__lt=0)
                | models.Q(reason__in=[StoredValueReason.LOAD, StoredValueReason.REFUND], delta__gt=0),
                name="stored_value_entry_sign_by_reason",
            ),
            models.UniqueConstraint(
                fields=["reference"],
                condition=models.Q(reason=StoredValueReason.REFUND),
                name="stored_value_refund_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delta:+} {self.get_reason_display()} {self.reference}".strip()


class Address(models.Model):
    """A shipping address of a member. At most one is the default."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="addresses", verbose_name=_("user"))
    name = models.CharField(_("recipient"), max_length=50)
    phone = models.CharField(_("phone"), max_length=11, validators=[phone_validator])
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    detail = models.CharField(_("street address"), max_length=200)
    is_default = models.BooleanField(_("default"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["-is_default", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=models.Q(is_default=True), name="one_default_address"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.region_id} {self.detail}"
