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
    # Set by the overdue sweep (companies.credit) once an order on credit is past due unpaid; cleared by the
    # repayment that pays the last of it. New orders on credit are refused meanwhile (decision 0043).
    credit_overdue_since = models.DateField(_("overdue since"), null=True, blank=True, editable=False)
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
    STATEMENT_ISSUED = "statement_issued", _("Monthly statement issued")
    CREDIT_OVERDUE = "credit_overdue", _("Credit overdue")
    CREDIT_OVERDUE_CLEARED = "credit_overdue_cleared", _("Overdue credit paid")
    CREDIT_NOTE_ISSUED = "credit_note_issued", _("Credit note issued")  # a refund of what the company repaid
    CREDIT_NOTE_USED = "credit_note_used", _("Credit note used for a statement")
    CREDIT_NOTE_PAID_BACK = "credit_note_paid_back", _("Credit note paid back")


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


# Monthly statements and repayments of credit (月结, issue 16 item 5, decision 0043). companies knows no orders: an
# order on credit is named by its id and number, which orders' payment gives it when it holds the credit.


class CreditOrder(models.Model):
    """A store order paid on credit: what its company owes for it. `owed` = amount − refunded − repaid, never below
    nothing; due on the last day of the month it was bought in plus the company's terms (月结 net N)."""

    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="credit_orders", verbose_name=_("company")
    )
    order_id = models.BigIntegerField(_("store order id"), unique=True)  # orders.StoreOrder's (settlement joins it)
    order_no = models.CharField(_("order number"), max_length=32)
    store = models.ForeignKey("stores.Store", on_delete=models.PROTECT, related_name="+", verbose_name=_("store"))
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("buyer")
    )
    payment_no = models.CharField(_("payment number"), max_length=32, db_index=True)
    amount = MoneyField(_("amount"))
    refunded = MoneyField(_("refunded"), default=Decimal("0.00"))
    repaid = MoneyField(_("repaid"), default=Decimal("0.00"))
    paid_at = models.DateTimeField(_("bought on credit at"))
    due_on = models.DateField(_("due on"))
    # When nothing was owed on it any more (repaid, or refunded): the store's bill counts the sale from then.
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("order on credit")
        verbose_name_plural = _("orders on credit")
        ordering = ["due_on", "paid_at", "id"]
        indexes = [models.Index(fields=["company", "due_on"], name="credit_order_company_due")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="credit_order_amount_positive"),
            models.CheckConstraint(
                condition=Q(refunded__gte=0, repaid__gte=0, amount__gte=F("refunded") + F("repaid")),
                name="credit_order_owed_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.order_no

    @property
    def owed(self) -> Decimal:
        return self.amount - self.refunded - self.repaid


class RepaymentVia(models.TextChoices):
    GATEWAY = "gateway", _("Paid online")  # the company's finance user, through the payment gateway
    TRANSFER = "transfer", _("Bank transfer")  # recorded by an operator from the bank's statement
    CREDIT_NOTE = "credit_note", _("Credit note")  # what the company was owed by refunds, used for its statement


class CreditStatement(models.Model):
    """对账单: a company's credit of one month, written once on the 1st of the next: what was owed when it began
    (carried over), bought on credit, refunded and repaid during it, and owed at its end. Every order on it is a
    line; the totals are their sums. Its new orders are due on `due_on` (the month's last day plus the terms)."""

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="statements", verbose_name=_("company"))
    month = models.DateField(_("month"))  # its first day
    due_on = models.DateField(_("due on"))
    opening = MoneyField(_("carried over"))
    charges = MoneyField(_("bought on credit"))
    refunds = MoneyField(_("refunded"))
    repayments = MoneyField(_("repaid"))
    closing = MoneyField(_("owed at the month's end"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("credit statement")
        verbose_name_plural = _("credit statements")
        ordering = ["-month", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["company", "month"], name="one_statement_per_company_and_month"),
            models.CheckConstraint(
                condition=Q(closing=F("opening") + F("charges") - F("refunds") - F("repayments")),
                name="credit_statement_adds_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} {self.month:%Y-%m}"


class CreditStatementLine(models.Model):
    """One order on a statement: owed when the month began (0 for one bought in it), bought, refunded, repaid
    during it, owed at its end."""

    statement = models.ForeignKey(
        CreditStatement, on_delete=models.CASCADE, related_name="lines", verbose_name=_("statement")
    )
    credit_order = models.ForeignKey(
        CreditOrder, on_delete=models.PROTECT, related_name="statement_lines", verbose_name=_("order on credit")
    )
    carried = models.BooleanField(_("carried over"))
    opening = MoneyField(_("carried over"))
    charged = MoneyField(_("bought on credit"))
    refunded = MoneyField(_("refunded"))
    repaid = MoneyField(_("repaid"))
    closing = MoneyField(_("owed at the month's end"))

    class Meta:
        verbose_name = _("statement line")
        verbose_name_plural = _("statement lines")
        ordering = ["credit_order__due_on", "credit_order__paid_at", "credit_order_id"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "credit_order"], name="one_statement_line_per_order"),
        ]

    def __str__(self) -> str:
        return f"{self.statement} · {self.credit_order}"


class Repayment(models.Model):
    """Money the company paid back: online against a statement, or a bank transfer an operator recorded (against
    a statement, or whatever is owed). Allocated whole to its orders, oldest due first; once per reference."""

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="repayments", verbose_name=_("company"))
    statement = models.ForeignKey(
        CreditStatement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
        verbose_name=_("statement"),
    )
    amount = MoneyField(_("amount"))
    reference = models.CharField(_("reference"), max_length=64, unique=True)  # payment number or bank reference
    via = models.CharField(_("paid by"), max_length=20, choices=RepaymentVia.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("repayment")
        verbose_name_plural = _("repayments")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="repayment_amount_positive"),
            models.CheckConstraint(condition=Q(via__in=RepaymentVia.values), name="repayment_via_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.amount}"


class CreditAllocation(models.Model):
    """A part of a repayment or of a refund taken off one order's debt. A repayment's parts sum to it exactly."""

    credit_order = models.ForeignKey(
        CreditOrder, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("order on credit")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CreditEntryKind.choices)  # repayment or refund
    amount = MoneyField(_("amount"))
    repayment = models.ForeignKey(
        Repayment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
        verbose_name=_("repayment"),
    )
    reference = models.CharField(_("reference"), max_length=64)  # the repayment's, or the refund's number
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("credit allocation")
        verbose_name_plural = _("credit allocations")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="credit_allocation_amount_positive"),
            models.UniqueConstraint(fields=["reference", "credit_order"], name="one_allocation_per_reference"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} → {self.credit_order}: {self.amount}"


class CreditNote(models.Model):
    """What the platform owes a company: a refund of an order on credit that the company had already repaid
    (decision 0043). Used first by its next statement (as a repayment `via` credit note), or paid back by the
    platform's finance on request. `open` = amount − used − paid_back, never below nothing. One per refund."""

    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="credit_notes", verbose_name=_("company")
    )
    credit_order = models.ForeignKey(
        CreditOrder, on_delete=models.PROTECT, related_name="credit_notes", verbose_name=_("order on credit")
    )
    refund_no = models.CharField(_("refund number"), max_length=64, unique=True)
    amount = MoneyField(_("amount"))
    used = MoneyField(_("used for statements"), default=Decimal("0.00"))
    paid_back = MoneyField(_("paid back"), default=Decimal("0.00"))
    paid_back_reference = models.CharField(_("pay-back reference"), max_length=64, blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("credit note")
        verbose_name_plural = _("credit notes")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="credit_note_amount_positive"),
            models.CheckConstraint(
                condition=Q(used__gte=0, paid_back__gte=0, amount__gte=F("used") + F("paid_back")),
                name="credit_note_open_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.refund_no} {self.amount}"

    @property
    def open(self) -> Decimal:
        return self.amount - self.used - self.paid_back


# Assisted orders, quotes and contracts (人工介入, 询价, 合同; issue 16 items 3 and 4, decision 0042). A deal is the
# companies-side draft of a business order: a buyer asks a store for a quote (or the store opens one for them), the
# store answers with prices, approvals are collected, the buyer accepts; only then does checkout make it an order.


class StoreDealSettings(models.Model):
    """A store's rule for its deals: an offer more than `approval_percent` off the list total needs a manager's (or
    the owner's) approval before the buyer may accept it. A store without a row uses the default."""

    DEFAULT_PERCENT = Decimal("5.00")

    store = models.OneToOneField(
        "stores.Store", on_delete=models.CASCADE, related_name="deal_settings", verbose_name=_("store")
    )
    approval_percent = models.DecimalField(
        _("approval needed above (percent off)"), max_digits=5, decimal_places=2, default=DEFAULT_PERCENT
    )

    class Meta:
        verbose_name = _("deal settings")
        verbose_name_plural = _("deal settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(approval_percent__gte=0, approval_percent__lte=100), name="deal_approval_percent_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.store_id}: {self.approval_percent}"


class DealStatus(models.TextChoices):
    DRAFT = "draft", _("Waiting for the store's prices")  # a quote asked for, or prices being changed
    AWAITING_APPROVAL = "awaiting_approval", _("Waiting for the store's approval")  # beyond the store's threshold
    OFFERED = "offered", _("Offered")  # the buyer may accept it until `valid_until`
    AWAITING_COMPANY_APPROVAL = "awaiting_company_approval", _("Waiting for the company's approval")  # over its limit
    ACCEPTED = "accepted", _("Accepted")  # every approval in: the buyer checks it out as an order
    ORDERED = "ordered", _("Ordered")  # checkout placed it: `trade_no`
    EXPIRED = "expired", _("Expired")  # not ordered by `valid_until` (the sweep)
    CANCELLED = "cancelled", _("Cancelled")  # withdrawn by the buyer or the store


DEAL_TRANSITIONS = {
    DealStatus.DRAFT: {DealStatus.AWAITING_APPROVAL, DealStatus.OFFERED, DealStatus.CANCELLED},
    DealStatus.AWAITING_APPROVAL: {DealStatus.OFFERED, DealStatus.AWAITING_APPROVAL, DealStatus.DRAFT},
    DealStatus.OFFERED: {
        DealStatus.AWAITING_APPROVAL,
        DealStatus.OFFERED,
        DealStatus.AWAITING_COMPANY_APPROVAL,
        DealStatus.ACCEPTED,
        DealStatus.EXPIRED,
        DealStatus.CANCELLED,
    },
    DealStatus.AWAITING_COMPANY_APPROVAL: {DealStatus.ACCEPTED, DealStatus.OFFERED, DealStatus.EXPIRED},
    DealStatus.ACCEPTED: {DealStatus.ORDERED, DealStatus.EXPIRED},
    DealStatus.ORDERED: set(),
    DealStatus.EXPIRED: set(),
    DealStatus.CANCELLED: set(),
}
# Where the store may still change prices, quantities and the special discount.
DEAL_CHANGEABLE = (DealStatus.DRAFT, DealStatus.AWAITING_APPROVAL, DealStatus.OFFERED)


class DealOrigin(models.TextChoices):
    QUOTE = "quote", _("Quote requested by the buyer")
    STORE = "store", _("Opened by the store")


class DealQuerySet(models.QuerySet):
    def open_past(self, day):
        """Not yet ordered, and valid no longer on `day`: what the sweep expires."""
        return self.filter(
            status__in=[DealStatus.OFFERED, DealStatus.AWAITING_COMPANY_APPROVAL, DealStatus.ACCEPTED],
            valid_until__lt=day,
        )


class Deal(models.Model):
    """A business order in the making between one store and one company (a quote, an assisted order): its lines'
    agreed prices and the store's special discount, the approvals it needs, and the trade it became."""

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="deals", verbose_name=_("company"))
    store = models.ForeignKey("stores.Store", on_delete=models.PROTECT, related_name="+", verbose_name=_("store"))
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("buyer")
    )
    origin = models.CharField(_("origin"), max_length=10, choices=DealOrigin.choices, default=DealOrigin.QUOTE)
    status = models.CharField(_("status"), max_length=30, choices=DealStatus.choices, default=DealStatus.DRAFT)
    note = models.CharField(_("note"), max_length=200, blank=True)
    special_discount = MoneyField(_("special discount"), default=Decimal("0.00"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    terms = models.TextField(_("terms"), blank=True)  # the contract's terms, written by the store
    # Who sent the current offer, and who approved it (never the same person): decision 0042.
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("offered by"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    trade_no = models.CharField(_("trade number"), max_length=40, blank=True)
    order_no = models.CharField(_("order number"), max_length=40, blank=True)  # the store order checkout placed
    buyer_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by the buyer"),
    )
    store_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by the store"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DealQuerySet.as_manager()

    class Meta:
        verbose_name = _("deal")
        verbose_name_plural = _("deals")
        ordering = ["-id"]
        # The platform's approval (decision 0042): an operator holding it approves an offer beyond a store's
        # threshold, as the store's manager would (never their own offer).
        permissions = [("approve_deal", _("Can approve deals beyond a store's threshold"))]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=DealStatus.values), name="deal_status_valid"),
            models.CheckConstraint(condition=Q(special_discount__gte=0), name="deal_special_discount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"Q{self.pk:06d}" if self.pk else "Q"

    @property
    def number(self) -> str:
        return str(self)

    def can_change(self) -> bool:
        return self.status in DEAL_CHANGEABLE

    def can_become(self, status: str) -> bool:
        return status in DEAL_TRANSITIONS[DealStatus(self.status)]


class DealLine(models.Model):
    """A SKU and quantity of a deal; `list_price` is the SKU's price when the line was written, `unit_price` the
    store's price for it (None until the store answers)."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="lines", verbose_name=_("deal"))
    sku = models.ForeignKey("catalog.Sku", on_delete=models.PROTECT, related_name="+", verbose_name=_("SKU"))
    title = models.CharField(_("title"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"))
    list_price = MoneyField(_("list price"))
    unit_price = MoneyField(_("agreed unit price"), null=True, blank=True)

    class Meta:
        verbose_name = _("deal line")
        verbose_name_plural = _("deal lines")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["deal", "sku"], name="one_deal_line_per_sku"),
            models.CheckConstraint(condition=Q(quantity__gte=1, quantity__lte=9999), name="deal_line_quantity_range"),
            models.CheckConstraint(
                condition=Q(unit_price__isnull=True) | Q(unit_price__gte=0), name="deal_line_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} × {self.quantity}"

    @property
    def list_amount(self) -> Decimal:
        return self.list_price * self.quantity

    @property
    def amount(self) -> Decimal | None:
        return None if self.unit_price is None else self.unit_price * self.quantity


class DealEventType(models.TextChoices):
    REQUESTED = "requested", _("Quote requested")
    OPENED = "opened", _("Opened by the store")
    PRICE_CHANGED = "price_changed", _("Price changed")
    QUANTITY_CHANGED = "quantity_changed", _("Quantity changed")
    DISCOUNT_CHANGED = "discount_changed", _("Special discount changed")
    OFFERED = "offered", _("Offered")
    APPROVAL_REQUESTED = "approval_requested", _("Sent for the store's approval")
    APPROVED = "approved", _("Approved by the store")
    APPROVAL_REFUSED = "approval_refused", _("Approval refused by the store")
    ACCEPTED = "accepted", _("Accepted by the buyer")
    COMPANY_APPROVAL_REQUESTED = "company_approval_requested", _("Sent for the company's approval")
    COMPANY_APPROVED = "company_approved", _("Approved by the company")
    ORDERED = "ordered", _("Ordered")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")
    CONTRACT_CONFIRMED = "contract_confirmed", _("Contract confirmed")


class DealEvent(models.Model):
    """Every step and change of a deal: who, when, why, and what changed (old → new in `data`)."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="events", verbose_name=_("deal"))
    type = models.CharField(_("event"), max_length=40, choices=DealEventType.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("deal event")
        verbose_name_plural = _("deal events")
        ordering = ["at", "id"]
        constraints = [models.CheckConstraint(condition=Q(type__in=DealEventType.values), name="deal_event_type_valid")]

    def __str__(self) -> str:
        return f"{self.get_type_display()} · {timezone.localtime(self.at):%Y-%m-%d %H:%M}"
