import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")  # 省级: province, municipality, autonomous region, SAR
    CITY = "city", _("City")  # 地级: prefecture-level city, prefecture, league
    DISTRICT = "district", _("District")  # 县级: district, county, county-level city


class RegionQuerySet(models.QuerySet):
    def provinces(self):
        return self.filter(level=RegionLevel.PROVINCE)


class Region(models.Model):
    """China's administrative divisions by their official 6-digit code (GB/T 2260): 34 provinces, their
    prefecture-level cities and their districts and counties, shipped as data (marketplace/data/regions.csv).

    Shared reference data: stores, warehouses, addresses and freight templates all point here
    (docs/decisions/0005)."""

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=50)
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def full_name(self) -> str:
        """Province, city and district as an address writes them ("浙江省 杭州市 拱墅区"); a city named as its
        province is written once ("北京市 东城区"). From the shipped table held in memory: no query per address."""
        names, code = [], self.code
        while code in region_names():
            name, code = region_names()[code]
            if name not in names:
                names.insert(0, name)
        return " ".join(names) or self.name

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"

    @property
    def city_code(self) -> str:
        """The prefecture-level city; for a county governed directly by its province, the province."""
        return self.code[:4] + "00" if self.level != RegionLevel.PROVINCE else self.code


@functools.cache
def region_names() -> dict[str, tuple[str, str | None]]:
    """{code: (name, parent's code)} of every region: shipped data that only a migration changes, read once."""
    return {code: (name, parent) for code, name, parent in Region.objects.values_list("code", "name", "parent_id")}


def validate_banner_link(link: str) -> None:
    """A page of this site ("/c/3/") or an http(s) address: never javascript: or data: links, which an
    operator's typo or a stolen operator account could otherwise put on every shopper's home page."""
    if not (link.startswith("/") and not link.startswith("//")) and not link.startswith(("https://", "http://")):
        raise ValidationError(_("Use a path of this site (/c/3/) or an http(s) address."))


class BannerQuerySet(models.QuerySet):
    def effective(self, now):
        """Active banners inside their time window (an empty start or end leaves that side open), in order."""
        return (
            self.filter(is_active=True)
            .filter(Q(starts_at__isnull=True) | Q(starts_at__lte=now))
            .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
            .order_by("sort_order", "-id")
        )


class Banner(models.Model):
    """轮播图: a picture on the storefront's home page, managed by operators in the admin, shown only inside its
    time window so a campaign's banners can be prepared ahead and go away by themselves (docs/decisions/0009)."""

    title = models.CharField(_("title"), max_length=100, help_text=_("Shown over the picture and read aloud."))
    image = models.ImageField(_("image"), upload_to="banners/%Y/%m/", help_text=_("Wide picture, 1200 x 400."))
    link = models.CharField(
        _("link"), max_length=300, blank=True, validators=[validate_banner_link], help_text=_("/c/3/ or https://…")
    )
    sort_order = models.PositiveSmallIntegerField(_("display order"), default=0)
    starts_at = models.DateTimeField(_("shown from"), null=True, blank=True)
    ends_at = models.DateTimeField(_("shown until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = BannerQuerySet.as_manager()

    class Meta:
        verbose_name = _("banner")
        verbose_name_plural = _("banners")
        ordering = ["sort_order", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="banner_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_effective(self, now) -> bool:
        """The test of BannerQuerySet.effective for one loaded banner (the admin's list column, without a query
        per row)."""
        started = self.starts_at is None or self.starts_at <= now
        return self.is_active and started and (self.ends_at is None or self.ends_at > now)

    def clean(self):
        """Say in the admin form what the constraint would otherwise refuse as an integrity error."""
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must come after the start.")})


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be delivered")  # written with the change; a worker delivers it after commit
    DELIVERED = "delivered", _("Delivered")  # the handler did it (a gateway refund made, an e-mail handed over)
    STUCK = "stuck", _("Stuck")  # every attempt failed: an operator looks at the error, then retries it


class OutboxMessage(models.Model):
    """Something that leaves the database (a gateway refund, an e-mail, an SMS), written in the same transaction
    as the change that calls for it and delivered after commit by a worker, outside any transaction
    (marketplace.outbox, decision 0016). One row per effect: `key` is unique per kind and the handler passes it on
    (a refund number), so a delivery repeated after a worker died is taken once by the other side."""

    kind = models.CharField(_("kind"), max_length=50)
    key = models.CharField(_("key"), max_length=200)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    # A worker's claim: nobody else delivers the row until then. A worker that died leaves it to run out.
    leased_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="outbox_once_per_key"),
            models.CheckConstraint(condition=Q(status__in=OutboxStatus.values), name="outbox_status_valid"),
        ]
        indexes = [models.Index(fields=["next_attempt_at"], condition=Q(status="pending"), name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


# The message centre's models live in their sub-package; importing them here makes them this app's.


class HistoryRow(models.Model):
    """What a center's history row holds beside its subject and its typed `type` (the marketing plays' events):
    who did it (none: the system or a job), its details, and when. Each center's events.py writes them."""

    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    data = models.JSONField(_("data"), default=dict, blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} · {timezone.localtime(self.at):%Y-%m-%d %H:%M}"


from marketplace.notifications.models import Message, NotificationPreference  # noqa: E402, F401
