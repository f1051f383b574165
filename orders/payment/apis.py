"""Payment over the API: the shopper starts a merged payment of a trade; the simulated gateway notifies."""

from decimal import Decimal

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.schema import error_response
from marketplace.api.serializers import InputSerializer
from orders.payment import selectors
from orders.payment.credit_repayments import statement_methods, statement_payment_start
from orders.payment.gateways import gateway, gateway_names
from orders.payment.methods import method_names
from orders.payment.serializers import PaymentStartedSerializer, PaymentStatusSerializer, SimulatedNotification
from orders.payment.services import payment_callback_simulated, payment_start


class PaymentStartApi(APIView):
    """POST /api/v1/payments/{trade_no}/ {"method"}: a merged payment of the trade's unpaid orders. `method` is a
    gateway ("simulated") or a channel it settles ("alipay", "wechat_pay", "unionpay": orders.payment.methods);
    anything else is validation_error naming `method`."""

    class InputSerializer(InputSerializer):
        method = serializers.ChoiceField(choices=method_names())

    @extend_schema(
        request=InputSerializer,
        responses={
            201: PaymentStartedSerializer,
            409: error_response("invalid_transition", description="Nothing to pay, or the time to pay has run out."),
        },
    )
    def post(self, request, trade_no: str):
        trade = selectors.trade_of(user=request.user, trade_no=trade_no)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        payment = payment_start(trade=trade, method=data.validated_data["method"])
        url = gateway(payment.method).pay_url(payment) if payment.method in gateway_names() else None
        context = {"pay_url": request.build_absolute_uri(url) if url else None}
        return Response(PaymentStartedSerializer(payment, context=context).data, status=status.HTTP_201_CREATED)


class SimulatedCallbackApi(APIView):
    """POST /api/v1/payments/callback/simulated/: the simulated gateway's signed notification (API.md)."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=SimulatedNotification,
        parameters=[OpenApiParameter("X-Signature", location=OpenApiParameter.HEADER, required=True)],
        responses={200: PaymentStatusSerializer, 404: error_response("not_found", description="No such payment.")},
    )
    def post(self, request):
        payment = payment_callback_simulated(body=request.body, signature=request.headers.get("X-Signature", ""))
        return Response(PaymentStatusSerializer(payment).data)


class StatementPayApi(APIView):
    """POST /api/v1/me/company/statements/{id}/pay/ {"amount", "method"}: the company's finance user (or admin) pays
    part or all of what a credit statement still owes through the gateway (decision 0043); pay at `pay_url`. The
    gateway's notification records the repayment, allocated to the statement's orders oldest due first."""

    class InputSerializer(InputSerializer):
        amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
        method = serializers.ChoiceField(choices=statement_methods())

    @extend_schema(
        request=InputSerializer,
        responses={
            201: PaymentStartedSerializer,
            403: error_response("not_company_finance", description="A buyer or approver who is not its admin."),
            409: error_response("repayment_exceeds_balance", description="More than the statement still owes."),
        },
    )
    def post(self, request, credit_statement_id: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        payment = statement_payment_start(user=request.user, statement_id=credit_statement_id, **data.validated_data)
        url = gateway(payment.method).pay_url(payment) if payment.method in gateway_names() else None
        context = {"pay_url": request.build_absolute_uri(url) if url else None}
        return Response(PaymentStartedSerializer(payment, context=context).data, status=status.HTTP_201_CREATED)
