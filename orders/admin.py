from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from marketplace.exceptions import DomainError, NotFound
from orders.aftersales import selectors
from orders.aftersales import services as aftersales
from orders.models import (
    KeptPayment,
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
    fields = [
        "refund_no",
        "kind",
        "status",
        "amount",
        "freight",
        "stored_value",
        "reason_code",
        "reason",
        "reject_reason",
        "ruling",
    ]
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


class ArbitrationForm(forms.Form):
    """The operator's final word on an escalated request: grant or refuse, and the ruling both sides read."""

    grant = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Grant: the refund goes ahead")), ("0", _("Refuse: no refund"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    ruling = forms.CharField(
        label=_("Written ruling"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text=_("The shopper and the store both read it, word for word."),
    )


@admin.register(Refund)
class RefundAdmin(admin.ModelAdmin):
    """After-sales requests, read-only; an escalated one is ruled on in its arbitration page (平台介入), which shows
    both sides' reasons, statements and photos and records the written ruling. Ruling needs the arbitration
    permission: reading refunds (finance) is not deciding them."""

    list_display = ["refund_no", "order", "kind", "status", "amount", "reason_code", "created_at", "arbitration"]
    list_filter = ["status", "kind", "reason_code"]
    search_fields = ["refund_no", "order__order_no", "user__username"]
    list_select_related = ["order"]
    inlines = [RefundLineInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Refund._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_arbitrate_permission(self, request) -> bool:
        return request.user.has_perm("orders.arbitrate_refund")

    def get_list_display(self, request):
        """The Arbitrate buttons only for those who may rule (finance reads the list without them)."""
        columns = super().get_list_display(request)
        return columns if self.has_arbitrate_permission(request) else [c for c in columns if c != "arbitration"]

    @admin.display(description=_("arbitration"))
    def arbitration(self, refund: Refund) -> str:
        if refund.status != RefundStatus.ARBITRATING:
            return "-"
        url = reverse("admin:orders_refund_arbitrate", args=[refund.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Arbitrate"))

    def get_urls(self):
        arbitrate = self.admin_site.admin_view(self.arbitrate_view)
        return [path("<int:refund_id>/arbitrate/", arbitrate, name="orders_refund_arbitrate"), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_arbitrate": self.has_arbitrate_permission(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    def arbitrate_view(self, request, refund_id: int):
        """The arbitration page: the order's lines and the request's, both sides' reasons, statements and photos, the
        history; while it is escalated, the form that grants or refuses it with a written ruling."""
        if not self.has_arbitrate_permission(request):
            raise PermissionDenied
        try:
            refund = selectors.any_refund(refund_id=refund_id)
        except NotFound:
            raise Http404 from None
        form = ArbitrationForm(request.POST or None)
        if request.method == "POST" and refund.status == RefundStatus.ARBITRATING and form.is_valid():
            grant, ruling = form.cleaned_data["grant"], form.cleaned_data["ruling"]
            try:
                aftersales.refund_arbitrate(refund=refund, by=request.user, grant=grant, ruling=ruling)
            except DomainError as error:
                form.add_error("ruling" if "reason" in error.fields else None, error.detail)
            else:
                self.message_user(
                    request, _("%(refund)s ruled; the shopper and the store are told.") % {"refund": refund}
                )
                return redirect("admin:orders_refund_arbitrate", refund.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Arbitrate %(refund)s") % {"refund": refund.refund_no},
            "refund": refund,
            "order_lines": refund.order.lines.all(),
            "history": selectors.refund_history(refund=refund),
            "form": form if refund.status == RefundStatus.ARBITRATING else None,
        }
        return TemplateResponse(request, "admin/orders/refund/arbitrate.html", context)


@admin.register(KeptPayment)
class KeptPaymentAdmin(admin.ModelAdmin):
    """Read-only: payments the platform kept for a store (forfeited auction deposits), credited on its next bill."""

    list_display = ["payment", "store", "amount", "reason", "kept_at"]
    list_filter = ["reason"]
    search_fields = ["payment__payment_no", "store__name"]
    list_select_related = ["payment", "store"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in KeptPayment._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReturnedPayment)
class ReturnedPaymentAdmin(admin.ModelAdmin):
    """Read-only: payments sent back because the gateway's notification came after their order was cancelled."""

    list_display = ["refund_no", "order_no", "amount", "reason", "status", "created_at", "sent_at"]
    list_filter = ["status", "reason"]
    search_fields = ["refund_no", "share__order__order_no", "share__payment__payment_no"]
    list_select_related = ["share__order"]

    @admin.display(description=_("order number"), ordering="share__order__order_no")
    def order_no(self, returned: ReturnedPayment) -> str:
        return returned.share.order.order_no if returned.share else ""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in ReturnedPayment._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
