"""The e-voucher API (API.md "E-vouchers"): a store's goods' terms, the member's vouchers and their refund, and the
clerk's redemption by code."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.models import Spu
from marketplace.api.pagination import paginated_response
from marketplace.api.schema import error_response
from marketplace.exceptions import NotFound
from stores.permissions import IsStoreManager
from stores.selectors import for_store
from stores.seller import SellerAPIView
from vouchers import selectors, services
from vouchers.serializers import (
    RedeemInputSerializer,
    RedemptionSerializer,
    VoucherSerializer,
    VoucherTermsInputSerializer,
    VoucherTermsSerializer,
)

REDEEM_REFUSALS = (
    "voucher_wrong_store",
    "voucher_expired",
    "voucher_used_up",
    "voucher_refunded",
    "voucher_not_yet_valid",
    "voucher_too_many_uses",
)


class MyVoucherListApi(APIView):
    """GET /api/v1/me/vouchers/: the member's e-vouchers, the newest first."""

    @extend_schema(responses={200: VoucherSerializer(many=True)})
    def get(self, request):
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.member_vouchers(user=request.user),
            serializer_class=VoucherSerializer,
        )


class MyVoucherRefundApi(APIView):
    """POST /api/v1/me/vouchers/{id}/refund/: the unused uses of a valid voucher refunded at once."""

    @extend_schema(request=None, responses={200: VoucherSerializer, 409: error_response("voucher_not_refundable")})
    def post(self, request, voucher_id: int):
        voucher = get_object_or_404(selectors.member_vouchers(user=request.user), pk=voucher_id)
        services.voucher_refund(voucher_id=voucher.pk, user=request.user)
        return Response(VoucherSerializer(selectors.member_vouchers(user=request.user).get(pk=voucher_id)).data)


class SellerTermsApi(SellerAPIView):
    """GET/PUT/DELETE /api/v1/seller/voucher-goods/{spu_id}/terms/: a product of the store sold as e-vouchers
    (staff read; managers and owners write)."""

    def get_permissions(self):
        return super().get_permissions() if self.request.method == "GET" else [IsStoreManager()]

    def _spu(self, spu_id: int) -> Spu:
        return get_object_or_404(for_store(Spu.objects.select_related("store"), self.store), pk=spu_id)

    @extend_schema(responses={200: VoucherTermsSerializer})
    def get(self, request, spu_id: int):
        terms = selectors.terms_of(spu=self._spu(spu_id))
        if terms is None:
            raise NotFound()
        return Response(VoucherTermsSerializer(terms).data)

    @extend_schema(request=VoucherTermsInputSerializer, responses={200: VoucherTermsSerializer})
    def put(self, request, spu_id: int):
        spu = self._spu(spu_id)
        data = VoucherTermsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.terms_set(spu=spu, by=request.user, data=data.to_service())
        return Response(VoucherTermsSerializer(selectors.terms_of(spu=spu)).data)

    @extend_schema(request=None, responses={204: None, 409: error_response("voucher_goods_sold")})
    def delete(self, request, spu_id: int):
        services.terms_remove(spu=self._spu(spu_id), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SellerRedeemApi(SellerAPIView):
    """POST /api/v1/seller/vouchers/redeem/: a clerk uses `uses` (default 1) of the voucher typed or scanned, in
    the clerk's store."""

    @extend_schema(
        request=RedeemInputSerializer,
        responses={
            201: RedemptionSerializer,
            404: error_response("voucher_not_found"),
            409: error_response(*REDEEM_REFUSALS),
        },
    )
    def post(self, request):
        data = RedeemInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        redemption = services.voucher_redeem(
            code=data.validated_data["code"], uses=data.validated_data["uses"], store=self.store, clerk=request.user
        )
        return Response(RedemptionSerializer(redemption).data, status=status.HTTP_201_CREATED)


class SellerRedemptionListApi(SellerAPIView):
    """GET /api/v1/seller/vouchers/redemptions/: the redemptions made in the store, the newest first."""

    @extend_schema(responses={200: RedemptionSerializer(many=True)})
    def get(self, request):
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.store_redemptions(store=self.store),
            serializer_class=RedemptionSerializer,
        )
