from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from marketplace.money import MoneyField

MAX_QUANTITY = 9999  # per line, as the pricing engine accepts
MAX_CART_LINES = 120  # as large carts go on Tmall and JD


class CartItem(models.Model):
    """A line of a member's cart: one SKU, merged when added again. `promotion` is the one the shopper switched
    to where several fit (None: the engine picks the best); `selected` lines are the ones checkout takes."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cart_items")
    sku = models.ForeignKey("catalog.Sku", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1), MaxValueValidator(MAX_QUANTITY)])
    selected = models.BooleanField(default=True)
    promotion = models.ForeignKey(
        "promotions.Promotion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cart line")
        ordering = ["-added_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "sku"], name="cart_one_line_per_sku"),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1, quantity__lte=MAX_QUANTITY), name="cart_quantity_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x SKU {self.sku_id}"


# --- Trades and store orders -------------------------------------------------------------------------------------


class OrderStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", _("Pending payment")  # 待付款: stock reserved, coupons locked
    PAID = "paid", _("Paid")  # 待发货: waiting for its parcels to ship
    PARTLY_SHIPPED = "partly_shipped", _("Partly shipped")  # 部分发货: some parcels left
    SHIPPED = "shipped", _("Shipped")  # 已发货: every parcel left
    DELIVERED = "delivered", _("Delivered")  # 已签收: delivered or receipt confirmed
    COMPLETED = "completed", _("Completed")  # 已完成: the after-sales window closed; settlement reads these
    CANCELLED = "cancelled", _("Cancelled")  # 已取消: never paid (shopper or timeout); everything returned
    CLOSED = "closed", _("Closed")  # 已关闭: paid, then refunded in full


# The one transition table: a status may only become one listed here, and only through orders.services.
ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    OrderStatus.PENDING_PAYMENT: frozenset({OrderStatus.PAID, OrderStatus.CANCELLED}),
    OrderStatus.PAID: frozenset({OrderStatus.PARTLY_SHIPPED, OrderStatus.SHIPPED, OrderStatus.CLOSED}),
    OrderStatus.PARTLY_SHIPPED: frozenset({OrderStatus.SHIPPED, OrderStatus.CLOSED}),
    OrderStatus.SHIPPED: frozenset({OrderStatus.DELIVERED, OrderStatus.CLOSED}),
    OrderStatus.DELIVERED: frozenset({OrderStatus.COMPLETED, OrderStatus.CLOSED}),
    OrderStatus.COMPLETED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
    OrderStatus.CLOSED: frozenset(),
}


class Trade(models.Model):
    """What the shopper pays once (合并支付): the store orders of one checkout. `payable` is their sum.
    `idempotency_key` and `request_digest` make a repeated submission return this trade instead of a second."""

    trade_no = models.CharField(max_length=32, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="trades")
    payable = MoneyField()
    stored_value = MoneyField(default=0, help_text=_("Paid from the member's stored-value balance at submission."))
    points_used = models.PositiveIntegerField(default=0)
    channel = models.CharField(max_length=10, default="web")
    expires_at = models.DateTimeField(help_text=_("Unpaid store orders are cancelled after this time."))
    idempotency_key = models.CharField(max_length=100, blank=True)
    request_digest = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("trade")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="trade_idempotency_key_unique_per_user",
            ),
            models.CheckConstraint(condition=models.Q(payable__gte=0), name="trade_payable_not_negative"),
        ]

    def __str__(self) -> str:
        return self.trade_no


class StoreOrderQuerySet(models.QuerySet):
    def unpaid_expired(self, now):
        """Pending orders whose trade's payment time ran out: the timeout sweep cancels them."""
        return self.filter(status=OrderStatus.PENDING_PAYMENT, trade__expires_at__lte=now)


class StoreOrder(models.Model):
    """One store's part of a trade (first split, before payment): what that store fulfils and is settled for.
    Amounts are sums of its lines (plus freight) fixed at submission; the address is a snapshot."""

    order_no = models.CharField(max_length=32, unique=True)
    trade = models.ForeignKey(Trade, on_delete=models.PROTECT, related_name="orders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="store_orders")
    store = models.ForeignKey("stores.Store", on_delete=models.PROTECT, related_name="orders")
    status = models.CharField(
        max_length=20, choices=OrderStatus.choices, default=OrderStatus.PENDING_PAYMENT, db_index=True
    )
    subtotal = MoneyField()
    discount = MoneyField()
    freight = MoneyField()
    payable = MoneyField()
    points_used = models.PositiveIntegerField(default=0)  # this order's part of the trade's points
    stored_value = MoneyField(default=0)  # the part of `payable` paid from stored value; the gateway takes the rest
    cross_border = models.BooleanField(default=False)
    payment_no = models.CharField(max_length=32, unique=True, help_text=_("This order's own payment number."))
    paid_amount = MoneyField(default=0)
    refunded_amount = MoneyField(default=0)
    receiver_name = models.CharField(max_length=50)
    receiver_phone = models.CharField(max_length=20)
    receiver_region = models.ForeignKey("marketplace.Region", on_delete=models.PROTECT, related_name="+")
    receiver_address = models.CharField(max_length=200)
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = StoreOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("store order")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"]), models.Index(fields=["store", "status"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=OrderStatus.values), name="order_status_valid"),
            models.CheckConstraint(
                condition=models.Q(payable=models.F("subtotal") - models.F("discount") + models.F("freight")),
                name="order_payable_is_subtotal_less_discount_plus_freight",
            ),
            models.CheckConstraint(
                condition=models.Q(paid_amount__gte=0, refunded_amount__gte=0, refunded_amount__lte=F("paid_amount")),
                name="order_refunds_within_paid",
            ),
        ]

    def __str__(self) -> str:
        return self.order_no

    def can_become(self, status: str) -> bool:
        return status in ORDER_TRANSITIONS[self.status]


class OrderLine(models.Model):
    """A line of a store order with its snapshot (what the shopper saw) and its apportioned amounts: `payable`
    is exactly what this line costs, so a refund of any part of it knows its money to the cent."""

    order = models.ForeignKey(StoreOrder, on_delete=models.CASCADE, related_name="lines")
    sku = models.ForeignKey("catalog.Sku", on_delete=models.PROTECT, related_name="+")
    spu_id = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    specs = models.JSONField(default=dict, blank=True)
    image = models.CharField(max_length=300, blank=True)
    unit_price = MoneyField()
    quantity = models.PositiveIntegerField()
    amount = MoneyField()
    promotion_discount = MoneyField(default=0)
    coupon_discount = MoneyField(default=0)
    points_discount = MoneyField(default=0)
    payable = MoneyField()
    gift = models.BooleanField(default=False)
    stored_value = MoneyField(default=0)  # the part of `payable` paid from stored value (not a discount)
    commission_percent = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    warehouse = models.ForeignKey("stores.Warehouse", on_delete=models.PROTECT, related_name="+")
    refunded_quantity = models.PositiveIntegerField(default=0)
    refunded_amount = MoneyField(default=0)

    class Meta:
        verbose_name = _("order line")
        ordering = ["order_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    amount=models.F("unit_price") * models.F("quantity"),
                    payable=models.F("amount")
                    - models.F("promotion_discount")
                    - models.F("coupon_discount")
                    - models.F("points_discount"),
                    payable__gte=0,
                ),
                name="order_line_amounts_add_up",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    refunded_quantity__lte=models.F("quantity"), refunded_amount__lte=models.F("payable")
                ),
                name="order_line_refunds_within_line",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.title}"


class LineDiscount(models.Model):
    """One discount's share of one line, as the pricing engine apportioned it: which promotion, coupon or points,
    and who funds it. Settlement charges the store its part and credits it the platform's."""

    line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="discounts")
    source = models.CharField(max_length=10)  # promotion | coupon | points
    source_id = models.PositiveIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=30, blank=True)
    amount = MoneyField()
    platform_amount = MoneyField()

    class Meta:
        verbose_name = _("line discount")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0, platform_amount__gte=0, platform_amount__lte=F("amount")),
                name="line_discount_parts_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.source_id}: {self.amount}"


class OrderEvent(models.Model):
    """The history of a store order: every status change and every other thing done to it, who and why."""

    order = models.ForeignKey(StoreOrder, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reason = models.CharField(max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("order event")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.order_id} {self.type}"


# --- Payments ----------------------------------------------------------------------------------------------------


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the gateway")
    SUCCEEDED = "succeeded", _("Succeeded")


class Payment(models.Model):
    """One attempt to pay a trade's unpaid orders through a gateway: the merged payment (合并支付)."""

    payment_no = models.CharField(max_length=32, unique=True)
    trade = models.ForeignKey(Trade, on_delete=models.PROTECT, related_name="payments")
    method = models.CharField(max_length=20)
    amount = MoneyField()
    status = models.CharField(max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    succeeded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("payment")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.payment_no


class PaymentShare(models.Model):
    """A store order's durable part of a payment: what was paid for it and what has been refunded of it."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="shares")
    order = models.ForeignKey(StoreOrder, on_delete=models.PROTECT, related_name="payment_shares")
    amount = MoneyField()
    refunded = MoneyField(default=0)

    class Meta:
        verbose_name = _("payment share")
        constraints = [
            models.UniqueConstraint(fields=["payment", "order"], name="payment_share_once_per_order"),
            models.CheckConstraint(
                condition=models.Q(refunded__gte=0, refunded__lte=F("amount")), name="payment_share_refund_within"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payment_id} / {self.order_id}: {self.amount}"


class GatewayEvent(models.Model):
    """A gateway notification, kept once by its event id: a repeated one is recognised and changes nothing."""

    gateway = models.CharField(max_length=20)
    event_id = models.CharField(max_length=64)
    payment_no = models.CharField(max_length=32)
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("gateway event")
        constraints = [models.UniqueConstraint(fields=["gateway", "event_id"], name="gateway_event_once")]

    def __str__(self) -> str:
        return f"{self.gateway} {self.event_id}"


# --- After-sales -------------------------------------------------------------------------------------------------


class RefundKind(models.TextChoices):
    REFUND_ONLY = "refund_only", _("Refund only")  # 仅退款: goods not sent, lost, or not worth returning
    RETURN_REFUND = "return_refund", _("Return and refund")  # 退货退款: the goods come back first


class RefundStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for the store")  # the shopper asked
    RETURNING = "returning", _("Goods on their way back")  # a return the store accepted; waits for the goods
    REJECTED = "rejected", _("Rejected by the store")  # the shopper may ask the platform to arbitrate
    ARBITRATING = "arbitrating", _("Platform arbitrating")  # an operator decides
    REFUNDED = "refunded", _("Refunded")  # money back through the gateway
    CLOSED = "closed", _("Closed")  # withdrawn by the shopper, or rejected for good


REFUND_TRANSITIONS: dict[str, frozenset[str]] = {
    RefundStatus.REQUESTED: frozenset(
        {RefundStatus.RETURNING, RefundStatus.REFUNDED, RefundStatus.REJECTED, RefundStatus.CLOSED}
    ),
    RefundStatus.RETURNING: frozenset({RefundStatus.REFUNDED, RefundStatus.CLOSED}),
    RefundStatus.REJECTED: frozenset({RefundStatus.ARBITRATING, RefundStatus.CLOSED}),
    RefundStatus.ARBITRATING: frozenset({RefundStatus.RETURNING, RefundStatus.REFUNDED, RefundStatus.CLOSED}),
    RefundStatus.REFUNDED: frozenset(),
    RefundStatus.CLOSED: frozenset(),
}
OPEN_REFUND_STATUSES = (RefundStatus.REQUESTED, RefundStatus.RETURNING, RefundStatus.REJECTED, RefundStatus.ARBITRATING)


class Refund(models.Model):
    """An after-sales request on lines of one store order. `amount` is fixed when asked for, from the lines'
    apportioned payables (plus the freight when it empties an order that has not shipped), so it is exactly what
    goes back; `points` the member's points that come back with it."""

    refund_no = models.CharField(max_length=32, unique=True)
    order = models.ForeignKey(StoreOrder, on_delete=models.PROTECT, related_name="refunds")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="refunds")
    kind = models.CharField(max_length=20, choices=RefundKind.choices)
    status = models.CharField(max_length=20, choices=RefundStatus.choices, default=RefundStatus.REQUESTED)
    amount = MoneyField()
    freight = MoneyField(default=0)
    stored_value = MoneyField(default=0)  # the part of `amount` that goes back to the stored-value balance
    points = models.PositiveIntegerField(default=0)
    reason = models.CharField(max_length=200)
    reject_reason = models.CharField(max_length=200, blank=True)
    gateway_refund_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    refunded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("refund")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=RefundStatus.values), name="refund_status_valid"),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0, freight__gte=0, freight__lte=F("amount")), name="refund_amounts_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.refund_no

    def can_become(self, status: str) -> bool:
        return status in REFUND_TRANSITIONS[self.status]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REFUND_STATUSES


class RefundLine(models.Model):
    """How many units of an order line a refund takes back, and their exact share of the line's payable."""

    refund = models.ForeignKey(Refund, on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="refund_lines")
    quantity = models.PositiveIntegerField()
    amount = MoneyField()
    points_discount = MoneyField(default=0)

    class Meta:
        verbose_name = _("refund line")
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1, amount__gte=0), name="refund_line_valid"),
            models.UniqueConstraint(fields=["refund", "line"], name="refund_line_once"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x line {self.line_id}"


# --- Shipments ---------------------------------------------------------------------------------------------------


class ParcelStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to ship")  # 待发货: packed by the split, stock still reserved
    SHIPPED = "shipped", _("Shipped")  # 已发货: handed to a carrier; its stock left on hand
    DELIVERED = "delivered", _("Delivered")  # 已签收: the carrier reported it signed for


class ParcelQuerySet(models.QuerySet):
    def to_track(self):
        """Parcels on their way: the tracking job asks the provider about these."""
        return self.filter(status=ParcelStatus.SHIPPED)


class Parcel(models.Model):
    """One package of a paid store order (second split, docs/decisions/0007): from one warehouse, with one
    tracking number once shipped. It carries no money: splitting never charges the shopper freight again."""

    order = models.ForeignKey(StoreOrder, on_delete=models.CASCADE, related_name="parcels")
    warehouse = models.ForeignKey("stores.Warehouse", on_delete=models.PROTECT, related_name="+")
    carrier = models.ForeignKey("logistics.Carrier", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    tracking_no = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=10, choices=ParcelStatus.choices, default=ParcelStatus.PENDING, db_index=True)
    weight_g = models.PositiveIntegerField()
    volume_mm3 = models.PositiveBigIntegerField()
    shipping_category = models.CharField(max_length=10, default="normal")  # orders.shipping.split.ShippingCategory
    over_limit = models.BooleanField(
        default=False, help_text=_("A single unit over every carrier's limit: the seller arranges its freight.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    objects = ParcelQuerySet.as_manager()

    class Meta:
        verbose_name = _("parcel")
        ordering = ["order_id", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=ParcelStatus.values), name="parcel_status_valid"),
            models.CheckConstraint(
                condition=models.Q(status=ParcelStatus.PENDING)
                | models.Q(carrier__isnull=False, shipped_at__isnull=False) & ~models.Q(tracking_no=""),
                name="parcel_shipped_has_carrier_and_tracking_no",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} / {self.pk}"


class ParcelLine(models.Model):
    """Units of one order line in one parcel; a line's quantity may be spread over several parcels."""

    parcel = models.ForeignKey(Parcel, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="parcel_lines")
    sku = models.ForeignKey("catalog.Sku", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("parcel line")
        ordering = ["parcel_id", "order_line_id"]
        constraints = [
            models.UniqueConstraint(fields=["parcel", "order_line"], name="parcel_line_once_per_order_line"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="parcel_line_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x SKU {self.sku_id}"


class ParcelEvent(models.Model):
    """A tracking event as the provider reported it. Unique per parcel, status and time, so polling the provider
    again adds nothing."""

    parcel = models.ForeignKey(Parcel, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=20)  # logistics.tracking.TrackingStatus
    at = models.DateTimeField()
    location = models.CharField(max_length=100, blank=True)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("parcel event")
        ordering = ["parcel_id", "at", "id"]
        constraints = [models.UniqueConstraint(fields=["parcel", "status", "at"], name="parcel_event_once")]

    def __str__(self) -> str:
        return f"{self.parcel_id} {self.status} {self.at:%Y-%m-%d %H:%M}"
