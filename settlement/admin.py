from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from settlement.models import (
    Adjustment,
    Bill,
    BillCredit,
    BillEvent,
    BillLine,
    BillRun,
    LedgerEntry,
    MatchResult,
    Payout,
    SettlementTerms,
    Statement,
    StatementItem,
    SupplyPrice,
)


@admin.register(SettlementTerms)
class SettlementTermsAdmin(admin.ModelAdmin):
    """Read here; written through the finance API and console, where a version in force cannot change."""

    list_display = ["store", "effective_from", "mode", "rate", "cycle", "hold_days", "masked_account", "created_by"]
    list_filter = ["mode", "cycle"]
    search_fields = ["store__name"]
    list_select_related = ["store", "created_by"]
    exclude = ["account_number"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in SettlementTerms._meta.fields if field.name != "account_number"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SupplyPrice)
class SupplyPriceAdmin(admin.ModelAdmin):
    list_display = ["sku", "store", "price", "updated_by", "updated_at"]
    search_fields = ["sku__code", "store__name"]
    list_select_related = ["sku", "store", "updated_by"]
    readonly_fields = ["updated_by", "updated_at"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """The ledger and bills are written by the bill run and the services only: the console reads them (a view page,
    with no save button, for finance as for operators)."""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(BillRun)
class BillRunAdmin(ReadOnlyAdmin):
    list_display = ["id", "until", "cycle", "status", "stores_done", "stores_total", "bills_made", "lines_billed"]
    list_filter = ["status", "cycle"]
    date_hierarchy = "started_at"


class ReadOnlyInline(admin.TabularInline):
    """A bill's rows as the run or the services wrote them: shown, never added or removed here."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class BillLineInline(ReadOnlyInline):
    model = BillLine
    fields = ["order", "line", "quantity", "gross", "store_discounts", "platform_discounts", "hq_take", "freight"]
    raw_id_fields = ["order", "line"]


class BillCreditInline(ReadOnlyInline):
    model = BillCredit
    fields = ["kept_payment", "amount"]


class BillEventInline(ReadOnlyInline):
    model = BillEvent
    fields = ["type", "from_status", "to_status", "by", "reason", "at"]


@admin.register(Bill)
class BillAdmin(ReadOnlyAdmin):
    list_display = ["bill_no", "store", "period_start", "period_end", "status", "gross", "hq_take", "store_due"]
    list_filter = ["status", "period_end"]
    search_fields = ["bill_no", "store__name"]
    list_select_related = ["store"]
    inlines = [BillLineInline, BillCreditInline, BillEventInline]

    @admin.display(description=_("store due"))
    def store_due(self, bill: Bill):
        return bill.store_due


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["id", "store", "order", "kind", "quantity", "gross", "store_discounts", "platform_discounts"]
    list_filter = ["kind"]
    search_fields = ["order__order_no", "store__name"]
    list_select_related = ["store", "order"]
    raw_id_fields = ["order", "line", "event"]
    show_full_result_count = False


@admin.register(Adjustment)
class AdjustmentAdmin(ReadOnlyAdmin):
    """Proposed and approved through the finance API and console (four eyes), read here."""

    list_display = ["bill", "amount", "reason", "proposed_by", "approved_by", "created_at", "approved_at"]
    list_select_related = ["bill", "proposed_by", "approved_by"]
    search_fields = ["bill__bill_no", "reason"]


@admin.register(Payout)
class PayoutAdmin(ReadOnlyAdmin):
    list_display = ["payout_no", "bill", "method", "amount", "status", "reference", "failure", "created_at"]
    list_filter = ["status", "method"]
    list_select_related = ["bill"]
    search_fields = ["payout_no", "bill__bill_no", "reference"]


class StatementItemInline(admin.TabularInline):
    model = StatementItem
    fields = ["kind", "reference", "their_amount", "our_amount", "result", "note", "resolved_by", "resolved_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(result=MatchResult.MATCHED)  # the differences

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Statement)
class StatementAdmin(ReadOnlyAdmin):
    """Gateway statements imported by finance; their differences below (resolved through the finance API)."""

    list_display = ["gateway", "day", "file_name", "imported_by", "imported_at"]
    list_filter = ["gateway"]
    date_hierarchy = "day"
    inlines = [StatementItemInline]
