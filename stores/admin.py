from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from marketplace.exceptions import DomainError
from stores import services
from stores.models import Store, StoreEvent, StoreMembership, StoreStatus, Warehouse


class StoreMembershipInline(admin.TabularInline):
    model = StoreMembership
    extra = 0
    autocomplete_fields = ["user"]


class WarehouseInline(admin.TabularInline):
    model = Warehouse
    extra = 0


class StoreEventInline(admin.TabularInline):
    model = StoreEvent
    extra = 0
    can_delete = False
    fields = ["at", "type", "by", "reason", "data"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Store)
class StoreAdmin(admin.ModelAdmin):
    """Store onboarding: approve applications, freeze and reopen stores. Status changes go through the
    services, so each leaves an event and the applicant becomes the owner."""

    list_display = ["name", "type", "status", "region", "phone", "applicant", "created_at"]
    list_filter = ["status", "type"]
    search_fields = ["name", "phone", "address", "applicant__username"]
    list_select_related = ["applicant"]
    readonly_fields = ["status", "applicant", "created_at", "reviewed_at", "reviewed_by"]
    inlines = [StoreMembershipInline, WarehouseInline, StoreEventInline]
    actions = ["approve", "freeze", "reopen"]

    @admin.action(description=_("Approve selected applications"), permissions=["change"])
    def approve(self, request, queryset):
        self._act(request, queryset, lambda store: services.store_approve(store=store, by=request.user))

    @admin.action(description=_("Freeze selected stores"), permissions=["change"])
    def freeze(self, request, queryset):
        self._act(
            request,
            queryset,
            lambda store: services.store_change_status(
                store=store, status=StoreStatus.FROZEN, by=request.user, reason="frozen in the admin"
            ),
        )

    @admin.action(description=_("Reopen selected stores"), permissions=["change"])
    def reopen(self, request, queryset):
        self._act(
            request,
            queryset,
            lambda store: services.store_change_status(
                store=store, status=StoreStatus.ACTIVE, by=request.user, reason="reopened in the admin"
            ),
        )

    def _act(self, request, queryset, action):
        done = 0
        for store in queryset:
            try:
                action(store)
                done += 1
            except DomainError as error:
                self.message_user(request, f"{store}: {error.detail}", messages.WARNING)
        if done:
            self.message_user(request, _("%(count)d stores updated.") % {"count": done}, messages.SUCCESS)


@admin.register(Warehouse)
class WarehouseAdmin(admin.ModelAdmin):
    list_display = ["name", "store", "region", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "store__name", "address"]
    list_select_related = ["store"]
