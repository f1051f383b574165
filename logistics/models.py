from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from logistics.freight import FreightBasis
from marketplace.models import Region
from marketplace.money import MoneyField

# How each basis reads in the admin and the seller backend.
BASIS_LABELS = {
    FreightBasis.FREE: _("Free shipping"),
    FreightBasis.PIECE: _("By piece"),
    FreightBasis.WEIGHT: _("By weight (kg)"),
    FreightBasis.VOLUME: _("By volume (m³)"),
}

# Units are pieces, kilograms or cubic metres, by the template's basis.
UNIT_DIGITS = {"max_digits": 10, "decimal_places": 3, "validators": [MinValueValidator(0)]}


class FreightTemplateQuerySet(models.QuerySet):
    def for_engine(self):
        """Everything `logistics.freight` needs, in a fixed number of queries whatever the template count."""
        return self.prefetch_related("rates__regions", "free_shipping__regions", "undeliverable_regions")


class FreightTemplate(models.Model):
    """A store's freight template (运费模板): how its goods are charged for delivery. SPUs point to one."""

    store = models.ForeignKey(
        "stores.Store", on_delete=models.CASCADE, related_name="freight_templates", verbose_name=_("store")
    )
    name = models.CharField(_("name"), max_length=100)
    basis = models.CharField(
        _("charged by"), max_length=10, choices=[(basis.value, label) for basis, label in BASIS_LABELS.items()]
    )
    undeliverable_regions = models.ManyToManyField(
        Region, blank=True, related_name="+", verbose_name=_("undeliverable regions")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = FreightTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("freight template")
        verbose_name_plural = _("freight templates")
        ordering = ["store_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["store", "name"], name="freight_template_name_unique_per_store"),
            models.CheckConstraint(
                condition=models.Q(basis__in=[b.value for b in FreightBasis]), name="freight_basis_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.store_id} / {self.name}"


class FreightRateRule(models.Model):
    """First-unit and additional-unit fees. The rule with no regions is the template's default."""

    template = models.ForeignKey(
        FreightTemplate, on_delete=models.CASCADE, related_name="rates", verbose_name=_("freight template")
    )
    regions = models.ManyToManyField(
        Region, blank=True, related_name="+", verbose_name=_("regions"), help_text=_("None: the default rate.")
    )
    first_units = models.DecimalField(_("first units"), **UNIT_DIGITS)
    first_fee = MoneyField(_("first fee"), validators=[MinValueValidator(0)])
    additional_units = models.DecimalField(_("additional units"), **UNIT_DIGITS)
    additional_fee = MoneyField(_("additional fee"), validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("freight rate")
        verbose_name_plural = _("freight rates")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_units__gt=0, additional_units__gt=0), name="freight_units_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(first_fee__gte=0, additional_fee__gte=0), name="freight_fees_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_units} for {self.first_fee}, +{self.additional_units} for {self.additional_fee}"


class FreeShippingRule(models.Model):
    """包邮条件: free when the template's goods reach an amount and / or a count, in some regions (none: all)."""

    template = models.ForeignKey(
        FreightTemplate, on_delete=models.CASCADE, related_name="free_shipping", verbose_name=_("freight template")
    )
    regions = models.ManyToManyField(
        Region, blank=True, related_name="+", verbose_name=_("regions"), help_text=_("None: every region.")
    )
    min_amount = MoneyField(_("minimum amount"), null=True, blank=True)
    min_count = models.PositiveIntegerField(_("minimum pieces"), null=True, blank=True)

    class Meta:
        verbose_name = _("free-shipping condition")
        verbose_name_plural = _("free-shipping conditions")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_amount__isnull=False) | models.Q(min_count__isnull=False),
                name="free_shipping_has_a_condition",
            ),
        ]

    def __str__(self) -> str:
        return f"free from {self.min_amount or '-'} yuan / {self.min_count or '-'} pieces"


class CarrierQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Carrier(models.Model):
    """An express company (快递公司) a seller ships parcels with. Its limits are what the shipment split packs
    parcels to; `code` is what tracking providers know it by (SF, ZTO, JD)."""

    name = models.CharField(_("name"), max_length=50)
    code = models.CharField(_("code"), max_length=20, unique=True)
    max_weight_g = models.PositiveIntegerField(_("maximum weight per parcel (g)"))
    # Big-item carriers take parcels of several cubic metres: more than a 32-bit integer of mm³.
    max_volume_mm3 = models.PositiveBigIntegerField(_("maximum volume per parcel (mm³)"))
    is_active = models.BooleanField(_("active"), default=True)

    objects = CarrierQuerySet.as_manager()

    class Meta:
        verbose_name = _("carrier")
        verbose_name_plural = _("carriers")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_weight_g__gt=0, max_volume_mm3__gt=0), name="carrier_limits_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
