"""The presale API: the storefront's presales, the member's deposits (and withdrawing one in the deposit window),
and the store's presales (create, list, publish, cancel). Deposits and balances are paid through the checkout
with `"play": "presale:<presale>"` or `"presale_balance:<deposit>"` (orders/plays.py)."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.pagination import paginated_response
from marketplace.api.schema import error_response
from presales import selectors, services
from presales.serializers import DepositSerializer, PresaleInputSerializer, PresaleSerializer
from stores.permissions import IsStoreManager
from stores.seller import SellerAPIView


class PresaleListApi(APIView):
    """GET /api/v1/presales/: published presales taking deposits (or soon to), or taking balances."""

    permission_classes = [AllowAny]
    pagination_class = None  # a few weeks' presales: a short list, whole

    @extend_schema(responses={200: PresaleSerializer(many=True)})
    def get(self, request):
        return Response(PresaleSerializer(selectors.storefront_presales(now=timezone.now()), many=True).data)


class MyDepositListApi(APIView):
    """GET /api/v1/me/presale-deposits/: the member's deposits, the newest first."""

    @extend_schema(responses={200: DepositSerializer(many=True)})
    def get(self, request):
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.member_deposits(user=request.user),
            serializer_class=DepositSerializer,
        )


class MyDepositApi(APIView):
    """GET /api/v1/me/presale-deposits/{id}/: one of the member's deposits (another member's is not found)."""

    @extend_schema(responses={200: DepositSerializer, 404: error_response("not_found")})
    def get(self, request, deposit_id: int):
        deposit = get_object_or_404(selectors.member_deposits(user=request.user), pk=deposit_id)
        return Response(DepositSerializer(deposit).data)


class MyDepositWithdrawApi(APIView):
    """POST /api/v1/me/presale-deposits/{id}/withdraw/: the deposit refunded in full, in the deposit window only."""

    @extend_schema(
        request=None,
        responses={
            200: DepositSerializer,
            409: error_response("presale_not_refundable", "presale_deposit_not_payable"),
        },
    )
    def post(self, request, deposit_id: int):
        deposit = get_object_or_404(selectors.member_deposits(user=request.user), pk=deposit_id)
        services.deposit_withdraw(deposit=deposit, user=request.user)
        return Response(DepositSerializer(selectors.member_deposits(user=request.user).get(pk=deposit_id)).data)


class SellerPresaleListApi(SellerAPIView):
    """GET/POST /api/v1/seller/presales/: the store's presales; create a draft for its own SKU (managers and
    owners; store funded)."""

    def get_permissions(self):
        return [IsStoreManager()] if self.request.method == "POST" else super().get_permissions()

    @extend_schema(responses={200: PresaleSerializer(many=True)})
    def get(self, request):
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.store_presales(store=self.store),
            serializer_class=PresaleSerializer,
        )

    @extend_schema(request=PresaleInputSerializer, responses={201: PresaleSerializer})
    def post(self, request):
        data = PresaleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        presale = services.presale_create(store=self.store, by=request.user, values=data.to_service())
        return Response(PresaleSerializer(presale).data, status=status.HTTP_201_CREATED)


class _SellerPresaleAction(SellerAPIView):
    permission_classes = [IsStoreManager]
    service = staticmethod(services.presale_publish)

    @extend_schema(
        request=None,
        responses={200: PresaleSerializer, 409: error_response("invalid_transition")},
    )
    def post(self, request, presale_id: int):
        presale = get_object_or_404(selectors.store_presales(store=self.store), pk=presale_id)
        self.service(presale=presale, by=request.user)
        return Response(PresaleSerializer(selectors.store_presales(store=self.store).get(pk=presale_id)).data)


class SellerPresalePublishApi(_SellerPresaleAction):
    """POST /api/v1/seller/presales/{id}/publish/: show a draft on the storefront."""

    service = staticmethod(services.presale_publish)


class SellerPresaleCancelApi(_SellerPresaleAction):
    """POST /api/v1/seller/presales/{id}/cancel/: call it off; every deposit not used yet is refunded in full."""

    service = staticmethod(services.presale_cancel)
