"""Orders over the API: the member's list and detail, cancel and confirm receipt; the store's list and detail."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.amounts import money_text as money
from marketplace.api.pagination import PageNumberPagination
from marketplace.api.schema import error_response
from marketplace.api.serializers import InputSerializer
from orders.exceptions import InvalidInput, NotFound
from orders.lifecycle import selectors
from orders.lifecycle.cancellation import order_cancel
from orders.lifecycle.receipt import order_confirm_receipt
from orders.models import OrderEvent, OrderLine, OrderStatus, StoreOrder
from orders.shipping.apis import parcel_json
from stores.seller import SellerAPIView

# Responses built by hand (order_json and its kin) are objects to the schema; lists of them are pages of objects.
OBJECTS = serializers.ListSerializer(child=serializers.DictField())

STATUS_FILTER = OpenApiParameter("status", enum=OrderStatus.values, description="Only orders in this status.")

NOT_PENDING = error_response("invalid_transition", description="Not from the order's current status.")


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
