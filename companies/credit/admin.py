"""The operators' console for companies' credit (decision 0043): statements read with their orders and payments, a
bank transfer recorded against one (the action bar's amount and reference), last month's statement written by hand,
overdue companies filtered on the companies' list."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.utils.translation import gettext_lazy as _

from companies.credit import services
from companies.models import CreditNote, CreditStatement, CreditStatementLine, Repayment, RepaymentVia
from marketplace.exceptions import DomainError


class StatementLineInline(admin.TabularInline):
    model = CreditStatementLine
    extra = 0
    can_delete = False
    fields = readonly_fields = ["credit_order", "carried", "opening", "charged", "refunded", "repaid", "closing"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PaymentInline(StatementLineInline):
    model = Repayment
    fields = readonly_fields = ["at", "amount", "reference", "via", "by"]


class TransferForm(ActionForm):
    """What a bank transfer recorded from the action bar needs."""

    amount = forms.CharField(label=_("amount"), required=False, max_length=20)
    reference = forms.CharField(label=_("bank reference"), required=False, max_length=64)


@admin.register(CreditStatement)
class CreditStatementAdmin(admin.ModelAdmin):
    list_display = ["company", "month", "due_on", "closing", "balance"]
    list_filter = ["month"]
    search_fields = ["company__name", "company__credit_code"]
    fields = readonly_fields = ["company", "month", "due_on", "opening", "charges", "refunds", "repayments", "closing"]
    inlines = [StatementLineInline, PaymentInline]
    action_form = TransferForm
    actions = ["record_transfer"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("still owed"))
    def balance(self, statement) -> Decimal:
        return services.statement_balance(statement)

    @admin.action(description=_("Record a bank transfer against the selected statement"), permissions=["change"])
    def record_transfer(self, request, queryset):
        statements = list(queryset[:2])
        reference = (request.POST.get("reference") or "").strip()
        try:
            amount = Decimal(request.POST.get("amount") or "")
        except InvalidOperation:
            amount = None
        if len(statements) != 1 or not reference or amount is None or amount <= 0 or amount != round(amount, 2):
            message = _("Choose one statement and give the transfer's amount (yuan, to the cent) and bank reference.")
            self.message_user(request, message, messages.ERROR)
            return
        [statement] = statements
        try:
            services.repayment_record(
                company=statement.company,
                statement=statement,
                amount=amount,
                reference=reference,
                via=RepaymentVia.TRANSFER,
                by=request.user,
            )
        except DomainError as error:
            self.message_user(request, f"{statement}: {error.detail}", messages.ERROR)
            return
        self.message_user(request, _("The transfer was recorded and allocated."), messages.SUCCESS)


@admin.register(CreditNote)
class CreditNoteAdmin(admin.ModelAdmin):
    """What refunds of repaid orders on credit left companies owed: read here; used by their next statement, or
    paid back by finance (/api/v1/finance/credit-notes/)."""

    list_display = ["refund_no", "company", "credit_order", "amount", "used", "paid_back", "at"]
    search_fields = ["company__name", "refund_no", "credit_order__order_no"]
    list_select_related = ["company", "credit_order"]
    fields = readonly_fields = [
        "company",
        "credit_order",
        "refund_no",
        "amount",
        "used",
        "paid_back",
        "paid_back_reference",
        "at",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
