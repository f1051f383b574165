from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from marketplace.models import Banner, OutboxMessage
from marketplace.outbox import outbox_retry


@admin.register(Banner)
class BannerAdmin(admin.ModelAdmin):
    """Home-page banners: operators see at a glance which are on the page now and reorder them in the list."""

    list_display = ["title", "preview", "link", "sort_order", "starts_at", "ends_at", "is_active", "shown_now"]
    list_editable = ["sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["title", "link"]
    date_hierarchy = "starts_at"

    @admin.display(description=_("picture"))
    def preview(self, banner):
        return format_html('<img src="{}" alt="" style="height:40px">', banner.image.url) if banner.image else ""

    @admin.display(description=_("shown now"), boolean=True)
    def shown_now(self, banner):
        return banner.is_effective(timezone.now())


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """What leaves the database after commit (gateway refunds, e-mail, SMS: decision 0016). Read-only: a row is
    delivered by the workers; a stuck one (every attempt failed) is listed under its status and retried here once
    the cause in its last error is fixed."""

    list_display = ["kind", "key", "status", "attempts", "next_attempt_at", "error", "created_at", "delivered_at"]
    list_filter = ["status", "kind"]
    search_fields = ["key"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in OutboxMessage._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("last error"))
    def error(self, message: OutboxMessage) -> str:
        return Truncator(message.last_error).chars(80)

    @admin.action(description=_("Retry now"), permissions=["change"])
    def retry_now(self, request, queryset):
        retried = outbox_retry(message_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            _("%(retried)d will be delivered again now; delivered ones and those being delivered are left.")
            % {"retried": retried},
        )
