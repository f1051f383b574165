from django.contrib import admin

from logistics.models import Carrier, FreeShippingRule, FreightRateRule, FreightTemplate


class FreightRateInline(admin.TabularInline):
    model = FreightRateRule
    extra = 0
    filter_horizontal = ["regions"]


class FreeShippingInline(admin.TabularInline):
    model = FreeShippingRule
    extra = 0
    filter_horizontal = ["regions"]


@admin.register(FreightTemplate)
class FreightTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "store", "basis", "is_active", "updated_at"]
    list_filter = ["basis", "is_active"]
    search_fields = ["name", "store__name"]
    list_select_related = ["store"]
    filter_horizontal = ["undeliverable_regions"]
    inlines = [FreightRateInline, FreeShippingInline]


@admin.register(Carrier)
class CarrierAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "max_weight_g", "max_volume_mm3", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code"]
