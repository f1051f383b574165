"""E-vouchers (电子券, seed 000; issue 15 item 5): service goods (a tea tasting, a repair) sold online and delivered
as vouchers, each with a code and a QR, redeemed by a clerk in one of the stores where the goods are valid.

`VoucherTerms` makes an SPU service goods (the catalog knows nothing of it): where, for how long and how many times
its vouchers may be used, and whether what is left is refunded on expiry. On payment each unit of such a line
becomes one `Voucher` for the buyer; each redemption is a `Redemption` row (the store, the clerk, the uses, their
value) and a `VoucherEvent`; the orders center's timeline gets a `voucher_redeemed` event that settlement reads
(decision 0038)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from marketplace.models import HistoryRow
from marketplace.money import MoneyField


class VoucherTerms(models.Model):
    """An SPU sold as e-vouchers. Validity: `valid_days` from purchase, or the fixed window `valid_from` to
    `valid_until` (dates, Beijing, inclusive). `uses` per voucher (1: single use). `stores`: where it is redeemed
    (none chosen: the selling store alone)."""

    spu = models.OneToOneField(
        "catalog.Spu", on_delete=models.CASCADE, related_name="voucher_terms", verbose_name=_("product")
    )
    stores = models.ManyToManyField("stores.Store", related_name="+", blank=True, verbose_name=_("valid stores"))
    valid_days = models.PositiveIntegerField(_("valid for days after purchase"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    uses = models.PositiveIntegerField(_("uses per voucher"), default=1)
    refund_on_expiry = models.BooleanField(_("refund unused uses on expiry"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("updated by")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("e-voucher terms")
        verbose_name_plural = _("e-voucher terms")
        constraints = [
            models.CheckConstraint(condition=Q(uses__gte=1), name="voucher_terms_uses_positive"),
            models.CheckConstraint(
                condition=(Q(valid_days__gte=1) & Q(valid_until__isnull=True))
                | (Q(valid_days__isnull=True) & Q(valid_until__isnull=False) & Q(valid_from__lte=F("valid_until"))),
                name="voucher_terms_one_validity",
            ),
        ]

    def __str__(self) -> str:
        return str(self.spu_id)


class VoucherStatus(models.TextChoices):
    ACTIVE = "active", _("Valid")  # uses left, not expired
    USED = "used", _("Used up")  # every use redeemed
    EXPIRED = "expired", _("Expired")  # past its validity with uses left, not refunded (the goods say so)
    REFUNDED = "refunded", _("Refunded")  # its unused uses refunded (on expiry, or asked for)


# Statuses a voucher leaves only for one of those: nothing changes a used, expired or refunded voucher.
DONE_STATUSES = frozenset({VoucherStatus.USED, VoucherStatus.EXPIRED, VoucherStatus.REFUNDED})


class Voucher(models.Model):
    """One unit of a paid order line of service goods. `value` is the unit's share of the line's payable; a use is
    worth `value / uses`, the remainder on the last use (vouchers.values). `code`: 12 random digits, for typing."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    order = models.ForeignKey("orders.StoreOrder", on_delete=models.PROTECT, related_name="+", verbose_name=_("order"))
    line = models.ForeignKey("orders.OrderLine", on_delete=models.PROTECT, related_name="+", verbose_name=_("line"))
    serial = models.PositiveIntegerField(_("unit of the line"))  # 1..quantity: issuing twice writes nothing
    terms = models.ForeignKey(VoucherTerms, on_delete=models.PROTECT, related_name="vouchers", verbose_name=_("terms"))
    title = models.CharField(_("title"), max_length=200)
    uses = models.PositiveIntegerField(_("uses"))
    uses_left = models.PositiveIntegerField(_("uses left"))
    value = MoneyField(_("value"))
    refunded_amount = MoneyField(_("refunded"), default=0)
    refund_no = models.CharField(_("refund number"), max_length=32, blank=True)
    starts_at = models.DateTimeField(_("valid from"))
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=VoucherStatus.choices, default=VoucherStatus.ACTIVE)
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("e-voucher")
        verbose_name_plural = _("e-vouchers")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["line", "serial"], name="voucher_once_per_unit"),
            models.CheckConstraint(condition=Q(uses_left__lte=F("uses")), name="voucher_uses_left_at_most_uses"),
            models.CheckConstraint(condition=Q(value__gte=0, refunded_amount__lte=F("value")), name="voucher_value"),
        ]

    def __str__(self) -> str:
        return self.code


class Redemption(models.Model):
    """`uses` of a voucher redeemed in `store` by `clerk`, worth `amount` (what the store is credited)."""

    voucher = models.ForeignKey(
        Voucher, on_delete=models.PROTECT, related_name="redemptions", verbose_name=_("e-voucher")
    )
    store = models.ForeignKey("stores.Store", on_delete=models.PROTECT, related_name="+", verbose_name=_("store"))
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("clerk")
    )
    uses = models.PositiveIntegerField(_("uses"))
    amount = MoneyField(_("value"))
    at = models.DateTimeField(_("redeemed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("redemption")
        verbose_name_plural = _("redemptions")
        ordering = ["-at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(uses__gte=1), name="redemption_uses_positive")]

    def __str__(self) -> str:
        return f"{self.voucher_id} × {self.uses}"


class VoucherEventType(models.TextChoices):
    TERMS_SET = "terms_set", _("E-voucher terms set")
    TERMS_REMOVED = "terms_removed", _("E-voucher terms removed")
    ISSUED = "issued", _("Issued")
    REDEEMED = "redeemed", _("Redeemed")
    EXPIRED = "expired", _("Expired")
    REFUNDED = "refunded", _("Unused uses refunded")


class VoucherEvent(HistoryRow):
    """An e-voucher's history, and its goods' terms' (vouchers/events.py writes it)."""

    spu = models.ForeignKey("catalog.Spu", on_delete=models.CASCADE, related_name="+", verbose_name=_("product"))
    voucher = models.ForeignKey(
        Voucher, on_delete=models.CASCADE, null=True, blank=True, related_name="events", verbose_name=_("e-voucher")
    )
    store = models.ForeignKey(
        "stores.Store", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("store")
    )
    type = models.CharField(_("type"), max_length=20, choices=VoucherEventType.choices)

    class Meta(HistoryRow.Meta):
        verbose_name = _("e-voucher event")
        verbose_name_plural = _("e-voucher events")
