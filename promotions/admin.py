from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from marketplace.exceptions import DomainError
from promotions import services
from promotions.models import Promotion, PromotionEvent


class PromotionEventInline(admin.TabularInline):
    model = PromotionEvent
    extra = 0
    can_delete = False
    fields = ["at", "type", "by", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Promotion)
class PromotionAdmin(admin.ModelAdmin):
    """Operators review every promotion here and stop the ones that must end. Promotions are created through
    the API (seller or platform), where their rules and overlaps are checked."""

    list_display = ["name", "kind", "store", "starts_at", "ends_at", "funder", "status"]
    list_filter = ["status", "kind", "funder", "lane"]
    search_fields = ["name", "store__name"]
    list_select_related = ["store"]
    date_hierarchy = "starts_at"
    readonly_fields = [field.name for field in Promotion._meta.fields]
    inlines = [PromotionEventInline]
    actions = ["stop"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Stop selected promotions"), permissions=["change"])
    def stop(self, request, queryset):
        for promotion in queryset:
            try:
                services.promotion_stop(promotion=promotion, by=request.user, reason="stopped in the admin")
            except DomainError as error:
                self.message_user(request, f"{promotion}: {error.detail}", messages.WARNING)
