"""Operators' presales (platform funded: the extra value of the deposit is the platform's): set up here, checked by
the service's rules, then published or cancelled from the list. Deposits are read-only."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from marketplace.exceptions import DomainError
from presales import events
from presales.models import Presale, PresaleDeposit, PresaleEventType, PresaleStatus
from presales.services import PresaleInput, presale_cancel, presale_check, presale_publish

INPUT_FIELDS = [
    "name",
    "sku",
    "deposit",
    "counted",
    "per_member_limit",
    "exclusive",
    "deposit_starts_at",
    "deposit_ends_at",
    "balance_starts_at",
    "balance_ends_at",
]


class PresaleForm(forms.ModelForm):
    """The service's rules (presales.services.presale_check) on the admin's form; an operator may name any SKU."""

    class Meta:
        model = Presale
        fields = INPUT_FIELDS

    def clean(self):
        cleaned = super().clean()
        values = {name: cleaned.get(name) for name in INPUT_FIELDS}
        if all(value is not None for value in values.values()):
            values["sku_id"] = values.pop("sku").pk
            try:
                presale_check(
                    store=self.instance.store if self.instance.store_id else None, values=PresaleInput(**values)
                )
            except DomainError as error:
                for name, found in error.fields.items():
                    self.add_error(name if name in self.fields else None, [str(message) for message in found])
        return cleaned


class DepositInline(admin.TabularInline):
    model = PresaleDeposit
    extra = 0
    can_delete = False
    fields = ["user", "quantity", "status", "deposit_order", "balance_order", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Presale)
class PresaleAdmin(admin.ModelAdmin):
    form = PresaleForm
    list_display = ["name", "store", "sku", "deposit", "counted", "status", "deposit_starts_at", "balance_ends_at"]
    list_filter = ["status"]
    raw_id_fields = ["sku"]
    inlines = [DepositInline]
    actions = ["publish", "cancel"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("store", "sku")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            events.record(presale=obj, type=PresaleEventType.CREATED, by=request.user)

    def has_change_permission(self, request, obj=None):
        """Only a draft's setup changes: deposits are taken under a published presale's terms."""
        if obj is not None and obj.status != PresaleStatus.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        """A presale is cancelled, never deleted: its deposits are orders."""
        return False

    def _run(self, request, queryset, action, done):
        for presale in queryset:
            try:
                action(presale=presale, by=request.user)
            except DomainError as error:
                self.message_user(request, f"{presale}: {error.detail}", messages.ERROR)
            else:
                self.message_user(request, done % {"name": presale.name})

    @admin.action(description=_("Publish: show on the storefront"))
    def publish(self, request, queryset):
        self._run(request, queryset, presale_publish, _("Published: %(name)s"))

    @admin.action(description=_("Cancel: refund every deposit not used yet"))
    def cancel(self, request, queryset):
        self._run(request, queryset, presale_cancel, _("Cancelled: %(name)s"))
