from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
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
    def province_code(self) -> str:
        return self.code[:2] + "0000"

    @property
    def city_code(self) -> str:
        """The prefecture-level city; for a county governed directly by its province, the province."""
        return self.code[:4] + "00" if self.level != RegionLevel.PROVINCE else self.code


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
