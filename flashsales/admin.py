"""Operators' flash-sale sessions (platform funded): set up with their SKUs, then published or cancelled from the
list."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from flashsales.models import FlashItem, FlashSession, SessionStatus
from flashsales.services import flash_session_cancel, flash_session_publish
from marketplace.exceptions import DomainError


class FlashItemForm(forms.ModelForm):
    """The service's rules for an item (flashsales.services.flash_session_create), on the admin's inline."""

    class Meta:
        model = FlashItem
        fields = ["sku", "flash_price", "quantity"]

    def clean(self):
        cleaned = super().clean()
        sku, price = cleaned.get("sku"), cleaned.get("flash_price")
        if sku is not None and price is not None and not price < sku.price:
            self.add_error("flash_price", _("A flash price is below the SKU's price."))
        store = getattr(self.instance.session, "store_id", None) if self.instance.session_id else None
        if sku is not None and store is not None and sku.store_id != store:
            self.add_error("sku", _("Unknown SKU."))
        return cleaned


class FlashItemInline(admin.TabularInline):
    model = FlashItem
    form = FlashItemForm
    extra = 1
    raw_id_fields = ["sku"]
    readonly_fields = ["warehouse", "sold", "returned"]


@admin.register(FlashSession)
class FlashSessionAdmin(admin.ModelAdmin):
    list_display = ["name", "store", "status", "starts_at", "ends_at", "per_member_limit", "exclusive"]
    list_filter = ["status"]
    readonly_fields = ["status", "published_at", "ended_at", "created_by"]
    raw_id_fields = ["store"]
    inlines = [FlashItemInline]
    actions = ["publish", "cancel"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("store")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_change_permission(self, request, obj=None):
        """A published session's items are in the gate: only drafts change."""
        if obj is not None and obj.status != SessionStatus.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    @admin.action(description=_("Publish: take the flash quantities from stock and open the gate"))
    def publish(self, request, queryset):
        self._each(request, queryset, flash_session_publish, _("Published: %(name)s"))

    @admin.action(description=_("Cancel: a session not started gives its units back; a live one stops selling now"))
    def cancel(self, request, queryset):
        self._each(request, queryset, flash_session_cancel, _("Cancelled: %(name)s"))

    def _each(self, request, queryset, service, done: str) -> None:
        """`service` on each chosen session, a message for each (a refusal in its own words)."""
        for session in queryset:
            try:
                service(session=session, by=request.user)
            except DomainError as error:
                self.message_user(request, f"{session}: {error.detail}", messages.ERROR)
            else:
                self.message_user(request, done % {"name": session.name})
