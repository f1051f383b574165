from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from marketplace.exceptions import DomainError
from orders.aftersales import services as aftersales
from orders.models import (
    OrderEvent,
    OrderLine,
    Parcel,
    ParcelEvent,
    ParcelLine,
    PaymentShare,
    Refund,
    RefundLine,
    RefundStatus,
    ReturnedPayment,
    StoreOrder,
)


class ParcelLineInline(admin.TabularInline):
    model = ParcelLine
    extra = 0
    can_delete = False
    fields = readonly_fields = ["order_line", "sku", "quantity"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ParcelEventInline(admin.TabularInline):
    model = ParcelEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = ["at", "status", "location", "description"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Parcel)
class ParcelAdmin(admin.ModelAdmin):
    """Read-only: parcels are written by the split and shipped by the store (stock moves with them)."""

    list_display = ["id", "order", "warehouse", "status", "carrier", "tracking_no", "over_limit", "shipped_at"]
    list_filter = ["status", "shipping_category", "over_limit"]
    search_fields = ["order__order_no", "tracking_no"]
    list_select_related = ["order", "warehouse", "carrier"]
    inlines = [ParcelLineInline, ParcelEventInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Parcel._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = [
        "title",
        "specs",
        "unit_price",
        "quantity",
        "amount",
        "promotion_discount",
        "coupon_discount",
        "points_discount",
        "payable",
        "stored_value",
        "gift",
        "commission_percent",
        "warehouse",
        "refunded_quantity",
        "refunded_amount",
    ]


class OrderEventInline(ReadOnlyInline):
    model = OrderEvent
    fields = ["at", "type", "from_status", "to_status", "by", "reason_code", "reason", "refund", "data"]
    ordering = ["at", "id"]


class PaymentShareInline(ReadOnlyInline):
    """The order's shares of payments: which payment, its gateway and the shopper's channel (支付方式)."""

    model = PaymentShare
    fields = ["payment", "payment_status", "gateway", "paid_with", "amount", "refunded"]
    verbose_name_plural = _("payments")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("payment")

    @admin.display(description=_("status"))
    def payment_status(self, share: PaymentShare) -> str:
        return share.payment.get_status_display()

    @admin.display(description=_("gateway"))
    def gateway(self, share: PaymentShare) -> str:
        return share.payment.method

    @admin.display(description=_("paid with"))
    def paid_with(self, share: PaymentShare) -> str:
        return share.payment.get_channel_display()


class RefundInline(ReadOnlyInline):
    model = Refund
    fields = ["refund_no", "kind", "status", "amount", "freight", "stored_value", "reason", "reject_reason"]
    show_change_link = True


@admin.register(StoreOrder)
class StoreOrderAdmin(admin.ModelAdmin):
    """Orders are read here, never edited: every change goes through the orders services and leaves an event."""

    list_display = [
        "order_no",
        "trade",
        "store",
        "user",
        "status",
        "payable",
        "paid_amount",
        "refunded_amount",
        "created_at",
    ]
    list_filter = ["status", "cross_border", "store"]
    search_fields = ["order_no", "trade__trade_no", "payment_no", "user__username", "receiver_phone"]
    list_select_related = ["trade", "store", "user"]
    date_hierarchy = "created_at"
    inlines = [OrderLineInline, PaymentShareInline, RefundInline, OrderEventInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in StoreOrder._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class RefundLineInline(ReadOnlyInline):
    model = RefundLine
    fields = ["line", "quantity", "amount", "points_discount"]


@admin.register(Refund)
class RefundAdmin(admin.ModelAdmin):
    """After-sales requests; operators arbitrate the escalated ones with the actions (平台介入)."""

    list_display = ["refund_no", "order", "kind", "status", "amount", "reason", "reject_reason", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["refund_no", "order__order_no", "user__username"]
    list_select_related = ["order"]
    inlines = [RefundLineInline]
    actions = ["grant", "close"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Refund._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Arbitrate: grant the refund"), permissions=["arbitrate"])
    def grant(self, request, queryset):
        self._arbitrate(request, queryset, grant=True)

    @admin.action(description=_("Arbitrate: close the request"), permissions=["arbitrate"])
    def close(self, request, queryset):
        self._arbitrate(request, queryset, grant=False)

    def has_arbitrate_permission(self, request) -> bool:
        return request.user.has_perm("orders.arbitrate_refund")

    def _arbitrate(self, request, queryset, *, grant: bool) -> None:
        done = 0
        for refund in queryset.filter(status=RefundStatus.ARBITRATING):
            try:
                aftersales.refund_arbitrate(refund=refund, by=request.user, grant=grant)
            except DomainError as error:
                self.message_user(request, f"{refund.refund_no}: {error.detail}", messages.ERROR)
            else:
                done += 1
        self.message_user(request, _("%(done)d decided; only requests under arbitration can be.") % {"done": done})


@admin.register(ReturnedPayment)
class ReturnedPaymentAdmin(admin.ModelAdmin):
    """Read-only: payments sent back because the gateway's notification came after their order was cancelled."""

    list_display = ["refund_no", "order_no", "amount", "reason", "status", "created_at", "sent_at"]
    list_filter = ["status", "reason"]
    search_fields = ["refund_no", "share__order__order_no", "share__payment__payment_no"]
    list_select_related = ["share__order"]

    @admin.display(description=_("order number"), ordering="share__order__order_no")
    def order_no(self, returned: ReturnedPayment) -> str:
        return returned.share.order.order_no

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in ReturnedPayment._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
