from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from marketplace.models import Banner


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
