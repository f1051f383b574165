"""The settlement center's rows (docs/SETTLEMENT.md): each store's settlement terms, versioned, and HQ's supply
prices. The ledger, bills and payouts arrive on these."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
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
        return f"{self.get_mode_display()} · {self.effective_from}"

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


# --- The ledger ---------------------------------------------------------------------------------------------------


class EntryKind(models.TextChoices):
    SALE = "sale", _("Sale")  # an order line, paid
    FREIGHT = "freight", _("Freight")  # the freight the shopper paid the store, per order
    REFUND = "refund", _("Refund")  # a refund's reversal of a line or of the freight: negative parts
    # a deposit order completed (decision 0035): its goods sold by its balance order or by nobody, so its line counts
    # no quantity and no gross beyond what was paid (the sale's quantity and discounts taken back, net unchanged)
    DEPOSIT = "deposit", _("Deposit's goods")
    # an e-voucher of the order redeemed in another store than the one that sold it (decision 0038): that store is
    # credited the uses' value (its own entry on the order's line), and the selling store gives the same value back
    REDEEMED = "redeemed", _("E-voucher redeemed here")
    REDEEMED_ELSEWHERE = "redeem_out", _("E-voucher redeemed in another store")


class LedgerEntry(models.Model):
    """What one of the orders center's events means in money for one order line (or, with no line, the order's
    freight): the parts the pricing engine recorded, and what the settlement modes read, as they were when the line
    was paid. Written once per source event and line (settlement.services.ledger), never updated: a refund is a
    new entry with negative parts. HQ's take is not here: it depends on the period (tiers and bands), so the bill
    run decides it."""

    store = models.ForeignKey("stores.Store", on_delete=models.PROTECT, related_name="+", verbose_name=_("store"))
    order = models.ForeignKey(
        "orders.StoreOrder", on_delete=models.PROTECT, related_name="+", verbose_name=_("store order")
    )
    line = models.ForeignKey(
        "orders.OrderLine", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("line")
    )
    event = models.ForeignKey(
        "orders.OrderEvent", on_delete=models.PROTECT, related_name="+", verbose_name=_("source event")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    quantity = models.IntegerField(_("quantity"), default=0)  # negative on a refund
    gross = MoneyField(_("gross"), default=0)
    store_discounts = MoneyField(_("store-funded discounts"), default=0)
    platform_discounts = MoneyField(_("platform-funded discounts"), default=0)
    freight = MoneyField(_("freight"), default=0)
    # What the modes read, fixed when the line was paid: the day (Beijing), the terms version then in force (none:
    # the store's default terms, with the commission the order recorded), the SKU's cost and supply price.
    paid_on = models.DateField(_("paid on"))
    at = models.DateTimeField(_("happened at"))  # the source event's time: a bill takes what happened by its date
    terms = models.ForeignKey(
        SettlementTerms, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("terms")
    )
    commission_percent = models.DecimalField(_("commission (%)"), max_digits=5, decimal_places=2, default=0)
    unit_cost = MoneyField(_("cost price"), null=True, blank=True)
    supply_price = MoneyField(_("supply price"), null=True, blank=True)
    category = models.ForeignKey(
        "catalog.BackendCategory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["id"]
        constraints = [
            # Once per source event, line and store, whatever the deliveries: the freight's entry is the one without a
            # line; a redemption in another store is the one event with two stores' entries on a line.
            models.UniqueConstraint(
                fields=["event", "line", "store"], nulls_distinct=False, name="ledger_entry_once_per_event"
            ),
            models.CheckConstraint(condition=models.Q(kind__in=EntryKind.values), name="ledger_entry_kind_valid"),
        ]
        indexes = [models.Index(fields=["store", "id"], name="ledger_entry_store")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.order_id}/{self.line_id or '-'}"


# --- Bills --------------------------------------------------------------------------------------------------------


class BillStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")  # waiting for the store
    STORE_CONFIRMED = "store_confirmed", _("Confirmed by the store")
    DISPUTED = "disputed", _("Disputed by the store")
    CONFIRMED = "confirmed", _("Confirmed by finance")  # payable
    PAYING = "paying", _("Paying out")
    PAID = "paid", _("Paid")
    CARRIED_FORWARD = "carried_forward", _("Carried forward")  # nothing to pay: its balance opens the next bill


# The one transition table of a bill: the store confirms or disputes what was issued; finance confirms (after any
# adjustments); a payout pays it (through `paying` when a provider pays; back to `confirmed` if the payout fails).
# Nothing to pay makes it `carried_forward`, from the run or from finance's confirmation.
BILL_TRANSITIONS: dict[str, frozenset[str]] = {
    BillStatus.ISSUED: frozenset({BillStatus.STORE_CONFIRMED, BillStatus.DISPUTED}),
    BillStatus.STORE_CONFIRMED: frozenset({BillStatus.CONFIRMED, BillStatus.CARRIED_FORWARD}),
    BillStatus.DISPUTED: frozenset({BillStatus.CONFIRMED, BillStatus.CARRIED_FORWARD}),
    BillStatus.CONFIRMED: frozenset({BillStatus.PAYING, BillStatus.PAID}),
    BillStatus.PAYING: frozenset({BillStatus.PAID, BillStatus.CONFIRMED}),
    BillStatus.PAID: frozenset(),
    BillStatus.CARRIED_FORWARD: frozenset(),
}
OPEN_BILL_STATUSES = (BillStatus.ISSUED, BillStatus.STORE_CONFIRMED, BillStatus.DISPUTED)  # adjustments allowed


class BillRunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")


class BillRun(models.Model):
    """One run of the bill job, by the beat (per cycle) or by finance (as of a date): what it covers and how far it
    got, which the finance page shows while it runs."""

    until = models.DateField(_("until"))
    cycle = models.CharField(_("settlement cycle"), max_length=10, choices=Cycle.choices, blank=True)  # blank: all
    store_ids = models.JSONField(_("stores"), default=list, blank=True)  # empty: every store in scope
    status = models.CharField(_("status"), max_length=10, choices=BillRunStatus.choices, default=BillRunStatus.RUNNING)
    stores_total = models.PositiveIntegerField(_("stores"), default=0)
    stores_done = models.PositiveIntegerField(_("stores done"), default=0)
    bills_made = models.PositiveIntegerField(_("bills made"), default=0)
    lines_billed = models.PositiveIntegerField(_("lines billed"), default=0)
    failures = models.JSONField(_("failures"), default=list, blank=True)  # [{"store": id, "error": "..."}]
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )  # none: the beat
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("bill run")
        verbose_name_plural = _("bill runs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.until} · {self.get_status_display()}"


class Bill(models.Model):
    """What HQ owes one store for one period (结算单): the exact sum of its lines, plus the balance the bill before
    carried forward and finance's approved adjustments. A bill is never edited once issued: what comes after it
    (a refund of a billed line) lands on the next one."""

    bill_no = models.CharField(_("bill number"), max_length=32, unique=True)
    store = models.ForeignKey("stores.Store", on_delete=models.PROTECT, related_name="+", verbose_name=_("store"))
    run = models.ForeignKey(BillRun, on_delete=models.PROTECT, related_name="bills", verbose_name=_("bill run"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    status = models.CharField(_("status"), max_length=20, choices=BillStatus.choices, default=BillStatus.ISSUED)
    gross = MoneyField(_("gross"), default=0)
    store_discounts = MoneyField(_("store-funded discounts"), default=0)
    platform_discounts = MoneyField(_("platform-funded discounts"), default=0)
    hq_take = MoneyField(_("HQ's take"), default=0)
    freight = MoneyField(_("freight"), default=0)
    brought_forward = MoneyField(_("brought forward"), default=0)  # the balance of the bill before, if not paid
    adjustments = MoneyField(_("adjustments"), default=0)  # approved ones
    credits = MoneyField(_("payments kept for the store"), default=0)  # forfeited deposits: BillCredit
    # The bill that brought this one's balance forward (a carried-forward bill is brought forward once).
    carried_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("carried into")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("bill")
        verbose_name_plural = _("bills")
        ordering = ["-period_end", "store_id"]
        # Paying out is a permission of its own: finance staff read and confirm bills, a cashier pays them.
        permissions = [("pay_bill", _("Can pay out bills"))]
        constraints = [
            models.UniqueConstraint(fields=["store", "period_end"], name="bill_one_per_store_and_period"),
            models.CheckConstraint(condition=models.Q(status__in=BillStatus.values), name="bill_status_valid"),
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")), name="bill_period_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.bill_no

    def can_become(self, status: str) -> bool:
        return status in BILL_TRANSITIONS[self.status]

    @property
    def net_sales(self) -> Decimal:
        return self.gross - self.store_discounts

    @property
    def store_due(self) -> Decimal:
        """What HQ pays the store for this bill: its lines' due, what the bill before carried, the adjustments and
        the payments kept for it."""
        return self.net_sales - self.hq_take + self.freight + self.brought_forward + self.adjustments + self.credits


class BillLine(models.Model):
    """One order line on a bill (or, with no line, the order's freight): the sum of its ledger entries the bill
    took, and HQ's take on them, rounded half up to the cent. A refund after the line was billed makes a line with
    negative parts on a later bill.

    The line is also the claim: `through_entry` is the highest ledger entry of its (order, line) it summed, and an
    entry is billed once its id is at or below the greatest `through_entry` of its (order, line). That holds because
    the entries of one (order, line) are written, and become billable, in the order of their ids: the sale first,
    then each refund, posted under the order's row lock after the one before (settlement.services.ledger), and a
    line with an after-sales request open is not claimed at all (docs/SETTLEMENT.md, "Bills").

    The bill line keeps no database foreign keys (db_constraint=False): Django's are DEFERRABLE INITIALLY DEFERRED,
    one check a row at commit, which cost a bill run of a million lines more than writing the lines
    (bench/RESULTS.md). Lines are written by one statement only (settlement.services.bills), in the transaction
    that creates their bill, from ledger entries whose order and line keys are checked; bills are never deleted
    once they have lines (payouts and events protect them, and Django still cascades on its side)."""

    bill = models.ForeignKey(
        Bill,
        on_delete=models.CASCADE,
        related_name="lines",
        verbose_name=_("bill"),
        db_constraint=False,
        db_index=False,  # the unique (bill, order, line) below serves it
    )
    order = models.ForeignKey(
        "orders.StoreOrder",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("store order"),
        db_constraint=False,
        db_index=False,
    )
    line = models.ForeignKey(
        "orders.OrderLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("line"),
        db_constraint=False,
        db_index=False,
    )
    through_entry = models.BigIntegerField(_("billed through ledger entry"), default=0)
    quantity = models.IntegerField(_("quantity"), default=0)
    gross = MoneyField(_("gross"), default=0)
    store_discounts = MoneyField(_("store-funded discounts"), default=0)
    platform_discounts = MoneyField(_("platform-funded discounts"), default=0)
    hq_take = MoneyField(_("HQ's take"), default=0)
    freight = MoneyField(_("freight"), default=0)

    class Meta:
        verbose_name = _("bill line")
        verbose_name_plural = _("bill lines")
        ordering = ["bill", "order_id", "line_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["bill", "order", "line"], nulls_distinct=False, name="bill_line_once_per_bill"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bill_id}: {self.order_id}/{self.line_id or '-'}"

    @property
    def net_sales(self) -> Decimal:
        return self.gross - self.store_discounts

    @property
    def store_due(self) -> Decimal:
        return self.net_sales - self.hq_take + self.freight


class BillCredit(models.Model):
    """A payment the platform kept for the store (orders.KeptPayment: a forfeited auction deposit), credited on one
    bill, once: the unique payment kept is the claim. HQ takes nothing of it: it is the store's compensation for a
    sale its winner did not make, not a sale (docs/SETTLEMENT.md)."""

    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="credit_rows", verbose_name=_("bill"))
    kept_payment = models.OneToOneField(
        "orders.KeptPayment", on_delete=models.PROTECT, related_name="+", verbose_name=_("payment kept")
    )
    amount = MoneyField(_("amount"))

    class Meta:
        verbose_name = _("bill credit")
        verbose_name_plural = _("bill credits")
        ordering = ["bill", "id"]

    def __str__(self) -> str:
        return f"{self.bill_id}: {self.amount}"


class BillEventType(models.TextChoices):
    """What happened to a bill: each status it took, by whom and why. Recorded only by settlement.services."""

    ISSUED = BillStatus.ISSUED, _("Issued")
    STORE_CONFIRMED = BillStatus.STORE_CONFIRMED, _("Confirmed by the store")
    DISPUTED = BillStatus.DISPUTED, _("Disputed by the store")
    CONFIRMED = BillStatus.CONFIRMED, _("Confirmed by finance")
    PAYING = BillStatus.PAYING, _("Payout sent to the provider")
    PAID = BillStatus.PAID, _("Paid")
    PAYOUT_FAILED = "payout_failed", _("Payout failed: payable again")
    CARRIED_FORWARD = BillStatus.CARRIED_FORWARD, _("Carried forward: nothing to pay")
    ADJUSTMENT_PROPOSED = "adjustment_proposed", _("Adjustment proposed")
    ADJUSTMENT_APPROVED = "adjustment_approved", _("Adjustment approved")


class BillEvent(models.Model):
    """The history of a bill."""

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="events", verbose_name=_("bill"))
    type = models.CharField(_("event"), max_length=20, choices=BillEventType.choices)
    from_status = models.CharField(_("from status"), max_length=20, choices=BillStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, choices=BillStatus.choices, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )  # none: the bill run
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("bill event")
        verbose_name_plural = _("bill events")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(type__in=BillEventType.values), name="bill_event_type_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} · {timezone.localtime(self.at):%Y-%m-%d %H:%M}"


class Adjustment(models.Model):
    """A correction finance makes to a bill before confirming it (a dispute settled, a fee): an amount added to
    what HQ pays the store (negative: taken off), with its reason. One finance user proposes, another approves;
    only approved adjustments count in the bill."""

    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="adjustment_rows", verbose_name=_("bill"))
    amount = MoneyField(_("amount"))
    reason = models.CharField(_("reason"), max_length=200)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(amount=0), name="adjustment_not_zero"),
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True) | ~models.Q(approved_by=models.F("proposed_by")),
                name="adjustment_approved_by_another",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bill_id}: {self.amount}"


class PayoutMethod(models.TextChoices):
    MANUAL = "manual", _("Bank transfer made by hand")  # finance enters the bank's reference
    PROVIDER = "provider", _("Payout provider")


class PayoutStatus(models.TextChoices):
    SENT = "sent", _("Sent")  # to the provider; its callback decides
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class Payout(models.Model):
    """One attempt to pay a bill: by hand (a bank reference) or through the payout provider, whose signed callback
    settles it. A failed attempt leaves the bill payable again; the next attempt is a new row."""

    payout_no = models.CharField(_("payout number"), max_length=32, unique=True)
    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="payouts", verbose_name=_("bill"))
    method = models.CharField(_("method"), max_length=10, choices=PayoutMethod.choices)
    amount = MoneyField(_("amount"))
    status = models.CharField(_("status"), max_length=10, choices=PayoutStatus.choices)
    reference = models.CharField(_("bank reference"), max_length=64, blank=True)
    provider_payout_id = models.CharField(_("provider's payout id"), max_length=64, blank=True)
    failure = models.CharField(_("failure"), max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payout_amount_positive"),
            # At most one payout of a bill is in flight or done: a second would pay twice.
            models.UniqueConstraint(
                fields=["bill"], condition=~models.Q(status="failed"), name="payout_one_live_per_bill"
            ),
        ]

    def __str__(self) -> str:
        return self.payout_no


class SimulatedPayout(models.Model):
    """The simulated payout provider's own book (settlement.payouts): one transfer per payout number, as a real
    provider keeps them; a repeated request is counted and moves no more money."""

    payout_no = models.CharField(_("payout number"), max_length=32, unique=True)
    amount = MoneyField(_("amount"))
    account_number = models.CharField(_("account number"), max_length=40)
    requests = models.PositiveIntegerField(_("requests"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("simulated payout")
        verbose_name_plural = _("simulated payouts")

    def __str__(self) -> str:
        return self.payout_no


# --- Reconciliation (对账) -----------------------------------------------------------------------------------------


class StatementKind(models.TextChoices):
    PAYMENT = "payment", _("Payment")
    REFUND = "refund", _("Refund")


class MatchResult(models.TextChoices):
    MATCHED = "matched", _("Matched")
    ONLY_IN_STATEMENT = "only_in_statement", _("Only in the gateway's statement")
    ONLY_IN_BOOKS = "only_in_books", _("Only in our books")
    AMOUNT_DIFFERS = "amount_differs", _("Amounts differ")


class Statement(models.Model):
    """A payment gateway's statement of one day (its payments and refunds), imported by finance and matched
    against our books. Importing a day again adds a statement; the latest is the one that counts."""

    gateway = models.CharField(_("gateway"), max_length=20)
    day = models.DateField(_("day"))
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("imported by")
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("gateway statement")
        verbose_name_plural = _("gateway statements")
        ordering = ["-day", "-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.gateway} {self.day}"


class StatementItem(models.Model):
    """One payment or refund, as the statement and our books have it: matched, on one side only, or with two
    amounts. A difference stays open until finance resolves it with a note."""

    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="items", verbose_name=_("statement")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=StatementKind.choices)
    reference = models.CharField(_("reference"), max_length=32)  # a payment or refund number
    their_amount = MoneyField(_("gateway's amount"), null=True, blank=True)
    our_amount = MoneyField(_("our amount"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=20, choices=MatchResult.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("statement item")
        verbose_name_plural = _("statement items")
        ordering = ["statement", "kind", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "kind", "reference"], name="statement_item_once"),
            models.CheckConstraint(condition=models.Q(result__in=MatchResult.values), name="statement_item_result"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference} · {self.get_result_display()}"


# --- Report rollups -----------------------------------------------------------------------------------------------
# What the reports read (docs/REPORTS.md), kept by a Celery job (settlement.reports.services.rollup_refresh) from
# the ledger and the orders center's events: a year of a million orders is a few hundred thousand rows. Each row
# is a sum; the job only adds to them (a ledger entry, an event is counted once, behind its watermark).


class SalesFigures(models.Model):
    """A store's sales in a span of time (Beijing), from its ledger entries: the orders paid in it and their parts,
    and the refunds made in it as negative parts."""

    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="+", verbose_name=_("store"))
    day = models.DateField(_("day"))
    orders = models.IntegerField(_("orders paid"), default=0)
    first_orders = models.IntegerField(_("first orders at the store"), default=0)  # the shopper's first paid order
    platform_first_orders = models.IntegerField(_("first orders on the platform"), default=0)
    gmv = MoneyField(_("GMV"), default=0)  # what shoppers paid for the orders paid in it, freight included
    refunds = MoneyField(_("refunded"), default=0)  # what went back to shoppers in it, freight included
    quantity = models.IntegerField(_("quantity"), default=0)  # units sold less units refunded
    gross = MoneyField(_("gross"), default=0)
    store_discounts = MoneyField(_("store-funded discounts"), default=0)
    platform_discounts = MoneyField(_("platform-funded discounts"), default=0)
    freight = MoneyField(_("freight"), default=0)
    costed_sales = MoneyField(_("net sales of goods with a cost price"), default=0)
    cost = MoneyField(_("cost of goods"), default=0)

    class Meta:
        abstract = True


class SalesDay(SalesFigures):
    """One store's sales in one day: what the reports by day, month, quarter, year, store and region read."""

    class Meta:
        verbose_name = _("sales by day")
        verbose_name_plural = _("sales by day")
        constraints = [models.UniqueConstraint(fields=["store", "day"], name="sales_day_once")]
        indexes = [models.Index(fields=["day", "store"], name="sales_day_day")]

    def __str__(self) -> str:
        return f"{self.store_id} {self.day}"


class SalesHour(SalesFigures):
    """One store's sales in one hour of one day: what the report by hour of the day reads."""

    hour = models.PositiveSmallIntegerField(_("hour"))

    class Meta:
        verbose_name = _("sales by hour")
        verbose_name_plural = _("sales by hour")
        constraints = [models.UniqueConstraint(fields=["store", "day", "hour"], name="sales_hour_once")]
        indexes = [models.Index(fields=["day", "store"], name="sales_hour_day")]

    def __str__(self) -> str:
        return f"{self.store_id} {self.day} {self.hour}h"


class SalesProductMonth(models.Model):
    """One product's sales at one store in one month: the grain of the reports by product and category."""

    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="+", verbose_name=_("store"))
    month = models.DateField(_("month"))  # its first day
    spu_id = models.PositiveIntegerField(_("product id"))
    category = models.ForeignKey(
        "catalog.BackendCategory",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category"),
    )
    orders = models.IntegerField(_("orders paid"), default=0)
    quantity = models.IntegerField(_("quantity"), default=0)
    gross = MoneyField(_("gross"), default=0)
    store_discounts = MoneyField(_("store-funded discounts"), default=0)
    platform_discounts = MoneyField(_("platform-funded discounts"), default=0)
    costed_sales = MoneyField(_("net sales of goods with a cost price"), default=0)
    cost = MoneyField(_("cost of goods"), default=0)

    class Meta:
        verbose_name = _("sales by product and month")
        verbose_name_plural = _("sales by product and month")
        constraints = [
            models.UniqueConstraint(
                fields=["store", "month", "spu_id", "category"], nulls_distinct=False, name="sales_product_month_once"
            )
        ]
        indexes = [models.Index(fields=["month", "store"], name="sales_product_month")]

    def __str__(self) -> str:
        return f"{self.store_id} {self.month:%Y-%m} spu {self.spu_id}"


class StaffDay(models.Model):
    """What one staff member did for their store in one day: the orders they shipped (a parcel of it, at least)
    and the after-sales requests they answered."""

    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="+", verbose_name=_("store"))
    day = models.DateField(_("day"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("staff member")
    )
    orders_shipped = models.IntegerField(_("orders shipped"), default=0)
    amount_shipped = MoneyField(_("amount of the orders shipped"), default=0)
    after_sales = models.IntegerField(_("after-sales answered"), default=0)

    class Meta:
        verbose_name = _("staff work by day")
        verbose_name_plural = _("staff work by day")
        constraints = [models.UniqueConstraint(fields=["store", "day", "user"], name="staff_day_once")]
        indexes = [models.Index(fields=["day", "store"], name="staff_day_day")]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.store_id} {self.day}"


class FirstOrder(models.Model):
    """A shopper's first paid order at a store (or, with no store, on the platform), as the rollups met them: what
    tells a new shopper's order from a returning one's without reading the shopper's other orders."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("shopper")
    )
    store = models.ForeignKey(
        "stores.Store", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("store")
    )
    order_id = models.BigIntegerField(_("store order id"), db_index=True)

    class Meta:
        verbose_name = _("first order")
        verbose_name_plural = _("first orders")
        constraints = [models.UniqueConstraint(fields=["user", "store"], nulls_distinct=False, name="first_order_once")]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.store_id or '*'}: {self.order_id}"


class Watermark(models.Model):
    """How far a job has read a table whose ids only grow: every row up to `last_id` has been read. The ledger's
    posting reads the order events; the reports' rollups read the ledger and the order events (a row each)."""

    name = models.CharField(_("name"), max_length=20, primary_key=True)
    last_id = models.BigIntegerField(_("last id read"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("watermark")
        verbose_name_plural = _("watermarks")

    def __str__(self) -> str:
        return f"{self.name}: {self.last_id}"
