"""After-sales APIs: the shopper asks, withdraws or escalates; the store approves, rejects or receives the
return; an operator arbitrates. Every refund is reached through a selector scoped to the one asking."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.pagination import PageNumberPagination
from marketplace.api.permissions import IsOperator
from marketplace.api.schema import error_response
from marketplace.api.serializers import InputSerializer
from orders.aftersales import selectors
from orders.aftersales import services as aftersales
from orders.aftersales.serializers import ReasonInput, RefundSerializer
from orders.exceptions import InvalidInput
from orders.lifecycle.selectors import member_order
from orders.models import RefundKind, RefundReason, RefundStatus
from stores.seller import SellerAPIView

STATUS_FILTER = OpenApiParameter("status", enum=RefundStatus.values, description="Only refunds in this status.")
WRONG_STATUS = error_response("invalid_transition", description="Not from the refund's (or the order's) status.")


def refund_page(view: APIView, request, refunds) -> Response:
    wanted = request.query_params.get("status") or None
    if wanted is not None:
        if wanted not in RefundStatus.values:
            choices = ", ".join(RefundStatus.values)
            raise InvalidInput(_("Unknown status."), fields={"status": [_("One of: %s.") % choices]})
        refunds = refunds.filter(status=wanted)
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(refunds, request, view=view)
    return paginator.get_paginated_response(RefundSerializer(page, many=True).data)


class OrderRefundsApi(APIView):
    """POST /api/v1/orders/{order_no}/refunds/ {"kind","lines":[{"line","quantity"}],"reason_code","reason"}
    (API.md): a reason code of the kind's, or none (then "other", and the words are required)."""

    class LineSerializer(InputSerializer):
        line = serializers.IntegerField(min_value=1)
        quantity = serializers.IntegerField(min_value=1)

    class InputSerializer(InputSerializer):
        kind = serializers.ChoiceField(choices=RefundKind.choices)
        lines = serializers.ListField(child=serializers.DictField(), min_length=1, max_length=200)
        reason_code = serializers.ChoiceField(choices=RefundReason.choices, required=False)
        reason = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)

        def validate_lines(self, lines):
            parts = OrderRefundsApi.LineSerializer(data=lines, many=True)
            parts.is_valid(raise_exception=True)
            return [aftersales.RefundLineRequest(part["line"], part["quantity"]) for part in parts.validated_data]

    @extend_schema(request=InputSerializer, responses={201: RefundSerializer, 409: WRONG_STATUS})
    def post(self, request, order_no: str):
        order = member_order(user=request.user, order_no=order_no)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        refund = aftersales.refund_request(order=order, user=request.user, **data.validated_data)
        return Response(
            RefundSerializer(selectors.member_refund(user=request.user, refund_id=refund.pk)).data, status=201
        )


class RefundsApi(APIView):
    """GET /api/v1/refunds/?status=: the member's after-sales requests."""

    @extend_schema(operation_id="v1_refunds_list", parameters=[STATUS_FILTER], responses=RefundSerializer(many=True))
    def get(self, request):
        return refund_page(self, request, selectors.member_refunds(user=request.user))


class RefundApi(APIView):
    """GET /api/v1/refunds/{id}/: one of the member's refunds."""

    @extend_schema(responses={200: RefundSerializer})
    def get(self, request, refund_id: int):
        return Response(RefundSerializer(selectors.member_refund(user=request.user, refund_id=refund_id)).data)


class RefundCancelApi(APIView):
    """POST /api/v1/refunds/{id}/cancel/: withdraw an open request."""

    @extend_schema(request=None, responses={200: RefundSerializer, 409: WRONG_STATUS})
    def post(self, request, refund_id: int):
        refund = selectors.member_refund(user=request.user, refund_id=refund_id)
        aftersales.refund_cancel(refund=refund, user=request.user)
        return Response(RefundSerializer(selectors.member_refund(user=request.user, refund_id=refund_id)).data)


class RefundEscalateApi(APIView):
    """POST /api/v1/refunds/{id}/escalate/ {"reason"}: ask the platform to decide a rejected request."""

    @extend_schema(request=ReasonInput, responses={200: RefundSerializer, 409: WRONG_STATUS})
    def post(self, request, refund_id: int):
        refund = selectors.member_refund(user=request.user, refund_id=refund_id)
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        aftersales.refund_escalate(refund=refund, user=request.user, reason=data.validated_data["reason"])
        return Response(RefundSerializer(selectors.member_refund(user=request.user, refund_id=refund_id)).data)


class SellerRefundsApi(SellerAPIView):
    """GET /api/v1/seller/refunds/?status=: the store's after-sales queue."""

    @extend_schema(parameters=[STATUS_FILTER], responses=RefundSerializer(many=True))
    def get(self, request):
        return refund_page(self, request, selectors.store_refunds(store_id=self.store.pk))


class SellerRefundDecisionApi(SellerAPIView):
    """POST /api/v1/seller/refunds/{id}/approve/ | reject/ {"reason"} | receive/ (the returned goods arrived)."""

    action = ""

    @extend_schema(request=ReasonInput, responses={200: RefundSerializer, 409: WRONG_STATUS})
    def post(self, request, refund_id: int):
        refund = selectors.store_refund(store_id=self.store.pk, refund_id=refund_id)
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        if self.action == "approve":
            aftersales.refund_approve(refund=refund, by=request.user)
        elif self.action == "receive":
            aftersales.refund_receive_return(refund=refund, by=request.user)
        else:
            aftersales.refund_reject(refund=refund, by=request.user, reason=data.validated_data["reason"])
        return Response(RefundSerializer(selectors.store_refund(store_id=self.store.pk, refund_id=refund_id)).data)


class PlatformRefundsApi(APIView):
    """GET /api/v1/platform/refunds/?status=arbitrating: refunds waiting for an operator."""

    permission_classes = [IsOperator]

    @extend_schema(parameters=[STATUS_FILTER], responses=RefundSerializer(many=True))
    def get(self, request):
        return refund_page(self, request, selectors.all_refunds())


class PlatformRefundArbitrateApi(APIView):
    """POST /api/v1/platform/refunds/{id}/arbitrate/ {"grant": bool, "reason"}: the operator's final word, `reason`
    the written ruling that the shopper and the store both read."""

    permission_classes = [IsOperator]

    class InputSerializer(InputSerializer):
        grant = serializers.BooleanField()
        reason = serializers.CharField(max_length=500)

    @extend_schema(request=InputSerializer, responses={200: RefundSerializer, 409: WRONG_STATUS})
    def post(self, request, refund_id: int):
        refund = selectors.any_refund(refund_id=refund_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        grant, ruling = data.validated_data["grant"], data.validated_data["reason"]
        aftersales.refund_arbitrate(refund=refund, by=request.user, grant=grant, ruling=ruling)
        return Response(RefundSerializer(selectors.any_refund(refund_id=refund_id)).data, status=status.HTTP_200_OK)
