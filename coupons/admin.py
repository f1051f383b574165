"""Operators' view of the coupons center. Templates change through the services (the API or the stop action),
so the admin shows them read-only: a form saved here would skip the checks and the event row."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coupons import services
from coupons.models import CouponTemplate, CouponTemplateEvent, RedeemBatch, TemplateStatus, UserCoupon
from marketplace.exceptions import DomainError


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class TemplateEventInline(admin.TabularInline):
    model = CouponTemplateEvent
    extra = 0
    fields = ["at", "type", "by", "data"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CouponTemplate)
class CouponTemplateAdmin(ReadOnlyAdmin):
    list_display = [
        "name",
        "store",
        "kind",
        "value",
        "threshold",
        "issued",
        "total",
        "issue_mode",
        "status",
        "valid_to",
    ]
    list_filter = ["status", "kind", "issue_mode", "public", "issue_on_register", ("store", admin.EmptyFieldListFilter)]
    search_fields = ["name", "store__name"]
    list_select_related = ["store"]
    date_hierarchy = "created_at"
    inlines = [TemplateEventInline]
    actions = ["stop"]

    def has_change_permission(self, request, obj=None) -> bool:
        # On the list it lets operators run the stop action; one template is only viewed.
        return obj is None and request.user.has_perm("coupons.change_coupontemplate")

    @admin.action(description=_("Stop selected coupons (issued ones stay usable)"), permissions=["change"])
    def stop(self, request, queryset):
        stopped = 0
        for template in queryset.filter(status=TemplateStatus.ACTIVE):
            try:
                services.coupon_template_stop(template=template, by=request.user)
                stopped += 1
            except DomainError as error:
                self.message_user(request, f"{template}: {error.detail}", messages.WARNING)
        if stopped:
            message = ngettext("%(n)d coupon stopped.", "%(n)d coupons stopped.", stopped) % {"n": stopped}
            self.message_user(request, message, messages.SUCCESS)


@admin.register(UserCoupon)
class UserCouponAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "template",
        "user",
        "status",
        "source",
        "valid_to",
        "locked_by_kind",
        "locked_by",
        "used_order_no",
    ]
    list_filter = ["status", "source"]
    search_fields = ["user__username", "user__phone", "template__name", "locked_by", "used_order_no"]
    list_select_related = ["template", "user"]
    raw_id_fields = ["template", "user", "returned_from"]


@admin.register(RedeemBatch)
class RedeemBatchAdmin(ReadOnlyAdmin):
    """Batches of coupon codes and of gift-card (stored value) codes are made through the platform API, which shows
    the plain codes once; here they are followed."""

    list_display = [
        "name",
        "kind",
        "template",
        "amount",
        "quantity",
        "redeemed",
        "redeemable_to",
        "created_by",
        "created_at",
    ]
    list_filter = ["kind"]
    search_fields = ["name", "template__name"]
    list_select_related = ["template", "created_by"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(redeemed=Count("codes", filter=Q(codes__redeemed_at__isnull=False)))
        )

    @admin.display(description=_("redeemed"), ordering="redeemed")
    def redeemed(self, batch) -> int:
        return batch.redeemed
