"""The settlement center's rows (docs/SETTLEMENT.md): each store's settlement terms, versioned, and HQ's supply
prices. The ledger, bills and payouts arrive on these."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.money import MoneyField
from settlement import rules

PERCENT = {"max_digits": 5, "decimal_places": 2, "validators": [MinValueValidator(0), MaxValueValidator(100)]}


class Mode(models.TextChoices):
    SALES_SHARE = rules.Mode.SALES_SHARE, _("Sales share")  # 销售提成
    PRICE_DIFFERENCE = rules.Mode.PRICE_DIFFERENCE, _("Price difference")  # 价格差
    PROFIT_SHARE = rules.Mode.PROFIT_SHARE, _("Profit share")  # 利润分成
    NONE = rules.Mode.NONE, _("None (HQ's own store)")


class Cycle(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")  # periods end on Sundays
    MONTHLY = "monthly", _("Monthly")  # periods end on the last day of the month


class SettlementTerms(models.Model):
    """One version of a store's settlement terms. A line is settled by the version in force on the day it was
    paid (the latest `effective_from` on or before that day, Beijing time); a version is never edited once in
    force: finance adds the next one."""

    store = models.ForeignKey(
        "stores.Store", on_delete=models.PROTECT, related_name="settlement_terms", verbose_name=_("store")
    )
    effective_from = models.DateField(_("effective from"))
    mode = models.CharField(_("settlement mode"), max_length=20, choices=Mode.choices)
    rate = models.DecimalField(_("commission (%)"), default=0, **PERCENT)
    # [{"category": backend category id, "rate": "2.00"}]: a category's rate wins over the store's (sales share).
    category_rates = models.JSONField(_("category rates"), default=list, blank=True)
    # [{"from": "10000.00", "rate": "5.00"}]: the period's net sales choose the rate (sales share).
    sales_tiers = models.JSONField(_("sales tiers"), default=list, blank=True)
    # [{"from_margin": "20.00", "store_share": "60.00"}]: the period's margin chooses the store's share of profit.
    margin_bands = models.JSONField(_("margin bands"), default=list, blank=True)
    cycle = models.CharField(_("settlement cycle"), max_length=10, choices=Cycle.choices, default=Cycle.MONTHLY)
    hold_days = models.PositiveSmallIntegerField(
        _("hold days"),
        default=7,
        help_text=_("Days after receipt before a line can be billed (its after-sales window)."),
    )
    bank_name = models.CharField(_("bank"), max_length=100, blank=True)
    account_name = models.CharField(_("account holder"), max_length=100, blank=True)
    account_number = models.CharField(_("account number"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("settlement terms")
        verbose_name_plural = _("settlement terms")
        ordering = ["store", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["store", "effective_from"], name="settlement_terms_one_per_day"),
            models.CheckConstraint(condition=models.Q(mode__in=Mode.values), name="settlement_terms_mode_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.store_id} {self.mode} from {self.effective_from}"

    @property
    def masked_account(self) -> str:
        """The account number as staff see it: its last four digits."""
        return f"**** {self.account_number[-4:]}" if self.account_number else ""

    def as_rules(self) -> rules.Terms:
        return rules.Terms(
            mode=rules.Mode(self.mode),
            rate=Decimal(self.rate),
            category_rates={int(row["category"]): Decimal(row["rate"]) for row in self.category_rates},
            sales_tiers=tuple(rules.SalesTier(Decimal(row["from"]), Decimal(row["rate"])) for row in self.sales_tiers),
            margin_bands=tuple(
                rules.MarginBand(Decimal(row["from_margin"]), Decimal(row["store_share"])) for row in self.margin_bands
            ),
        )


class SupplyPrice(models.Model):
    """HQ's unit price of a SKU to a store (price-difference mode); a row without a store is the default for
    every store."""

    store = models.ForeignKey(
        "stores.Store",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="supply_prices",
        verbose_name=_("store"),
    )
    sku = models.ForeignKey("catalog.Sku", on_delete=models.CASCADE, related_name="+", verbose_name=_("SKU"))
    price = MoneyField(_("supply price"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("updated by")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("supply price")
        verbose_name_plural = _("supply prices")
        constraints = [
            models.UniqueConstraint(
                fields=["store", "sku"], nulls_distinct=False, name="supply_price_one_per_store_and_sku"
            ),
            models.CheckConstraint(condition=models.Q(price__gte=0), name="supply_price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.sku_id} to {self.store_id or '*'}: {self.price}"
