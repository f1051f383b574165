from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from members.models import Address, ApiToken, MemberLevel, PointsEntry, PointsRule, StoredValueEntry, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "phone",
        "level",
        "points_balance",
        "stored_value_balance",
        "is_staff",
        "is_active",
        "date_joined",
    ]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "level"]
    search_fields = ["username", "phone", "email", "first_name", "last_name"]
    readonly_fields = ["points_balance", "stored_value_balance"]  # change only through their ledgers
    fieldsets = [
        *BaseUserAdmin.fieldsets[:1],
        (_("Contact"), {"fields": ["phone", "email", "first_name", "last_name"]}),
        (_("Membership"), {"fields": ["level", "growth", "points_balance", "stored_value_balance"]}),
        *BaseUserAdmin.fieldsets[2:],
    ]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens can be looked at and revoked; they are never created or edited by hand."""

    list_display = ["user", "created_at", "expires_at"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
    readonly_fields = ["user", "digest", "created_at", "expires_at"]

    def has_add_permission(self, request):
        return False


@admin.register(MemberLevel)
class MemberLevelAdmin(admin.ModelAdmin):
    list_display = ["name", "growth_threshold", "price_percent"]


@admin.register(PointsRule)
class PointsRuleAdmin(admin.ModelAdmin):
    """A new rule is a new row (the history stays); the newest is in force."""

    list_display = ["created_at", "points_per_yuan", "points_per_yuan_off", "max_order_share_percent", "valid_days"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PointsEntry)
class PointsEntryAdmin(admin.ModelAdmin):
    """The ledger is read-only here: balances change only through the points services."""

    list_display = ["user", "delta", "balance_after", "reason", "reference", "expires_at", "created_at"]
    list_filter = ["reason"]
    search_fields = ["user__username", "reference"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StoredValueEntry)
class StoredValueEntryAdmin(admin.ModelAdmin):
    """The stored-value ledger, read-only: balances change only through the stored-value services (redeem codes,
    orders paid and refunded)."""

    list_display = ["user", "delta", "balance_after", "reason", "reference", "created_at"]
    list_filter = ["reason"]
    search_fields = ["user__username", "user__phone", "reference"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "phone", "region", "detail", "is_default"]
    search_fields = ["user__username", "name", "phone", "detail"]
    list_select_related = ["user", "region"]
    autocomplete_fields = ["user"]
    raw_id_fields = ["region"]
