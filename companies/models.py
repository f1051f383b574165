"""Business buyers (企业采购, issue 16): a company and its people, its addresses and invoice titles, and the prices
it buys at: the sellers' wholesale terms per SKU (tiers, minimum order quantity) and the price lists a store
negotiated with one company. Goods and stores are named by string reference: the catalog and the stores center
know nothing of companies."""

import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.models import Region
from marketplace.money import MoneyField
from members.models import phone_validator
from stores.documents import DocumentStorage


class CompanyStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")  # registered; its users buy at retail prices until approved
    APPROVED = "approved", _("Approved")  # its users are business buyers
    REJECTED = "rejected", _("Rejected")  # the operator's reason is in its event; it may register again


class CompanyRole(models.TextChoices):
    BUYER = "buyer", _("Buyer")  # places orders
    APPROVER = "approver", _("Approver")  # approves orders over the company's threshold
    FINANCE = "finance", _("Finance")  # pays, reads invoices


def licence_path(company: "Company", filename: str) -> str:
    """A random name: none says whose licence it is (kept with the stores' documents, never served as a file)."""
    return f"company-documents/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:5]}"


class CompanyQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=CompanyStatus.APPROVED)


class Company(models.Model):
    """A registered business (统一社会信用代码 unique). Approved by an operator; then every member of it buys at
    its wholesale and negotiated prices."""

    name = models.CharField(_("company name"), max_length=100)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    licence = models.ImageField(_("business licence"), upload_to=licence_path, storage=DocumentStorage(), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=CompanyStatus.choices, default=CompanyStatus.PENDING)
    # Orders above this amount wait for an approver of the company (审批); None: no approval needed.
    approval_threshold = MoneyField(_("approval above"), null=True, blank=True)
    # Credit terms (赊账, decision 0039): orders paid "on credit" hold `credit_used` against the limit, set by an
    # operator; a repayment releases it. `credit_used` moves only by the conditional UPDATEs of companies.services.
    credit_limit = MoneyField(_("credit limit"), default=Decimal("0.00"))
    credit_used = MoneyField(_("credit used"), default=Decimal("0.00"), editable=False)
    credit_days = models.PositiveSmallIntegerField(_("payment terms (days)"), default=30)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CompanyStatus.values), name="company_status_valid"),
            models.CheckConstraint(
                condition=Q(approval_threshold__isnull=True) | Q(approval_threshold__gte=0),
                name="company_approval_threshold_not_negative",
            ),
            models.CheckConstraint(condition=Q(credit_limit__gte=0), name="company_credit_limit_not_negative"),
            models.CheckConstraint(condition=Q(credit_used__gte=0), name="company_credit_used_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def credit_available(self) -> Decimal:
        return max(self.credit_limit - self.credit_used, Decimal("0.00"))


class CompanyMember(models.Model):
    """A user who buys for a company, with their role; `is_admin` may add and remove the company's users and keep
    its addresses and invoice titles. A user belongs to one company at most."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="members", verbose_name=_("company"))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="company_membership", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=CompanyRole.choices, default=CompanyRole.BUYER)
    is_admin = models.BooleanField(_("company admin"), default=False)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("company user")
        verbose_name_plural = _("company users")
        ordering = ["-is_admin", "id"]
        constraints = [models.CheckConstraint(condition=Q(role__in=CompanyRole.values), name="company_role_valid")]

    def __str__(self) -> str:
        return f"{self.company} · {self.user} · {self.get_role_display()}"


class CompanyAddress(models.Model):
    """A delivery address of the company (its warehouse, its office), shared by its users."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="addresses", verbose_name=_("company"))
    name = models.CharField(_("recipient"), max_length=50)
    phone = models.CharField(_("phone"), max_length=11, validators=[phone_validator])
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    detail = models.CharField(_("street address"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("company address")
        verbose_name_plural = _("company addresses")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.name} {self.region_id} {self.detail}"


class InvoiceTitle(models.Model):
    """发票抬头: the name and tax number a VAT invoice is made out to, with the bank details a special invoice needs."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="invoice_titles", verbose_name=_("company")
    )
    title = models.CharField(_("invoice title"), max_length=100)
    tax_number = models.CharField(_("tax number"), max_length=20)
    bank = models.CharField(_("bank"), max_length=100, blank=True)
    bank_account = models.CharField(_("bank account"), max_length=40, blank=True)
    address = models.CharField(_("registered address"), max_length=200, blank=True)
    phone = models.CharField(_("registered phone"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("invoice title")
        verbose_name_plural = _("invoice titles")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.tax_number})"


class CompanyEventType(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    MEMBER_ADDED = "member_added", _("User added")
    MEMBER_REMOVED = "member_removed", _("User removed")
    ADDRESS_ADDED = "address_added", _("Address added")
    ADDRESS_REMOVED = "address_removed", _("Address removed")
    INVOICE_TITLE_ADDED = "invoice_title_added", _("Invoice title added")
    INVOICE_TITLE_REMOVED = "invoice_title_removed", _("Invoice title removed")
    PRICE_LIST_SET = "price_list_set", _("Price list set")
    PRICE_LIST_REMOVED = "price_list_removed", _("Price list removed")
    CREDIT_HELD = "credit_held", _("Credit held")
    CREDIT_RELEASED = "credit_released", _("Credit released")


class CompanyEvent(models.Model):
    """Every change of a company, its users, addresses, invoice titles and price lists: who, when and why."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="events", verbose_name=_("company"))
    type = models.CharField(_("event"), max_length=40, choices=CompanyEventType.choices)
    # None: the system (a refund releasing credit, run by whoever approved the refund in the orders center)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("company event")
        verbose_name_plural = _("company events")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(type__in=CompanyEventType.values), name="company_event_type_valid")
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} · {timezone.localtime(self.at):%Y-%m-%d %H:%M}"


class CreditEntryKind(models.TextChoices):
    HOLD = "hold", _("Held by an order")  # an order paid on credit: owed from now, due after the terms
    REPAYMENT = "repayment", _("Repaid")  # the company paid what it owed
    REFUND = "refund", _("Refunded")  # an order paid on credit was refunded: owed no more


class CreditEntry(models.Model):
    """The company's credit ledger (赊账): every movement of `Company.credit_used`, with its reference (the payment
    number of an order paid on credit, a refund's number, a repayment's bank reference), unique per kind."""

    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="credit_entries", verbose_name=_("company")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CreditEntryKind.choices)
    amount = MoneyField(_("amount"))
    reference = models.CharField(_("reference"), max_length=64)
    due_on = models.DateField(_("due on"), null=True, blank=True)  # a hold's: its date plus the company's terms
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("credit entry")
        verbose_name_plural = _("credit entries")
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "reference"], name="one_credit_entry_per_reference"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="credit_entry_amount_positive"),
            models.CheckConstraint(condition=Q(kind__in=CreditEntryKind.values), name="credit_entry_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class WholesaleTerms(models.Model):
    """A SKU's terms for business buyers, set by the store that sells it (批发): a minimum order quantity (起订量)
    and quantity breaks (`tiers`). Retail shoppers never see or get them."""

    sku = models.OneToOneField(
        "catalog.Sku", on_delete=models.CASCADE, related_name="wholesale_terms", verbose_name=_("SKU")
    )
    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="+", verbose_name=_("store"))
    min_quantity = models.PositiveIntegerField(_("minimum order quantity"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("wholesale terms")
        verbose_name_plural = _("wholesale terms")
        constraints = [models.CheckConstraint(condition=Q(min_quantity__gte=1), name="wholesale_moq_at_least_one")]

    def __str__(self) -> str:
        return f"SKU {self.sku_id} ≥ {self.min_quantity}"


class WholesaleTier(models.Model):
    """From `min_quantity` units of the line on, each unit costs `unit_price` (阶梯价)."""

    terms = models.ForeignKey(WholesaleTerms, on_delete=models.CASCADE, related_name="tiers", verbose_name=_("terms"))
    min_quantity = models.PositiveIntegerField(_("from quantity"))
    unit_price = MoneyField(_("unit price"))

    class Meta:
        verbose_name = _("wholesale tier")
        verbose_name_plural = _("wholesale tiers")
        ordering = ["min_quantity"]
        constraints = [
            models.UniqueConstraint(fields=["terms", "min_quantity"], name="one_tier_per_quantity"),
            models.CheckConstraint(condition=Q(min_quantity__gte=2), name="wholesale_tier_from_two"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="wholesale_tier_price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"≥ {self.min_quantity}: {self.unit_price}"


class PriceListQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(valid_from__lte=day, valid_to__gte=day)


class PriceList(models.Model):
    """协议价: the prices a store agreed with one company for some of its SKUs, valid from one day to another
    (both included)."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="price_lists", verbose_name=_("company")
    )
    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="+", verbose_name=_("store"))
    name = models.CharField(_("name"), max_length=100)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PriceListQuerySet.as_manager()

    class Meta:
        verbose_name = _("price list")
        verbose_name_plural = _("price lists")
        ordering = ["-valid_from", "-id"]
        constraints = [models.CheckConstraint(condition=Q(valid_to__gte=F("valid_from")), name="price_list_window")]

    def __str__(self) -> str:
        return self.name


class PriceListItem(models.Model):
    price_list = models.ForeignKey(
        PriceList, on_delete=models.CASCADE, related_name="items", verbose_name=_("price list")
    )
    sku = models.ForeignKey("catalog.Sku", on_delete=models.CASCADE, related_name="+", verbose_name=_("SKU"))
    unit_price = MoneyField(_("unit price"))

    class Meta:
        verbose_name = _("price list item")
        verbose_name_plural = _("price list items")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["price_list", "sku"], name="one_price_per_sku_per_list"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="price_list_price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"SKU {self.sku_id}: {self.unit_price}"
