from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.amounts import money_text as money
from marketplace.api.pagination import PageNumberPagination
from marketplace.api.schema import error_response
from marketplace.api.serializers import INTEGER_MAX, InputSerializer
from orders import selectors
from orders.cart_view import cart_json, cart_view
from orders.checkout import AUTO, CheckoutRequest, checkout_price
from orders.exceptions import InvalidInput, NotFound
from orders.gateways import gateway, gateway_names
from orders.models import MAX_CART_LINES, MAX_QUANTITY, OrderEvent, OrderLine, OrderStatus, StoreOrder, Trade
from orders.pricing import LineRequest
from orders.services import cart as cart_services
from orders.services.cancellation import order_cancel
from orders.services.payment import SimulatedNotification, payment_callback_simulated, payment_start
from orders.services.placement import Submission, order_submit
from orders.services.receipt import order_confirm_receipt
from orders.shipping.apis import parcel_json
from promotions.pricing import Channel
from stores.seller import SellerAPIView

# Responses built by hand (order_json and its kin) are objects to the schema; lists of them are pages of objects.
OBJECTS = serializers.ListSerializer(child=serializers.DictField())
STATUS_FILTER = OpenApiParameter("status", enum=OrderStatus.values, description="Only orders in this status.")
NOT_PENDING = error_response("invalid_transition", description="Not from the order's current status.")


def cart_response(request, status_code=status.HTTP_200_OK) -> Response:
    items = list(selectors.cart_items(user=request.user))
    return Response(cart_json(cart_view(user=request.user, items=items, now=timezone.now())), status=status_code)


class CartApi(APIView):
    """GET /api/v1/cart/: lines grouped by store, priced now, with invalid lines explained."""

    @extend_schema(responses={200: dict})
    def get(self, request):
        return cart_response(request)


class CartItemsApi(APIView):
    """POST /api/v1/cart/items/ {"sku","quantity"}: add, merging with the line already there. Returns the cart."""

    class InputSerializer(InputSerializer):
        sku = serializers.IntegerField(min_value=1)
        quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY, default=1)

    @extend_schema(request=InputSerializer, responses={201: dict})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cart_services.cart_add(
            user=request.user, sku_id=data.validated_data["sku"], quantity=data.validated_data["quantity"]
        )
        return cart_response(request, status.HTTP_201_CREATED)


class CartItemApi(APIView):
    """PATCH /api/v1/cart/items/{id}/ {"quantity"|"selected"|"promotion"}; DELETE removes the line."""

    class InputSerializer(InputSerializer):
        quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY, required=False)
        selected = serializers.BooleanField(required=False)
        promotion = serializers.IntegerField(min_value=1, required=False, allow_null=True)

    @extend_schema(request=InputSerializer, responses={200: dict})
    def patch(self, request, item_id: int):
        item = selectors.cart_item_of(user=request.user, item_id=item_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        cart_services.cart_change(
            item=item,
            quantity=values.get("quantity"),
            selected=values.get("selected"),
            promotion_id=values.get("promotion"),
            clear_promotion="promotion" in values and values["promotion"] is None,
        )
        return cart_response(request)

    @extend_schema(request=None, responses={200: dict})
    def delete(self, request, item_id: int):
        cart_services.cart_remove(item=selectors.cart_item_of(user=request.user, item_id=item_id))
        return cart_response(request)


class CouponsField(serializers.JSONField):
    """`"auto"` (the best coupons the member holds) or a list of the member's coupon ids."""

    json_schema = {
        "oneOf": [
            {"type": "string", "enum": [AUTO]},
            {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": INTEGER_MAX}},
        ]
    }


class CheckoutPreviewApi(APIView):
    """POST /api/v1/checkout/preview/ {"lines"?, "address"?, "coupons": "auto" | [ids], "points", "stored_value",
    "channel"}: the breakdown per store and line, coupon lists and warnings (API.md), with what the member's
    stored value would pay and the cash left to pay. Nothing is reserved or locked."""

    class LineSerializer(InputSerializer):
        sku = serializers.IntegerField(min_value=1)
        quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY)

    class InputSerializer(InputSerializer):
        lines = serializers.ListField(required=False, default=list, max_length=MAX_CART_LINES)
        address = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
        coupons = CouponsField(required=False, default=AUTO)
        points = serializers.IntegerField(min_value=0, required=False, default=0)
        stored_value = serializers.DecimalField(
            max_digits=14, decimal_places=2, min_value=Decimal("0.00"), required=False, default=Decimal("0.00")
        )
        channel = serializers.ChoiceField(choices=[c.value for c in Channel], required=False, default=Channel.WEB)

        def validate_lines(self, lines):
            serializer = CheckoutPreviewApi.LineSerializer(data=lines, many=True)
            serializer.is_valid(raise_exception=True)
            skus = [line["sku"] for line in serializer.validated_data]
            if len(set(skus)) != len(skus):
                raise serializers.ValidationError("Name each SKU once.")
            return [LineRequest(line["sku"], line["quantity"]) for line in serializer.validated_data]

        def validate_coupons(self, coupons):
            if coupons == AUTO:
                return AUTO
            if isinstance(coupons, list) and all(
                isinstance(c, int) and not isinstance(c, bool) and 1 <= c <= INTEGER_MAX for c in coupons
            ):
                return tuple(coupons)
            raise serializers.ValidationError('"auto" or a list of your coupon ids.')

    @extend_schema(request=InputSerializer, responses={200: dict})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        checkout = CheckoutRequest(
            lines=tuple(values["lines"]),
            address_id=values["address"],
            coupons=values["coupons"],
            points=values["points"],
            channel=Channel(values["channel"]),
            stored_value=values["stored_value"],
        )
        priced = checkout_price(user=request.user, request=checkout, now=timezone.now())
        return Response(priced.breakdown.as_api())


def trade_json(trade: Trade) -> dict:
    return {
        "trade_no": trade.trade_no,
        "payable": money(trade.payable),
        "stored_value": money(trade.stored_value),
        "cash_payable": money(trade.payable - trade.stored_value),
        "expires_at": trade.expires_at.isoformat(),
        "orders": [
            {"order_no": o.order_no, "store": o.store_id, "payable": money(o.payable), "status": o.status}
            for o in trade.orders.order_by("pk")
        ],
    }


class CheckoutSubmitApi(APIView):
    """POST /api/v1/checkout/submit/: the preview's body plus `expected_payable`, with an `Idempotency-Key`
    header. Places the trade and one order per store (cross-border stores: as many as the cap needs)."""

    class InputSerializer(CheckoutPreviewApi.InputSerializer):
        expected_payable = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.00"))
        address = serializers.IntegerField(min_value=1)
        note = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)

    @extend_schema(
        request=InputSerializer,
        parameters=[OpenApiParameter("Idempotency-Key", location=OpenApiParameter.HEADER, required=False)],
        responses={
            201: dict,
            409: error_response(
                "insufficient_stock",
                "price_changed",
                "coupon_unavailable",
                "insufficient_points",
                "insufficient_stored_value",
                description="Stock, the price, a coupon, points or stored value changed since the preview.",
            ),
            422: error_response("idempotency_conflict", description="The Idempotency-Key came with another body."),
        },
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        submission = Submission(
            checkout=CheckoutRequest(
                lines=tuple(values["lines"]),
                address_id=values["address"],
                coupons=values["coupons"],
                points=values["points"],
                stored_value=values["stored_value"],
                channel=Channel(values["channel"]),
            ),
            expected_payable=values["expected_payable"],
            idempotency_key=request.headers.get("Idempotency-Key", "")[:100],
            note=values["note"],
        )
        trade = order_submit(user=request.user, submission=submission)
        return Response(trade_json(trade), status=status.HTTP_201_CREATED)


class PaymentStartApi(APIView):
    """POST /api/v1/payments/{trade_no}/ {"method"}: a merged payment of the trade's unpaid orders."""

    class InputSerializer(InputSerializer):
        method = serializers.ChoiceField(choices=gateway_names())

    @extend_schema(
        request=InputSerializer,
        responses={
            201: dict,
            409: error_response("invalid_transition", description="Nothing to pay, or the time to pay has run out."),
        },
    )
    def post(self, request, trade_no: str):
        trade = selectors.trade_of(user=request.user, trade_no=trade_no)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        method = data.validated_data["method"]
        payment = payment_start(trade=trade, method=method)
        pay_url = gateway(method).pay_url(payment)
        return Response(
            {
                "payment_no": payment.payment_no,
                "amount": money(payment.amount),
                "pay_url": request.build_absolute_uri(pay_url) if pay_url else None,
                "orders": [
                    {
                        "order_no": share.order.order_no,
                        "payment_no": share.order.payment_no,
                        "amount": money(share.amount),
                    }
                    for share in payment.shares.select_related("order").order_by("order_id")
                ],
            },
            status=status.HTTP_201_CREATED,
        )


class SimulatedCallbackApi(APIView):
    """POST /api/v1/payments/callback/simulated/: the simulated gateway's signed notification (API.md)."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=SimulatedNotification,
        parameters=[OpenApiParameter("X-Signature", location=OpenApiParameter.HEADER, required=True)],
        responses={200: dict, 404: error_response("not_found", description="No such payment.")},
    )
    def post(self, request):
        payment = payment_callback_simulated(body=request.body, signature=request.headers.get("X-Signature", ""))
        return Response({"payment_no": payment.payment_no, "status": payment.status})


def line_json(line: OrderLine) -> dict:
    return {
        "id": line.pk,
        "sku": line.sku_id,
        "title": line.title,
        "specs": line.specs,
        "image": line.image,
        "quantity": line.quantity,
        "unit_price": money(line.unit_price),
        "amount": money(line.amount),
        "promotion_discount": money(line.promotion_discount),
        "coupon_discount": money(line.coupon_discount),
        "points_discount": money(line.points_discount),
        "payable": money(line.payable),
        "gift": line.gift,
        "refunded_quantity": line.refunded_quantity,
        "refunded_amount": money(line.refunded_amount),
    }


def event_json(event: OrderEvent) -> dict:
    """An event of the order's timeline. `reason` is as it always was: a person's own words, or else the reason's
    code; `reason_code` is the code alone (null: none) and `reason_text` what people read, in the request's
    language; `label` is the event's wording."""
    return {
        "at": event.at.isoformat(),
        "type": event.type,
        "by": event.by.username if event.by else None,
        "reason": event.reason or event.reason_code,
        "reason_code": event.reason_code or None,
        "reason_text": str(event.reason_text),
        "label": str(event.get_type_display()),
    }


def order_json(order: StoreOrder, *, detail: bool = False) -> dict:
    body = {
        "order_no": order.order_no,
        "trade_no": order.trade.trade_no,
        "payment_no": order.payment_no,
        "store": {"id": order.store_id, "name": order.store.name},
        "status": order.status,
        "lines": [line_json(line) for line in order.lines.all()],
        "subtotal": money(order.subtotal),
        "discount": money(order.discount),
        "freight": money(order.freight),
        "payable": money(order.payable),
        "created_at": order.created_at.isoformat(),
        "paid_at": order.paid_at.isoformat() if order.paid_at else None,
        "expires_at": order.trade.expires_at.isoformat() if order.status == OrderStatus.PENDING_PAYMENT else None,
    }
    if detail:
        body["receiver"] = {
            "name": order.receiver_name,
            "phone": order.receiver_phone,
            "region": order.receiver_region_id,
            "address": order.receiver_address,
        }
        body["shipments"] = [parcel_json(parcel) for parcel in order.parcels.all()]
        body["events"] = [event_json(event) for event in order.events.all()]
    return body


class OrdersApi(APIView):
    """GET /api/v1/orders/?status=: the member's store orders, newest first."""

    @extend_schema(operation_id="v1_orders_list", parameters=[STATUS_FILTER], responses=OBJECTS)
    def get(self, request):
        orders = selectors.member_orders(user=request.user, status=_status_filter(request))
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(orders, request, view=self)
        return paginator.get_paginated_response([order_json(order) for order in page])


class OrderApi(APIView):
    """GET /api/v1/orders/{order_no}/: one of the member's orders with lines, parcels and events."""

    @extend_schema(responses={200: dict})
    def get(self, request, order_no: str):
        return Response(order_json(selectors.member_order(user=request.user, order_no=order_no), detail=True))


class OrderCancelApi(APIView):
    """POST /api/v1/orders/{order_no}/cancel/ {"reason"?}: only while the order waits for payment."""

    class InputSerializer(InputSerializer):
        reason = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)

    @extend_schema(request=InputSerializer, responses={200: dict, 409: NOT_PENDING})
    def post(self, request, order_no: str):
        order = selectors.member_order(user=request.user, order_no=order_no)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order_cancel(order=order, by=request.user, reason=data.validated_data["reason"])
        return Response(order_json(selectors.member_order(user=request.user, order_no=order_no), detail=True))


class OrderConfirmReceiptApi(APIView):
    """POST /api/v1/orders/{order_no}/confirm-receipt/: the goods arrived (shipped or delivered orders)."""

    @extend_schema(request=None, responses={200: dict, 409: NOT_PENDING})
    def post(self, request, order_no: str):
        order_confirm_receipt(order=selectors.member_order(user=request.user, order_no=order_no), by=request.user)
        return Response(order_json(selectors.member_order(user=request.user, order_no=order_no), detail=True))


def seller_order_json(order: StoreOrder) -> dict:
    """An order as its store sees it: the shopper's part without their account, plus the receiver."""
    body = order_json(order)
    body["buyer"] = order.user.username
    body["receiver"] = {
        "name": order.receiver_name,
        "phone": order.receiver_phone,
        "region": order.receiver_region_id,
        "address": order.receiver_address,
    }
    body["note"] = order.note
    return body


class SellerOrdersApi(SellerAPIView):
    """GET /api/v1/seller/orders/?status=: the store's orders, newest first, in a fixed number of queries."""

    @extend_schema(operation_id="v1_seller_orders_list", parameters=[STATUS_FILTER], responses=OBJECTS)
    def get(self, request):
        wanted = _status_filter(request)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(
            selectors.store_orders(store_id=self.store.pk, status=wanted), request, view=self
        )
        return paginator.get_paginated_response([seller_order_json(order) for order in page])


class SellerOrderApi(SellerAPIView):
    """GET /api/v1/seller/orders/{order_no}/: one of the store's orders; another store's is not found."""

    @extend_schema(responses={200: dict})
    def get(self, request, order_no: str):
        order = selectors.store_orders(store_id=self.store.pk).filter(order_no=order_no).first()
        if order is None:
            raise NotFound()
        return Response(seller_order_json(order))


def _status_filter(request) -> str | None:
    wanted = request.query_params.get("status") or None
    if wanted is not None and wanted not in OrderStatus.values:
        choices = ", ".join(OrderStatus.values)
        raise InvalidInput(_("Unknown status."), fields={"status": [_("One of: %s.") % choices]})
    return wanted
