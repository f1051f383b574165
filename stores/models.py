import re
import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.models import Region
from members.models import phone_validator
from stores.documents import DocumentStorage


class StoreType(models.TextChoices):
    SELF_OPERATED = "self_operated", _("Self-operated (HQ)")  # 自营: HQ's own store
    DIRECT = "direct", _("Direct store")  # 直营店: owned by HQ, lists HQ's catalogue
    FRANCHISE = "franchise", _("Franchise store")  # 加盟店: independent owner, lists HQ's catalogue
    THIRD_PARTY = "third_party", _("Third-party merchant")  # 第三方商家: its own goods


class StoreStatus(models.TextChoices):
    APPLYING = "applying", _("Applying")  # waiting for an operator's review
    REJECTED = "rejected", _("Rejected")  # the application was turned down with a reason; the applicant may resubmit
    ACTIVE = "active", _("Active")  # open: sells and appears on the storefront
    FROZEN = "frozen", _("Frozen")  # suspended by an operator: nothing sells, staff still log in
    CLOSED = "closed", _("Closed")  # gone for good


# status -> the statuses an operator may move it to.
STORE_TRANSITIONS: dict[str, set[str]] = {
    StoreStatus.APPLYING: {StoreStatus.ACTIVE, StoreStatus.REJECTED, StoreStatus.CLOSED},
    StoreStatus.REJECTED: {StoreStatus.APPLYING, StoreStatus.CLOSED},  # back to review when the applicant resubmits
    StoreStatus.ACTIVE: {StoreStatus.FROZEN, StoreStatus.CLOSED},
    StoreStatus.FROZEN: {StoreStatus.ACTIVE, StoreStatus.CLOSED},
    StoreStatus.CLOSED: set(),
}


# A store's phone is a shop's: a mobile, a landline with its area code (010 and 02x take 8 digits, the others 7
# or 8), or a 400 / 800 service number; written with or without hyphens and spaces ("021-5555 0000").
STORE_PHONE = re.compile(r"1[3-9]\d{9}|0(?:10|2\d)\d{8}|0[3-9]\d{2}\d{7,8}|[48]00\d{7}")


def store_phone_validator(value: str) -> None:
    if not STORE_PHONE.fullmatch(re.sub(r"[\s-]", "", value)) or not re.fullmatch(r"[\d\s-]+", value):
        raise ValidationError(
            _("Enter a mobile number, a landline with its area code (021-5555 0000) or a 400 number."),
            code="invalid",
        )


# The types a merchant may apply for (入驻): a self-operated or direct store is HQ's own, opened by an operator.
APPLICABLE_TYPES = (StoreType.THIRD_PARTY, StoreType.FRANCHISE)


def document_path(store: "Store", filename: str) -> str:
    """Where an application document is kept: a random name, so that no name says whose licence it is."""
    return f"store-documents/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:5]}"


class StoreQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=StoreStatus.ACTIVE)

    def past_review(self):
        """Stores that were opened (active, frozen or closed): not an application under review or rejected."""
        return self.exclude(status__in=[StoreStatus.APPLYING, StoreStatus.REJECTED])


class Store(models.Model):
    """A seller on the platform. Every product, order and bill belongs to one store (merchant dimension)."""

    name = models.CharField(_("name"), max_length=100)
    type = models.CharField(_("type"), max_length=20, choices=StoreType.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=StoreStatus.choices, default=StoreStatus.APPLYING, db_index=True
    )
    phone = models.CharField(_("phone"), max_length=20, validators=[store_phone_validator])
    intro = models.TextField(_("introduction"), blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    offers_pickup = models.BooleanField(
        _("offers pickup"),
        default=False,
        help_text=_("Shoppers may collect the orders it sells at the counter (自提) instead of having them shipped."),
    )
    opening_hours = models.CharField(
        _("opening hours"), max_length=200, blank=True, help_text=_("As shoppers read it: 周一至周日 09:00-21:00.")
    )
    cross_border = models.BooleanField(
        _("cross-border"),
        default=False,
        help_text=_("Sells imported goods (跨境): an order may not exceed the single-purchase cap (2,000 CNY)."),
    )
    commission_percent = models.DecimalField(
        _("commission (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("5.00"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The platform's share of sales; each order line keeps the rate it was sold at."),
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="store_applications",
        verbose_name=_("applicant"),
    )
    # The application (入驻资料): documents an operator reviews, never served from /media/ (stores.documents).
    business_licence = models.ImageField(
        _("business licence"), upload_to=document_path, storage=DocumentStorage(), blank=True
    )
    id_card = models.ImageField(_("legal person's ID"), upload_to=document_path, storage=DocumentStorage(), blank=True)
    # Top-level backend categories the store means to sell in, by id: the catalog stands above the stores center,
    # so their names come through stores.business_categories (decision 0022).
    business_categories = ArrayField(
        models.PositiveIntegerField(), verbose_name=_("categories of business"), default=list, blank=True
    )
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact mobile"), max_length=11, blank=True, validators=[phone_validator])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )

    objects = StoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("store")
        verbose_name_plural = _("stores")
        constraints = [
            models.CheckConstraint(condition=models.Q(type__in=StoreType.values), name="store_type_valid"),
            models.CheckConstraint(condition=models.Q(status__in=StoreStatus.values), name="store_status_valid"),
            # One open application per user: a second waits until the first is decided.
            models.UniqueConstraint(
                fields=["applicant"],
                condition=models.Q(status="applying"),
                name="store_one_open_application_per_applicant",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def can_become(self, status: str) -> bool:
        return status in STORE_TRANSITIONS[self.status]

    @property
    def sells_hq_catalogue_only(self) -> bool:
        """Franchise and direct stores list HQ's catalogue, not goods of their own (seed 004)."""
        return self.type in {StoreType.DIRECT, StoreType.FRANCHISE}


class StaffRole(models.TextChoices):
    OWNER = "owner", _("Owner")  # 主账号: everything, including staff and finance
    MANAGER = "manager", _("Manager")  # runs the store: goods, orders, promotions, reports
    CLERK = "clerk", _("Clerk")  # serves customers: orders, shipping, POS; no finance


class StoreMembership(models.Model):
    """Makes a user staff of one store with one role. A user is staff of at most one store."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("store"))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="store_membership", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=10, choices=StaffRole.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("store staff")
        verbose_name_plural = _("store staff")
        constraints = [
            models.UniqueConstraint(fields=["store"], condition=models.Q(role="owner"), name="store_has_one_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.store}"


class InvitationCode(models.Model):
    """A store's member QR code (会员二维码, seed 004): the link /join/<code>/ a visitor scans to register or log in.
    `staff` is the clerk (or manager, or owner) whose own code it is; empty for the store's counter code.

    The code is random and stored, not a signed token (docs/decisions/0031): it is short enough for a small QR, and
    revoking one is setting `revoked_at`, without touching the secret key or any other code."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="invitation_codes", verbose_name=_("store"))
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member"),
    )
    code = models.CharField(_("code"), max_length=32, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("member QR code")
        verbose_name_plural = _("member QR codes")
        constraints = [
            # One live code per store and staff member (the store's own code: staff empty, counted as one).
            models.UniqueConstraint(
                fields=["store", "staff"],
                condition=models.Q(revoked_at__isnull=True),
                nulls_distinct=False,
                name="one_live_invitation_code",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class MemberSource(models.Model):
    """Where a member came from: the store (and the staff member) whose QR code they registered through. Recorded
    once, at registration; the first touch wins, so a later scan never moves a member to another store."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member_source", verbose_name=_("member")
    )
    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="member_sources", verbose_name=_("store"))
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referring staff member"),
    )
    code = models.ForeignKey(
        InvitationCode, on_delete=models.PROTECT, related_name="members", verbose_name=_("member QR code")
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("member source")
        verbose_name_plural = _("member sources")
        indexes = [models.Index(fields=["store", "registered_at"])]

    def __str__(self) -> str:
        return f"{self.member} · {self.store}"


class Warehouse(models.Model):
    """Where a store keeps stock. Orders ship from the warehouse nearest the address that holds the goods."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="warehouses", verbose_name=_("store"))
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    address = models.CharField(_("address"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("warehouse")
        verbose_name_plural = _("warehouses")
        ordering = ["store_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["store", "name"], name="warehouse_name_unique_per_store"),
        ]

    def __str__(self) -> str:
        return f"{self.store} / {self.name}"


class StoreEventType(models.TextChoices):
    """What happened to a store, its staff, warehouses or settings. Recorded only through stores/events.py."""

    APPLIED = "applied", _("Applied to open")
    APPROVED = "approved", _("Approved by the platform")
    REJECTED = (
        "rejected",
        _("Application rejected by the platform"),
    )  # `reason`: the operator's words, shown to the applicant
    RESUBMITTED = "resubmitted", _("Application corrected and resubmitted")
    STATUS_CHANGED = "status_changed", _("Status changed by the platform")  # frozen, reopened, closed
    STAFF_ADDED = "staff_added", _("Staff added")
    STAFF_REMOVED = "staff_removed", _("Staff removed")
    WAREHOUSE_CREATED = "warehouse_created", _("Warehouse added")
    PROFILE_UPDATED = "profile_updated", _("Profile updated")
    FREIGHT_TEMPLATE_SAVED = "freight_template_saved", _("Freight template saved")
    FREIGHT_TEMPLATE_RETIRED = "freight_template_retired", _("Freight template retired")
    INVITATION_REGENERATED = "invitation_regenerated", _("Member QR code regenerated")  # the old code stops working


class StoreEvent(models.Model):
    """Every state change of a store, its staff or warehouses: who did what, when and why (`reason`: the
    operator's own words)."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="events", verbose_name=_("store"))
    type = models.CharField(_("event"), max_length=40, choices=StoreEventType.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("time"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("store event")
        verbose_name_plural = _("store events")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(type__in=StoreEventType.values), name="store_event_type_valid")
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} · {timezone.localtime(self.at):%Y-%m-%d %H:%M}"


class ChosenStore(models.Model):
    """The store a member shops through (选择门店): its listings, stock and prices on the storefront, and the store
    whose order a cart line of its listing becomes. The session keeps the choice of anyone; this row keeps a
    member's across devices (docs/decisions/0037)."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chosen_store", verbose_name=_("member")
    )
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+", verbose_name=_("store"))
    chosen_at = models.DateTimeField(_("chosen at"), auto_now=True)

    class Meta:
        verbose_name = _("chosen store")
        verbose_name_plural = _("chosen stores")

    def __str__(self) -> str:
        return f"{self.member_id} shops at {self.store_id}"
