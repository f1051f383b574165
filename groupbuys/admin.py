"""Operators' group buys (platform funded): created with the admin's form, checked by the service's rules; stopped
from the list. Groups read only, with their members."""

from dataclasses import fields

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from groupbuys.models import Campaign, CampaignStatus, Group, Member
from groupbuys.services import CampaignInput, campaign_check, campaign_create, campaign_stop
from marketplace.exceptions import DomainError

# The service's input, as the model's fields name it (the SKU as `sku`).
INPUT_FIELDS = [field.name.removesuffix("_id") for field in fields(CampaignInput)]


class CampaignForm(forms.ModelForm):
    """The service's rules (groupbuys.services.campaign_check) on the admin's form: any store's SKU."""

    class Meta:
        model = Campaign
        fields = INPUT_FIELDS

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        values = {name: cleaned.get(name) for name in INPUT_FIELDS if name != "sku"}
        try:
            campaign_check(store=None, data=CampaignInput(sku_id=cleaned["sku"].pk, **values))
        except DomainError as error:
            for name, found in error.fields.items():
                for message in found:
                    self.add_error(name if name in self.fields else None, message)
        return cleaned


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    form = CampaignForm
    list_display = ["name", "store", "sku", "group_price", "group_size", "hours", "starts_at", "ends_at", "status"]
    list_filter = ["status"]
    raw_id_fields = ["sku"]
    actions = ["stop"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("store", "sku")

    def has_change_permission(self, request, obj=None):
        """A campaign's terms are what its groups were sold on: they do not change once created."""
        if obj is not None:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        """A new operator's campaign: through the service (its event), platform funded."""
        data = CampaignInput(sku_id=obj.sku_id, **{name: getattr(obj, name) for name in INPUT_FIELDS if name != "sku"})
        obj.pk = campaign_create(store=None, by=request.user, data=data).pk

    @admin.action(description=_("Stop: open no more groups"))
    def stop(self, request, queryset):
        for campaign in queryset.filter(status=CampaignStatus.ACTIVE):
            try:
                campaign_stop(campaign=campaign, by=request.user)
            except DomainError as error:
                self.message_user(request, f"{campaign}: {error.detail}", messages.ERROR)
            else:
                self.message_user(request, _("Stopped: %(name)s") % {"name": campaign.name})


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0
    can_delete = False
    fields = ["user", "order", "quantity", "is_opener", "status", "joined_at", "paid_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["pk", "campaign", "opener", "size", "status", "opened_at", "expires_at", "filled"]
    list_filter = ["status"]
    inlines = [MemberInline]
    readonly_fields = ["campaign", "opener", "size", "status", "opened_at", "expires_at", "closed_at", "filled"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("campaign", "opener")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
