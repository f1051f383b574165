"""The operators' console for deals (decision 0042): every store's quotes and assisted orders, read with their lines
and history, filtered by status, origin and store. Deals change only through their services: the one action
approves the selected offers beyond their store's threshold, for an operator holding the platform's approval
permission (companies.approve_deal), never one they sent. Prices are changed through the platform API."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from companies.deals import services
from companies.models import Deal, DealEvent, DealLine, DealStatus
from marketplace.exceptions import DomainError


class DealLineInline(admin.TabularInline):
    model = DealLine
    extra = 0
    can_delete = False
    fields = readonly_fields = ["sku", "title", "quantity", "list_price", "unit_price"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DealEventInline(DealLineInline):
    model = DealEvent
    fields = readonly_fields = ["at", "type", "by", "reason", "data"]


@admin.register(Deal)
class DealAdmin(admin.ModelAdmin):
    list_display = ["number", "company", "store", "buyer", "origin", "status", "valid_until", "order_no", "created_at"]
    list_filter = ["status", "origin", "store"]
    search_fields = ["company__name", "store__name", "buyer__username", "order_no", "trade_no"]
    list_select_related = ["company", "store", "buyer"]
    fields = readonly_fields = [
        "company",
        "store",
        "buyer",
        "origin",
        "status",
        "note",
        "special_discount",
        "valid_until",
        "terms",
        "offered_by",
        "approved_by",
        "trade_no",
        "order_no",
        "buyer_confirmed_by",
        "store_confirmed_by",
        "created_at",
    ]
    inlines = [DealLineInline, DealEventInline]
    actions = ["approve"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_approve_permission(self, request) -> bool:
        return services.may_approve_for_platform(request.user)

    @admin.action(description=_("Approve the selected offers beyond their store's threshold"), permissions=["approve"])
    def approve(self, request, queryset):
        approved = 0
        for deal in queryset.filter(status=DealStatus.AWAITING_APPROVAL):
            try:
                services.deal_approve(deal=deal, by=request.user)
            except DomainError as error:
                self.message_user(request, f"{deal}: {error.detail}", messages.ERROR)
            else:
                approved += 1
        self.message_user(request, _("%(n)d offers approved.") % {"n": approved}, messages.SUCCESS)
