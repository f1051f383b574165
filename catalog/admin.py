"""The operators' catalog: both category trees (drag and drop), brands, attribute templates, and the product
review queue. Products change state only through the services, so every change leaves an event; their content
is the store's and is read-only here."""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from mptt.admin import DraggableMPTTAdmin

from catalog import services
from catalog.models import (
    Attribute,
    AttributeValue,
    BackendCategory,
    Brand,
    ListingPrice,
    Sku,
    Spu,
    SpuAttribute,
    SpuEvent,
    SpuImage,
    SpuReview,
    SpuStatus,
    Stock,
    StockMovement,
    StorefrontCategory,
    StoreListing,
)
from marketplace.exceptions import DomainError


class AttributeInline(admin.TabularInline):
    model = Attribute
    extra = 0
    fields = ["name", "kind", "required", "custom_allowed", "filterable", "sort_order"]
    show_change_link = True  # the values are edited on the attribute's own page


@admin.register(BackendCategory)
class BackendCategoryAdmin(DraggableMPTTAdmin):
    """后台类目. Four levels at most (the form says so before the database would); products bind to leaves."""

    list_display = ["tree_actions", "indented_title", "is_active", "spu_count"]
    list_display_links = ["indented_title"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    inlines = [AttributeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(spu_total=Count("spus"))

    @admin.display(description=_("products"), ordering="spu_total")
    def spu_count(self, category) -> int:
        return category.spu_total


@admin.register(StorefrontCategory)
class StorefrontCategoryAdmin(DraggableMPTTAdmin):
    """前台类目: seasonal; each maps to backend categories (their whole subtrees) and, optionally, brands."""

    list_display = ["tree_actions", "indented_title", "is_active"]
    list_display_links = ["indented_title"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    filter_horizontal = ["backend_categories", "brands"]


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ["name", "english_name", "origin", "is_active"]
    list_filter = ["is_active", "origin"]
    search_fields = ["name", "english_name"]
    filter_horizontal = ["categories"]


class AttributeValueInline(admin.TabularInline):
    model = AttributeValue
    extra = 1


@admin.register(Attribute)
class AttributeAdmin(admin.ModelAdmin):
    """One attribute of a category's template, with its value list."""

    list_display = ["name", "category", "kind", "required", "custom_allowed", "filterable", "sort_order"]
    list_filter = ["kind", "required", "filterable"]
    search_fields = ["name", "category__name"]
    list_select_related = ["category"]
    autocomplete_fields = ["category"]
    inlines = [AttributeValueInline]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SkuInline(ReadOnlyInline):
    model = Sku
    fields = ["spec_values", "price", "market_price", "cost_price", "code", "barcode", "weight_g", "is_active"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("spu")

    @admin.display(description=_("specs"))
    def spec_values(self, sku: Sku) -> str:
        """The SKU's specs as a reviewer reads them ("颜色: 黑色 / 内存: 128G"), in the product's order of its
        specs, not as JSON (which keeps its keys in its own order)."""
        order = [spec.get("name") for spec in sku.spu.specs or []]
        names = sorted(sku.specs or {}, key=lambda name: order.index(name) if name in order else len(order))
        return " / ".join(f"{name}: {sku.specs[name]}" for name in names) or "-"


class SpuAttributeInline(ReadOnlyInline):
    model = SpuAttribute
    fields = ["attribute", "value"]


class SpuImageInline(ReadOnlyInline):
    model = SpuImage
    fields = ["preview", "kind", "spec_value", "sort_order"]

    @admin.display(description=_("image"))
    def preview(self, image: SpuImage) -> str:
        """The picture itself, small, linked to the full size: a reviewer judges what shoppers will see."""
        if not image.image:
            return "-"
        small = image.thumbnails.get("240")
        url = default_storage.url(small) if small else image.image.url
        picture = '<a href="{}"><img src="{}" alt="" class="admin-preview" width="120"></a>'
        return format_html(picture, image.image.url, url)


class SpuEventInline(ReadOnlyInline):
    model = SpuEvent
    fields = ["at", "type_label", "by", "reason", "details"]

    @admin.display(description=_("event"))
    def type_label(self, event: SpuEvent) -> str:
        return event.type_label

    @admin.display(description=_("details"))
    def details(self, event: SpuEvent) -> str:
        """A status change as its labels ("待审核 → 已上架"), anything else as "key: value"."""
        data = dict(event.data or {})
        labels = dict(SpuStatus.choices)
        moved = [str(labels.get(data.pop(key), "")) for key in ("old", "new") if key in data]
        parts = [" → ".join(moved)] if moved else []
        parts += [f"{key}: {value}" for key, value in data.items()]
        return "; ".join(parts) or "-"


SPU_FIELDS = [
    "store",
    "category",
    "brand",
    "title",
    "subtitle",
    "goods_code",
    "status",
    "reject_reason",
    "on_shelf_at",
    "off_shelf_at",
    "min_price",
    "max_price",
    "market_price",
    "stock",
    "sales",
    "spec_list",
    "description_pc",
    "description_mobile",
    "after_sales",
    "freight_template",
    "shipping_category",
    "created_at",
    "updated_at",
]


@admin.register(Spu)
class SpuAdmin(admin.ModelAdmin):
    """Products of every store. Approve / reject (with a reason) and forced off-shelf go through the services."""

    list_display = ["title", "store", "category", "brand", "status", "min_price", "stock", "sales", "updated_at"]
    list_filter = ["status", "store__type", "category", "brand"]
    search_fields = ["title", "goods_code", "skus__code", "store__name"]
    list_select_related = ["store", "category", "brand"]
    readonly_fields = SPU_FIELDS
    fields = SPU_FIELDS
    inlines = [SpuAttributeInline, SkuInline, SpuImageInline, SpuEventInline]
    actions = ["approve", "reject", "take_off_shelf"]
    show_full_result_count = False

    @admin.display(description=_("specs"))
    def spec_list(self, spu: Spu) -> str:
        """The specs as a reviewer reads them ("净含量: 100g, 250g / 颜色: 黑色"), not as JSON."""
        specs = spu.specs or []
        return " / ".join(f"{spec.get('name')}: {', '.join(map(str, spec.get('values', [])))}" for spec in specs) or "-"

    def has_add_permission(self, request):
        return False  # stores publish through the seller API, which checks the template

    def has_delete_permission(self, request, obj=None):
        return False  # a product leaves the shelf (an action here), it is never deleted: orders point at it

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The review buttons of a product's page (templates admin/catalog/spu/change_form.html): approve, or reject
        with the reason typed beside the button, through the services; anything else is Django's read-only page."""
        if request.method == "POST" and ("_approve" in request.POST or "_reject" in request.POST):
            return self._review(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def _review(self, request, object_id):
        spu = self.get_object(request, object_id)
        if spu is None or not self.has_change_permission(request, spu):
            raise PermissionDenied
        this = Spu.objects.filter(pk=spu.pk)
        if "_approve" in request.POST:
            self._act(request, this, lambda spu: services.spu_approve(spu=spu, by=request.user))
            return redirect(request.path)
        reason = request.POST.get("reason", "").strip()
        if not reason:
            self.message_user(request, _("Say why the product is rejected."), messages.ERROR)
        else:
            self._act(request, this, lambda spu: services.spu_reject(spu=spu, by=request.user, reason=reason))
        return redirect(request.path)

    @admin.action(description=_("Approve selected products"), permissions=["change"])
    def approve(self, request, queryset):
        self._act(request, queryset, lambda spu: services.spu_approve(spu=spu, by=request.user))

    @admin.action(description=_("Reject selected products (asks for the reason)"), permissions=["change"])
    def reject(self, request, queryset):
        reason = request.POST.get("reason", "").strip()
        if "apply" not in request.POST or not reason:
            return render(
                request,
                "admin/catalog/spu/reject.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Reject products"),
                    "products": queryset,
                    "action_checkbox_name": ACTION_CHECKBOX_NAME,
                    "opts": self.model._meta,
                    "missing_reason": "apply" in request.POST,
                },
            )
        self._act(request, queryset, lambda spu: services.spu_reject(spu=spu, by=request.user, reason=reason))
        return None

    @admin.action(description=_("Take selected products off the shelf"), permissions=["change"])
    def take_off_shelf(self, request, queryset):
        self._act(
            request,
            queryset,
            lambda spu: services.spu_take_off_shelf(spu=spu, by=request.user, reason="taken off by an operator"),
        )

    def _act(self, request, queryset, action):
        done = 0
        for spu in queryset:
            try:
                action(spu)
                done += 1
            except DomainError as error:
                self.message_user(request, f"{spu}: {error.detail}", messages.WARNING)
        if done:
            self.message_user(request, _("%(count)d products updated.") % {"count": done}, messages.SUCCESS)


@admin.register(SpuReview)
class SpuReviewAdmin(SpuAdmin):
    change_form_template = "admin/catalog/spu/change_form.html"  # the same page, with its review buttons
    list_display = ["title", "store", "category", "brand", "min_price", "max_price", "updated_at"]
    list_filter = ["store__type", "category", "brand"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status=SpuStatus.PENDING_REVIEW).order_by("updated_at")


@admin.register(Stock)
class StockAdmin(admin.ModelAdmin):
    """Read-only: stock changes through the stock services, which keep the SPU totals and write movements."""

    list_display = ["sku", "warehouse", "on_hand", "reserved", "updated_at"]
    list_filter = ["warehouse__store"]
    search_fields = ["sku__code", "sku__spu__title", "warehouse__name"]
    list_select_related = ["sku", "warehouse__store"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StockMovement)
class StockMovementAdmin(StockAdmin):
    list_display = ["at", "sku", "warehouse", "kind", "on_hand_delta", "reserved_delta", "reference", "by", "reason"]
    list_filter = ["kind", "warehouse__store"]
    search_fields = ["reference", "sku__code", "sku__spu__title"]
    list_select_related = ["sku", "warehouse__store", "by"]


class ListingPriceInline(admin.TabularInline):
    """The store's own prices, set by the store where HQ allows it (catalog.services.listings.listing_price_set)."""

    model = ListingPrice
    extra = 0
    fields = ["sku", "price", "updated_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(StoreListing)
class StoreListingAdmin(admin.ModelAdmin):
    """Which franchise and direct stores sell which HQ products, and whether HQ lets them set their own price (not
    below the floor: decision 0037)."""

    inlines = [ListingPriceInline]
    list_display = ["spu", "store", "is_active", "store_price_allowed", "price_floor_percent", "created_at"]
    list_editable = ["store_price_allowed", "price_floor_percent"]
    list_filter = ["is_active", "store"]
    search_fields = ["spu__title", "store__name"]
    list_select_related = ["spu", "store"]
    raw_id_fields = ["spu"]
