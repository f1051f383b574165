"""Orders over the API: the member's list and detail, cancel and confirm receipt; the store's list and detail."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.pagination import PageNumberPagination
from marketplace.api.schema import error_response
from marketplace.api.serializers import InputSerializer
from orders.exceptions import InvalidInput, NotFound
from orders.lifecycle import selectors
from orders.lifecycle.cancellation import order_cancel
from orders.lifecycle.receipt import order_confirm_receipt
from orders.lifecycle.serializers import OrderDetailSerializer, OrderSerializer, SellerOrderSerializer
from orders.models import OrderStatus
from stores.seller import SellerAPIView

STATUS_FILTER = OpenApiParameter("status", enum=OrderStatus.values, description="Only orders in this status.")

NOT_PENDING = error_response("invalid_transition", description="Not from the order's current status.")


class OrdersApi(APIView):
    """GET /api/v1/orders/?status=: the member's store orders, newest first."""

    @extend_schema(operation_id="v1_orders_list", parameters=[STATUS_FILTER], responses=OrderSerializer(many=True))
    def get(self, request):
        orders = selectors.member_orders(user=request.user, status=_status_filter(request))
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(orders, request, view=self)
        return paginator.get_paginated_response(OrderSerializer(page, many=True).data)


class CompanyOrdersApi(APIView):
    """GET /api/v1/me/company/orders/?status=: the store orders of every user of the caller's company, newest first
    (404 without a company)."""

    @extend_schema(parameters=[STATUS_FILTER], responses=OrderSerializer(many=True))
    def get(self, request):
        orders = selectors.company_orders(user=request.user, status=_status_filter(request))
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(orders, request, view=self)
        return paginator.get_paginated_response(OrderSerializer(page, many=True).data)


class OrderApi(APIView):
    """GET /api/v1/orders/{order_no}/: one of the member's orders with lines, parcels and events."""

    @extend_schema(responses={200: OrderDetailSerializer})
    def get(self, request, order_no: str):
        return Response(OrderDetailSerializer(selectors.member_order(user=request.user, order_no=order_no)).data)


class OrderCancelApi(APIView):
    """POST /api/v1/orders/{order_no}/cancel/ {"reason"?}: only while the order waits for payment."""

    class InputSerializer(InputSerializer):
        reason = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)

    @extend_schema(request=InputSerializer, responses={200: OrderDetailSerializer, 409: NOT_PENDING})
    def post(self, request, order_no: str):
        order = selectors.member_order(user=request.user, order_no=order_no)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order_cancel(order=order, by=request.user, reason=data.validated_data["reason"])
        return Response(OrderDetailSerializer(selectors.member_order(user=request.user, order_no=order_no)).data)


class OrderConfirmReceiptApi(APIView):
    """POST /api/v1/orders/{order_no}/confirm-receipt/: the goods arrived (shipped or delivered orders)."""

    @extend_schema(request=None, responses={200: OrderDetailSerializer, 409: NOT_PENDING})
    def post(self, request, order_no: str):
        order_confirm_receipt(order=selectors.member_order(user=request.user, order_no=order_no), by=request.user)
        return Response(OrderDetailSerializer(selectors.member_order(user=request.user, order_no=order_no)).data)


class SellerOrdersApi(SellerAPIView):
    """GET /api/v1/seller/orders/?status=: the store's orders, newest first, in a fixed number of queries."""

    @extend_schema(
        operation_id="v1_seller_orders_list", parameters=[STATUS_FILTER], responses=SellerOrderSerializer(many=True)
    )
    def get(self, request):
        wanted = _status_filter(request)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(
            selectors.store_orders(store_id=self.store.pk, status=wanted), request, view=self
        )
        return paginator.get_paginated_response(SellerOrderSerializer(page, many=True).data)


class SellerOrderApi(SellerAPIView):
    """GET /api/v1/seller/orders/{order_no}/: one of the store's orders; another store's is not found."""

    @extend_schema(responses={200: SellerOrderSerializer})
    def get(self, request, order_no: str):
        order = selectors.store_orders(store_id=self.store.pk).filter(order_no=order_no).first()
        if order is None:
            raise NotFound()
        return Response(SellerOrderSerializer(order).data)


def _status_filter(request) -> str | None:
    wanted = request.query_params.get("status") or None
    if wanted is not None and wanted not in OrderStatus.values:
        choices = ", ".join(OrderStatus.values)
        raise InvalidInput(_("Unknown status."), fields={"status": [_("One of: %s.") % choices]})
    return wanted
