from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catalog.models import ShippingCategory
from logistics.tracking import TrackingStatus
from marketplace.money import MoneyField

MAX_QUANTITY = 9999  # per line, as the pricing engine accepts
MAX_CART_LINES = 120  # as large carts go on Tmall and JD


class CartItem(models.Model):
    """A line of a member's cart: one SKU, merged when added again. `promotion` is the one the shopper switched
    to where several fit (None: the engine picks the best); `selected` lines are the ones checkout takes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cart_items", verbose_name=_("user")
    )
    sku = models.ForeignKey("catalog.Sku", on_delete=models.CASCADE, related_name="+", verbose_name=_("SKU"))
    quantity = models.PositiveIntegerField(
        _("quantity"), validators=[MinValueValidator(1), MaxValueValidator(MAX_QUANTITY)]
    )
    selected = models.BooleanField(_("selected"), default=True)
    # The franchise or direct store selling HQ's SKU through its listing (the store the shopper chose); empty:
    # the SKU's own store sells it, as HQ's online store always did (docs/decisions/0037).
    seller = models.ForeignKey(
        "stores.Store",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("selling store"),
    )
    promotion = models.ForeignKey(
        "promotions.Promotion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chosen promotion"),
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("cart line")
        verbose_name_plural = _("cart lines")
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


# The one transition table: a status may only become one listed here, and only through order_transition.
ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    OrderStatus.PENDING_PAYMENT: frozenset({OrderStatus.PAID, OrderStatus.CANCELLED}),
    # PAID -> COMPLETED: a play's order that ships nothing of its own (a presale's deposit, used or kept)
    # PAID -> DELIVERED: a pickup order collected at the counter (it has no parcels)
    OrderStatus.PAID: frozenset(
        {
            OrderStatus.PARTLY_SHIPPED,
            OrderStatus.SHIPPED,
            OrderStatus.DELIVERED,
            OrderStatus.COMPLETED,
            OrderStatus.CLOSED,
        }
    ),
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

    trade_no = models.CharField(_("trade number"), max_length=32, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="trades", verbose_name=_("user")
    )
    payable = MoneyField(_("payable"))
    stored_value = MoneyField(
        _("paid from stored value"),
        default=0,
        help_text=_("Paid from the member's stored-value balance at submission."),
    )
    points_used = models.PositiveIntegerField(_("points used"), default=0)
    channel = models.CharField(_("channel"), max_length=10, default="web")
    expires_at = models.DateTimeField(
        _("payment deadline"), help_text=_("Unpaid store orders are cancelled after this time.")
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, blank=True)
    request_digest = models.CharField(_("request digest"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("trade")
        verbose_name_plural = _("trades")
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


class Delivery(models.TextChoices):
    SHIP = "ship", _("Delivery")  # 快递: parcels to the receiver's address
    PICKUP = "pickup", _("Store pickup")  # 自提: collected at the store's counter with the pickup code
    COUNTER = "counter", _("Sold at the counter")  # 门店收银: a POS sale, handed over when paid (orders/pos/)


class StoreOrderQuerySet(models.QuerySet):
    def unpaid_expired(self, now):
        """Pending orders whose trade's payment time ran out: the timeout sweep cancels them."""
        return self.filter(status=OrderStatus.PENDING_PAYMENT, trade__expires_at__lte=now)


class StoreOrder(models.Model):
    """One store's part of a trade (first split, before payment): what that store fulfils and is settled for.
    Amounts are sums of its lines (plus freight) fixed at submission; the address is a snapshot."""

    order_no = models.CharField(_("order number"), max_length=32, unique=True)
    trade = models.ForeignKey(Trade, on_delete=models.PROTECT, related_name="orders", verbose_name=_("trade"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="store_orders", verbose_name=_("user")
    )
    store = models.ForeignKey("stores.Store", on_delete=models.PROTECT, related_name="orders", verbose_name=_("store"))
    status = models.CharField(
        _("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.PENDING_PAYMENT, db_index=True
    )
    subtotal = MoneyField(_("subtotal"))
    discount = MoneyField(_("discount"))
    freight = MoneyField(_("freight"))
    payable = MoneyField(_("payable"))
    points_used = models.PositiveIntegerField(_("points used"), default=0)  # this order's part of the trade's points
    # the part of `payable` paid from stored value; the gateway takes the rest
    stored_value = MoneyField(_("paid from stored value"), default=0)
    cross_border = models.BooleanField(_("cross-border"), default=False)
    payment_no = models.CharField(
        _("payment number"), max_length=32, unique=True, help_text=_("This order's own payment number.")
    )
    paid_amount = MoneyField(_("paid"), default=0)
    refunded_amount = MoneyField(_("refunded"), default=0)
    receiver_name = models.CharField(_("receiver"), max_length=50)
    receiver_phone = models.CharField(_("receiver's phone"), max_length=20)
    receiver_region = models.ForeignKey(
        "marketplace.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("receiver's region")
    )
    receiver_address = models.CharField(_("receiver's address"), max_length=200)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # A marketing play above orders that this order was bought through (orders/plays.py), and whether its parcels
    # wait for the play to let them go (a group buy until the group is full).
    play_kind = models.CharField(_("marketing play"), max_length=20, blank=True)
    play_ref = models.PositiveIntegerField(_("play reference"), null=True, blank=True)
    shipping_held = models.BooleanField(
        _("shipping held"), default=False, help_text=_("Its parcels wait until its marketing play lets them go.")
    )
    # Store pickup (自提): the order's store is the pickup store; the shopper shows the code, the clerk types or
    # scans it (orders/pickup/). A pickup order is never split into parcels.
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.SHIP)
    pickup_code = models.CharField(_("pickup code"), max_length=12, null=True, blank=True, unique=True)
    collected_at = models.DateTimeField(_("collected at"), null=True, blank=True)
    pickup_reminded_at = models.DateTimeField(_("pickup reminder sent at"), null=True, blank=True)
    # A sale at the store's counter (POS, orders/pos/): the clerk who sold it. Its trade's channel is "pos".
    sold_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sold by"),
    )

    objects = StoreOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("store order")
        verbose_name_plural = _("store orders")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(fields=["store", "status"]),
            # the staff figures: a clerk's counter sales by day and month (orders.pos.selectors)
            models.Index(
                fields=["store", "sold_by", "paid_at"], condition=models.Q(sold_by__isnull=False), name="order_sold_by"
            ),
        ]
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
            models.CheckConstraint(
                condition=models.Q(play_kind="", play_ref__isnull=True)
                | (~models.Q(play_kind="") & models.Q(play_ref__gt=0)),
                name="order_play_names_its_row",
            ),
            models.CheckConstraint(
                condition=models.Q(delivery__in=["ship", "counter"], pickup_code__isnull=True)
                | models.Q(delivery="pickup", pickup_code__isnull=False),
                name="order_pickup_has_a_code",
            ),
        ]

    def __str__(self) -> str:
        return self.order_no

    def can_become(self, status: str) -> bool:
        return status in ORDER_TRANSITIONS[self.status]


class OrderLine(models.Model):
    """A line of a store order with its snapshot (what the shopper saw) and its apportioned amounts: `payable`
    is exactly what this line costs, so a refund of any part of it knows its money to the cent."""

    order = models.ForeignKey(StoreOrder, on_delete=models.CASCADE, related_name="lines", verbose_name=_("store order"))
    sku = models.ForeignKey("catalog.Sku", on_delete=models.PROTECT, related_name="+", verbose_name=_("SKU"))
    spu_id = models.PositiveIntegerField(_("product id"))
    title = models.CharField(_("title"), max_length=200)
    specs = models.JSONField(_("specs"), default=dict, blank=True)
    image = models.CharField(_("image"), max_length=300, blank=True)
    unit_price = MoneyField(_("unit price"))
    quantity = models.PositiveIntegerField(_("quantity"))
    amount = MoneyField(_("amount"))
    promotion_discount = MoneyField(_("promotion discount"), default=0)
    coupon_discount = MoneyField(_("coupon discount"), default=0)
    points_discount = MoneyField(_("points discount"), default=0)
    payable = MoneyField(_("payable"))
    gift = models.BooleanField(_("gift"), default=False)
    # the part of `payable` paid from stored value (not a discount)
    stored_value = MoneyField(_("paid from stored value"), default=0)
    commission_percent = models.DecimalField(_("commission (%)"), max_digits=5, decimal_places=2, default=0)
    warehouse = models.ForeignKey(
        "stores.Warehouse", on_delete=models.PROTECT, related_name="+", verbose_name=_("warehouse")
    )
    refunded_quantity = models.PositiveIntegerField(_("refunded quantity"), default=0)
    refunded_amount = MoneyField(_("refunded"), default=0)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
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

    line = models.ForeignKey(
        OrderLine, on_delete=models.CASCADE, related_name="discounts", verbose_name=_("order line")
    )
    source = models.CharField(_("source"), max_length=10)  # promotion | coupon | points
    source_id = models.PositiveIntegerField(_("source id"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=30, blank=True)
    amount = MoneyField(_("amount"))
    platform_amount = MoneyField(_("platform's part"))

    class Meta:
        verbose_name = _("line discount")
        verbose_name_plural = _("line discounts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0, platform_amount__gte=0, platform_amount__lte=F("amount")),
                name="line_discount_parts_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.source_id}: {self.amount}"


class OrderPoints(models.Model):
    """The points an order spent, by the store whose sale earned them (None: HQ's own points), in the order they go
    back (its own store's first). Cancelling or refunding the order gives them back to the same stores' lots, as far
    as `returned` says they are not back yet (orders/points.py, decision 0041)."""

    order = models.ForeignKey(
        StoreOrder, on_delete=models.CASCADE, related_name="points_sources", verbose_name=_("store order")
    )
    store = models.ForeignKey(
        "stores.Store",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("earned in store"),
    )
    points = models.PositiveIntegerField(_("points"))
    returned = models.PositiveIntegerField(_("points returned"), default=0)

    class Meta:
        verbose_name = _("points spent by store")
        verbose_name_plural = _("points spent by store")
        ordering = ["order_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "store"], nulls_distinct=False, name="order_points_one_per_store"),
            models.CheckConstraint(
                condition=models.Q(points__gt=0, returned__lte=F("points")), name="order_points_returned_within"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.points} ({self.store_id or 'HQ'})"


class OrderEventType(models.TextChoices):
    """What happened to a store order: its status changes and the other things done to it. The label is the
    order timeline's wording. Recorded only through orders/events.py."""

    CREATED = "created", _("Order placed")
    PAID = "paid", _("Paid")
    PAYMENT_RETURNED = "payment_returned", _("A payment that came after cancelling was sent back")
    PARCELS_SPLIT = "parcels_split", _("Packed into parcels")
    PARCEL_SHIPPED = "parcel_shipped", _("A parcel was shipped")  # the order's status stays as it was
    PARTLY_SHIPPED = "partly_shipped", _("Partly shipped")  # a parcel shipped, others wait
    SHIPPED = "shipped", _("Shipped")  # its last parcel shipped
    DELIVERED = "delivered", _("Delivered")  # the carrier delivered its last parcel
    RECEIPT_CONFIRMED = "receipt_confirmed", _("Receipt confirmed by the shopper")
    RECEIPT_AUTO_CONFIRMED = "receipt_auto_confirmed", _("Receipt confirmed automatically")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    CLOSED = "closed", _("Closed")
    # an e-voucher of the order used in a store (data: store, uses, amount, line); settlement credits that store
    VOUCHER_REDEEMED = "voucher_redeemed", _("An e-voucher was redeemed")
    PICKED_UP = "picked_up", _("Collected at the store")  # a pickup order: its code was typed or scanned
    PICKUP_REMINDED = "pickup_reminded", _("Reminded to collect the order")
    HANDED_OVER = "handed_over", _("Handed over at the store's counter")  # a POS sale, once paid


class RefundEventType(models.TextChoices):
    """What happened to an after-sales request: its history is kept on its order's timeline (an OrderEvent with
    `refund` set), where the shopper reads it with the rest."""

    REQUESTED = "refund_requested", _("After-sales requested")
    RETURN_ACCEPTED = "refund_return_accepted", _("Return accepted by the store")
    REJECTED = "refund_rejected", _("Rejected by the store")
    ESCALATED = "refund_escalated", _("Platform arbitration asked for")
    ARBITRATED_RETURN = "refund_arbitrated_return", _("Platform decided: return the goods")
    ARBITRATED_CLOSED = "refund_arbitrated_closed", _("Platform decided: no refund")
    WITHDRAWN = "refund_withdrawn", _("After-sales withdrawn")
    REFUNDED = "refund_refunded", _("Refunded")  # by the store's approval, the goods' return or arbitration


class OrderReason(models.TextChoices):
    """Why, where the system or a rule decided: a code, whose label is what people read. A person's own words
    (the shopper's, the store's, the operator's) go in OrderEvent.reason beside it."""

    SHOPPER_CANCELLED = "shopper_cancelled", _("Cancelled by the shopper")
    PAYMENT_TIMEOUT = "payment_timeout", _("Not paid in time")  # the timeout sweep
    COUPON_MOVED = "coupon_moved", _("Its coupon went to a newer order")  # seed 002: the coupon follows the order
    REFUNDED = "refunded", _("Everything was refunded")  # closed by its last refund
    # a presale's deposit order, completed without shipping (decision 0035)
    DEPOSIT_USED = "deposit_used", _("Deposit used: the balance order ships the goods")
    DEPOSIT_KEPT = "deposit_kept", _("Deposit kept: the balance was not paid in time")
    # an order of e-vouchers, completed without shipping once every voucher is used, expired or refunded
    VOUCHERS_DONE = "vouchers_done", _("Every e-voucher used, expired or refunded")


ORDER_EVENT_TYPES = [*OrderEventType.choices, *RefundEventType.choices]


class OrderEvent(models.Model):
    """The history of a store order: every status change and every other thing done to it, who and why."""

    order = models.ForeignKey(
        StoreOrder, on_delete=models.CASCADE, related_name="events", verbose_name=_("store order")
    )
    type = models.CharField(_("event"), max_length=30, choices=ORDER_EVENT_TYPES)
    refund = models.ForeignKey(
        "Refund",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("after-sales request"),
    )  # set on a refund's events: its own history
    from_status = models.CharField(_("from status"), max_length=20, choices=OrderStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, choices=OrderStatus.choices, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reason_code = models.CharField(_("reason"), max_length=30, choices=OrderReason.choices, blank=True)
    # what the person typed, if anyone: up to an operator's written ruling (Refund.ruling)
    reason = models.CharField(_("in their words"), max_length=500, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(type__in=[value for value, _label in ORDER_EVENT_TYPES]),
                name="order_event_type_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(reason_code__in=["", *OrderReason.values]), name="order_event_reason_code_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} · {timezone.localtime(self.at):%Y-%m-%d %H:%M}"

    @property
    def reason_text(self) -> str:
        """Why, as people read it: the words someone typed, or else the label of the reason's code."""
        return self.reason or (OrderReason(self.reason_code).label if self.reason_code else "")


# --- Payments ----------------------------------------------------------------------------------------------------


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the gateway")
    SUCCEEDED = "succeeded", _("Succeeded")


class PaymentChannel(models.TextChoices):
    """How the shopper pays at the gateway (支付方式), chosen on the cashier page; PAYMENT_CHANNELS says which
    gateway settles each (the simulated one stands in for all three)."""

    ALIPAY = "alipay", _("Alipay")  # 支付宝
    WECHAT_PAY = "wechat_pay", _("WeChat Pay")  # 微信支付
    UNIONPAY = "unionpay", _("UnionPay")  # 银联


class Payment(models.Model):
    """One attempt to pay a trade's unpaid orders through a gateway: the merged payment (合并支付). `method` is the
    gateway (what refunds and reconciliation go back to), `channel` the shopper's choice at it."""

    payment_no = models.CharField(_("payment number"), max_length=32, unique=True)
    # A trade's payment (its orders' shares), or a payment for a registered purpose that is no order's (an
    # auction's deposit: orders.payment.purposes), which names its payer and the purpose's own row instead.
    trade = models.ForeignKey(
        Trade, on_delete=models.PROTECT, null=True, blank=True, related_name="payments", verbose_name=_("trade")
    )
    purpose = models.CharField(_("purpose"), max_length=30, blank=True)
    purpose_ref = models.PositiveBigIntegerField(_("purpose reference"), null=True, blank=True)
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("payer"),
    )
    method = models.CharField(_("payment method"), max_length=20)
    # Empty: none chosen (an API client that names only the gateway, payments made before channels, stored value).
    channel = models.CharField(_("paid with"), max_length=20, choices=PaymentChannel.choices, blank=True)
    amount = MoneyField(_("amount"))
    status = models.CharField(_("status"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.PENDING)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    succeeded_at = models.DateTimeField(_("succeeded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(purpose="", trade__isnull=False, purpose_ref__isnull=True, payer__isnull=True)
                | (
                    ~models.Q(purpose="") & models.Q(trade__isnull=True, purpose_ref__isnull=False, payer__isnull=False)
                ),
                name="payment_for_a_trade_or_a_purpose",
            )
        ]

    def __str__(self) -> str:
        return self.payment_no


class PaymentShare(models.Model):
    """A store order's durable part of a payment: what was paid for it and what has been refunded of it."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="shares", verbose_name=_("payment"))
    order = models.ForeignKey(
        StoreOrder, on_delete=models.PROTECT, related_name="payment_shares", verbose_name=_("store order")
    )
    amount = MoneyField(_("amount"))
    refunded = MoneyField(_("refunded"), default=0)

    class Meta:
        verbose_name = _("payment share")
        verbose_name_plural = _("payment shares")
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

    gateway = models.CharField(_("gateway"), max_length=20)
    event_id = models.CharField(_("event id"), max_length=64)
    payment_no = models.CharField(_("payment number"), max_length=32)
    payload = models.JSONField(_("payload"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("gateway event")
        verbose_name_plural = _("gateway events")
        constraints = [models.UniqueConstraint(fields=["gateway", "event_id"], name="gateway_event_once")]

    def __str__(self) -> str:
        return f"{self.gateway} {self.event_id}"


class ReturnedPaymentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent back")  # written with the notification; a job sends it
    SENT = "sent", _("Sent back")  # the gateway took the refund


class ReturnedPayment(models.Model):
    """A share of a payment that its order could no longer take, sent back to the payer in full: the gateway's
    notification came after the order was cancelled (by the shopper, or by the timeout while the shopper was on
    the gateway's page), or after another payment had paid it. One per share, so the money goes back once. Or a
    purpose's payment (an auction's deposit) given back whole, once per payment (`payment`)."""

    refund_no = models.CharField(_("refund number"), max_length=32, unique=True)
    share = models.OneToOneField(
        PaymentShare,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="returned",
        verbose_name=_("payment share"),
    )
    # A purpose's payment (no shares) given back whole, once: payment_return.
    payment = models.OneToOneField(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="returned", verbose_name=_("payment")
    )
    amount = MoneyField(_("amount"))
    reason = models.CharField(_("reason"), max_length=30)  # the order's status when the money came
    status = models.CharField(
        _("status"), max_length=10, choices=ReturnedPaymentStatus.choices, default=ReturnedPaymentStatus.PENDING
    )
    gateway_refund_id = models.CharField(_("gateway refund id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("returned payment")
        verbose_name_plural = _("returned payments")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="returned_payment_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(status__in=ReturnedPaymentStatus.values), name="returned_payment_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(share__isnull=True) ^ models.Q(payment__isnull=True),
                name="returned_payment_of_a_share_or_a_payment",
            ),
        ]

    def __str__(self) -> str:
        return self.refund_no


class KeptPayment(models.Model):
    """A purpose's succeeded payment that its payer lost to a store (an auction's deposit, forfeited by a winner
    who did not pay): the money stays with the platform and is owed to the store, which settlement credits on the
    store's next bill, once (settlement.BillCredit). A payment is kept or given back (ReturnedPayment), never both:
    `payment_keep` and `payment_return` each refuse a payment the other has taken, under its row lock."""

    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="kept", verbose_name=_("payment"))
    store = models.ForeignKey("stores.Store", on_delete=models.PROTECT, related_name="+", verbose_name=_("store"))
    amount = MoneyField(_("amount"))
    reason = models.CharField(_("reason"), max_length=30)  # the purpose's word for it, e.g. auction_deposit
    kept_at = models.DateTimeField(_("kept at"))

    class Meta:
        verbose_name = _("payment kept for a store")
        verbose_name_plural = _("payments kept for stores")
        ordering = ["-kept_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="kept_payment_amount_positive"),
        ]
        indexes = [models.Index(fields=["store", "kept_at"], name="kept_payment_store")]

    def __str__(self) -> str:
        return f"{self.payment_id} → {self.store_id}"


class SimulatedGatewayRefund(models.Model):
    """The simulated gateway's own book of the refunds it made: its side of the wire, kept in this database only
    because the gateway is simulated (orders.payment.gateways). One per refund number, as a real gateway keeps them: a
    repeated request returns the first refund's id and moves no more money; `requests` counts how often it was
    asked, so tests see a retry was harmless."""

    refund_no = models.CharField(_("refund number"), max_length=32, unique=True)
    payment_no = models.CharField(_("payment number"), max_length=32)
    amount = MoneyField(_("amount"))
    gateway_refund_id = models.CharField(_("gateway refund id"), max_length=64)
    requests = models.PositiveIntegerField(_("requests"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("simulated gateway refund")
        verbose_name_plural = _("simulated gateway refunds")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.refund_no


# --- After-sales -------------------------------------------------------------------------------------------------


class RefundKind(models.TextChoices):
    REFUND_ONLY = "refund_only", _("Refund only")  # 仅退款: goods not sent, lost, or not worth returning
    RETURN_REFUND = "return_refund", _("Return and refund")  # 退货退款: the goods come back first


class RefundReason(models.TextChoices):
    """Why the shopper asks (售后原因): a code from the list that fits the request's kind (REFUND_REASONS), its
    label what everyone reads; the shopper's own words go beside it in Refund.reason, required for OTHER."""

    UNWANTED = "unwanted", _("No longer wanted / ordered by mistake")  # 不想要了/拍错了
    NOT_SHIPPED_IN_TIME = "not_shipped_in_time", _("Not shipped by the agreed time")  # 未按约定时间发货
    AGREED_WITH_STORE = "agreed_with_store", _("Agreed with the store")  # 协商一致退款
    SEVEN_DAYS = "seven_days", _("7-day return, no reason needed")  # 七天无理由退货
    QUALITY = "quality", _("Quality problem")  # 商品质量问题
    NOT_AS_DESCRIBED = "not_as_described", _("Not as described")  # 与描述不符
    MISSING_ITEMS = "missing_items", _("Items missing from the parcel")  # 少件/漏发
    DAMAGED = "damaged", _("Arrived damaged")  # 收到商品破损
    OTHER = "other", pgettext_lazy("refund reason", "Other")  # 其他: the shopper's words say what
    # The platform's own, never offered to the shopper: a marketing play that did not go ahead (orders/plays.py).
    PLAY_CALLED_OFF = "play_called_off", _("The marketing play did not go ahead")  # 活动未成功, 全额退款
    VOUCHER_UNUSED = "voucher_unused", _("E-voucher uses not used")  # 电子券未使用部分退款 (on expiry, or asked for)
    PICKUP_UNCOLLECTED = "pickup_uncollected", _("Not collected from the store in time")  # 超时未自提, 全额退款


# The reasons a shopper picks from, by what they ask for (as Tmall and JD list them). OTHER is in both: a request
# through the API that names no code is OTHER with its words.
REFUND_REASONS: dict[str, tuple[RefundReason, ...]] = {
    RefundKind.REFUND_ONLY: (
        RefundReason.UNWANTED,
        RefundReason.NOT_SHIPPED_IN_TIME,
        RefundReason.AGREED_WITH_STORE,
        RefundReason.OTHER,
    ),
    RefundKind.RETURN_REFUND: (
        RefundReason.SEVEN_DAYS,
        RefundReason.QUALITY,
        RefundReason.NOT_AS_DESCRIBED,
        RefundReason.MISSING_ITEMS,
        RefundReason.DAMAGED,
        RefundReason.OTHER,
    ),
}


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

    refund_no = models.CharField(_("refund number"), max_length=32, unique=True)
    order = models.ForeignKey(
        StoreOrder, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("store order")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RefundKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=RefundStatus.choices, default=RefundStatus.REQUESTED)
    amount = MoneyField(_("amount"))
    freight = MoneyField(_("freight"), default=0)
    # the part of `amount` that goes back to the stored-value balance
    stored_value = MoneyField(_("back to stored value"), default=0)
    points = models.PositiveIntegerField(_("points"), default=0)
    reason_code = models.CharField(_("reason"), max_length=30, choices=RefundReason.choices, default=RefundReason.OTHER)
    reason = models.CharField(_("in the shopper's words"), max_length=200, blank=True)  # required for OTHER
    reject_reason = models.CharField(_("reject reason"), max_length=200, blank=True)
    # 平台介入: the shopper's statement to the platform, and the operator's written ruling that both sides read
    escalate_reason = models.CharField(_("statement to the platform"), max_length=200, blank=True)
    ruling = models.CharField(_("platform ruling"), max_length=500, blank=True)
    ruling_granted = models.BooleanField(_("granted by the platform"), null=True, blank=True)  # None: not ruled
    ruled_at = models.DateTimeField(_("ruled at"), null=True, blank=True)
    gateway_refund_id = models.CharField(_("gateway refund id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    refunded_at = models.DateTimeField(_("refunded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["-created_at", "-id"]
        # 平台介入: an operator's final word on an escalated request. Viewing refunds (finance) is not deciding them.
        permissions = [("arbitrate_refund", _("Can arbitrate after-sales requests"))]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=RefundStatus.values), name="refund_status_valid"),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0, freight__gte=0, freight__lte=F("amount")), name="refund_amounts_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(reason_code__in=RefundReason.values), name="refund_reason_code_valid"
            ),
            # "Other" says nothing by itself: the shopper's words say what.
            models.CheckConstraint(
                condition=~models.Q(reason_code=RefundReason.OTHER, reason=""), name="refund_other_reason_has_words"
            ),
            # A ruling is written whenever the platform decides (refunds arbitrated before rulings were kept have
            # neither).
            models.CheckConstraint(
                condition=models.Q(ruling_granted__isnull=True, ruled_at__isnull=True)
                | (models.Q(ruling_granted__isnull=False, ruled_at__isnull=False) & ~models.Q(ruling="")),
                name="refund_ruling_written",
            ),
        ]

    def __str__(self) -> str:
        return self.refund_no

    def can_become(self, status: str) -> bool:
        return status in REFUND_TRANSITIONS[self.status]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REFUND_STATUSES

    @property
    def can_escalate(self) -> bool:
        """The store rejected it: the shopper may ask the platform to decide (申请平台介入)."""
        return self.can_become(RefundStatus.ARBITRATING)

    # Each side's pictures, from `evidence` (prefetched by orders.aftersales.selectors: no query per refund).
    @property
    def request_evidence(self) -> list["RefundEvidence"]:
        return self._evidence(EvidenceStage.REQUEST)

    @property
    def rejection_evidence(self) -> list["RefundEvidence"]:
        return self._evidence(EvidenceStage.REJECTION)

    @property
    def escalation_evidence(self) -> list["RefundEvidence"]:
        return self._evidence(EvidenceStage.ESCALATION)

    def _evidence(self, stage: str) -> list["RefundEvidence"]:
        return [picture for picture in self.evidence.all() if picture.stage == stage]


class EvidenceStage(models.TextChoices):
    """When a picture of after-sales evidence (凭证) was given, and so by which side."""

    REQUEST = "request", _("With the shopper's request")
    REJECTION = "rejection", _("With the store's rejection")
    ESCALATION = "escalation", _("With the shopper's appeal to the platform")


class RefundEvidence(models.Model):
    """A picture one side gave for an after-sales request: the shopper's of the goods, the store's of why it said
    no. Stored under an unguessable name (orders.aftersales.evidence): the goods in someone's home are not for
    anyone who guesses a path, and only the request's pages show it."""

    refund = models.ForeignKey(Refund, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("refund"))
    stage = models.CharField(_("given"), max_length=20, choices=EvidenceStage.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    image = models.ImageField(_("image"), upload_to="refunds/%Y/%m/")
    # Fixed-size thumbnails made after commit (orders.tasks.make_evidence_thumbnails): {"120": "refunds/...jpg", ...}
    thumbnails = models.JSONField(_("thumbnails"), default=dict, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("after-sales evidence")
        verbose_name_plural = _("after-sales evidence")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stage__in=EvidenceStage.values), name="refund_evidence_stage_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.refund_id} {self.stage} {self.pk}"

    @property
    def thumbnail_url(self) -> str:
        """The small thumbnail, or the picture itself until the thumbnails are made."""
        name = self.thumbnails.get("360")
        return self.image.storage.url(name) if name else self.image.url


class RefundLine(models.Model):
    """How many units of an order line a refund takes back, and their exact share of the line's payable."""

    refund = models.ForeignKey(Refund, on_delete=models.CASCADE, related_name="lines", verbose_name=_("refund"))
    line = models.ForeignKey(
        OrderLine, on_delete=models.PROTECT, related_name="refund_lines", verbose_name=_("order line")
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    amount = MoneyField(_("amount"))
    points_discount = MoneyField(_("points discount"), default=0)

    class Meta:
        verbose_name = _("refund line")
        verbose_name_plural = _("refund lines")
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

    order = models.ForeignKey(
        StoreOrder, on_delete=models.CASCADE, related_name="parcels", verbose_name=_("store order")
    )
    warehouse = models.ForeignKey(
        "stores.Warehouse", on_delete=models.PROTECT, related_name="+", verbose_name=_("warehouse")
    )
    carrier = models.ForeignKey(
        "logistics.Carrier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("carrier"),
    )
    tracking_no = models.CharField(_("tracking number"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ParcelStatus.choices, default=ParcelStatus.PENDING, db_index=True
    )
    weight_g = models.PositiveIntegerField(_("weight (g)"))
    volume_mm3 = models.PositiveBigIntegerField(_("volume (mm³)"))
    # The values of orders.shipping.split.ShippingCategory, which are the catalog's.
    shipping_category = models.CharField(
        _("shipping category"), max_length=10, choices=ShippingCategory.choices, default=ShippingCategory.NORMAL
    )
    over_limit = models.BooleanField(
        _("over every carrier's limit"),
        default=False,
        help_text=_("A single unit over every carrier's limit: the seller arranges its freight."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    objects = ParcelQuerySet.as_manager()

    class Meta:
        verbose_name = _("parcel")
        verbose_name_plural = _("parcels")
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

    parcel = models.ForeignKey(Parcel, on_delete=models.CASCADE, related_name="lines", verbose_name=_("parcel"))
    order_line = models.ForeignKey(
        OrderLine, on_delete=models.CASCADE, related_name="parcel_lines", verbose_name=_("order line")
    )
    sku = models.ForeignKey("catalog.Sku", on_delete=models.PROTECT, related_name="+", verbose_name=_("SKU"))
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        verbose_name = _("parcel line")
        verbose_name_plural = _("parcel lines")
        ordering = ["parcel_id", "order_line_id"]
        constraints = [
            models.UniqueConstraint(fields=["parcel", "order_line"], name="parcel_line_once_per_order_line"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="parcel_line_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x SKU {self.sku_id}"


TRACKING_STATUS_CHOICES = [
    (TrackingStatus.PICKED_UP.value, _("Picked up")),
    (TrackingStatus.IN_TRANSIT.value, _("In transit")),
    (TrackingStatus.OUT_FOR_DELIVERY.value, _("Out for delivery")),
    (TrackingStatus.DELIVERED.value, _("Delivered")),
]


class ParcelEvent(models.Model):
    """A tracking event as the provider reported it. Unique per parcel, status and time, so polling the provider
    again adds nothing."""

    parcel = models.ForeignKey(Parcel, on_delete=models.CASCADE, related_name="events", verbose_name=_("parcel"))
    status = models.CharField(_("status"), max_length=20, choices=TRACKING_STATUS_CHOICES)
    at = models.DateTimeField(_("time"))
    location = models.CharField(_("location"), max_length=100, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("parcel event")
        verbose_name_plural = _("parcel events")
        ordering = ["parcel_id", "at", "id"]
        constraints = [models.UniqueConstraint(fields=["parcel", "status", "at"], name="parcel_event_once")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} · {timezone.localtime(self.at):%Y-%m-%d %H:%M}"


# --- The store's counter (POS, 收银台) ------------------------------------------------------------------------------


class CounterMethod(models.TextChoices):
    """How a customer pays at the counter (seed 004 section 5); each store enables its own (PosSettings)."""

    CASH = "cash", _("Cash")  # 现金: the amount tendered, the change to the cent
    CARD = "card", _("Bank card")  # 刷卡: the card terminal's reference
    QR = "qr", _("QR code")  # 扫码: through the payment gateway, paid when its notification comes
    ON_ACCOUNT = "on_account", _("On account")  # 挂账: a named customer's account, within its credit limit
    MONTHLY = "monthly", _("Monthly account")  # 月结: a business customer's account, settled each month
    STORED_VALUE = "stored_value", _("Stored value")  # 储值/预付卡: the member's balance, never below nothing


# Payment.method of a counter payment that no gateway took (refunds of it go back at the counter or to the account)
COUNTER_PAYMENT_METHODS = {
    CounterMethod.CASH: "pos_cash",
    CounterMethod.CARD: "pos_card",
    CounterMethod.ON_ACCOUNT: "pos_on_account",
    CounterMethod.MONTHLY: "pos_monthly",
}


class PosSettings(models.Model):
    """A store's counter: which ways of paying it takes. The owner edits them; a store without a row takes cash
    and bank cards (the defaults)."""

    store = models.OneToOneField(
        "stores.Store", on_delete=models.CASCADE, related_name="pos_settings", verbose_name=_("store")
    )
    cash = models.BooleanField(_("cash"), default=True)
    card = models.BooleanField(_("bank card"), default=True)
    qr = models.BooleanField(_("QR code"), default=False)
    on_account = models.BooleanField(_("on account"), default=False)
    monthly = models.BooleanField(_("monthly account"), default=False)
    stored_value = models.BooleanField(_("stored value"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("counter settings")
        verbose_name_plural = _("counter settings")

    def __str__(self) -> str:
        return str(self.store_id)

    def takes(self, method: str) -> bool:
        return bool(getattr(self, method, False))

    @property
    def methods(self) -> list[str]:
        return [method for method in CounterMethod.values if self.takes(method)]


class PosAccountKind(models.TextChoices):
    ON_ACCOUNT = "on_account", _("On account")  # 挂账: a regular who takes goods now and pays later
    MONTHLY = "monthly", _("Monthly account")  # 月结: a business customer billed once a month


class PosAccount(models.Model):
    """A named customer of one store who may buy at its counter and pay later, up to `credit_limit`. `balance` is
    what they owe, moved only by conditional UPDATEs (orders.pos.accounts), never above the limit."""

    store = models.ForeignKey(
        "stores.Store", on_delete=models.PROTECT, related_name="pos_accounts", verbose_name=_("store")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PosAccountKind.choices)
    name = models.CharField(_("customer"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    credit_limit = MoneyField(_("credit limit"))
    balance = MoneyField(_("owed"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("counter account")
        verbose_name_plural = _("counter accounts")
        ordering = ["store_id", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(balance__gte=0, credit_limit__gte=0, balance__lte=F("credit_limit")),
                name="pos_account_within_limit",
            ),
            models.CheckConstraint(condition=models.Q(kind__in=PosAccountKind.values), name="pos_account_kind_valid"),
            models.UniqueConstraint(fields=["store", "name"], name="pos_account_name_unique_per_store"),
        ]

    def __str__(self) -> str:
        return self.name


class PosAccountEntryKind(models.TextChoices):
    CHARGE = "charge", _("Bought on account")  # a sale: owed more
    REFUND = "refund", _("Refunded")  # a sale on account refunded: owed less
    REPAYMENT = "repayment", _("Repaid")  # money received from the customer: owed less


class PosAccountEntry(models.Model):
    """Each movement of a counter account, once per kind and reference (a payment, a refund or a receipt number)."""

    account = models.ForeignKey(PosAccount, on_delete=models.PROTECT, related_name="entries", verbose_name=_("account"))
    kind = models.CharField(_("kind"), max_length=10, choices=PosAccountEntryKind.choices)
    amount = MoneyField(_("amount"))
    reference = models.CharField(_("reference"), max_length=32)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("counter account entry")
        verbose_name_plural = _("counter account entries")
        ordering = ["account_id", "at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="pos_account_entry_positive"),
            models.UniqueConstraint(fields=["kind", "reference"], name="pos_account_entry_once"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.kind} {self.amount}"


class CounterTender(models.Model):
    """What was handed over at the counter for a payment that no gateway took: the cash tendered and the change,
    a card terminal's reference, or the account charged."""

    payment = models.OneToOneField(
        Payment, on_delete=models.PROTECT, related_name="counter_tender", verbose_name=_("payment")
    )
    method = models.CharField(_("paid by"), max_length=20, choices=CounterMethod.choices)
    tendered = MoneyField(_("tendered"), null=True, blank=True)
    change = MoneyField(_("change"), null=True, blank=True)
    reference = models.CharField(_("card reference"), max_length=40, blank=True)
    account = models.ForeignKey(
        PosAccount, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("account")
    )

    class Meta:
        verbose_name = _("counter tender")
        verbose_name_plural = _("counter tenders")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(method="cash", tendered__isnull=False, change__gte=0)
                | ~models.Q(method="cash") & models.Q(tendered__isnull=True, change__isnull=True),
                name="counter_tender_cash_has_change",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payment_id} {self.method}"
