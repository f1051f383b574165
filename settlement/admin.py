from django.contrib import admin

from settlement.models import SettlementTerms, SupplyPrice


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

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SupplyPrice)
class SupplyPriceAdmin(admin.ModelAdmin):
    list_display = ["sku", "store", "price", "updated_by", "updated_at"]
    search_fields = ["sku__code", "store__name"]
    list_select_related = ["sku", "store", "updated_by"]
    readonly_fields = ["updated_by", "updated_at"]
