"""The clerk's API of store pickup: hand an order over by its pickup code (docs/decisions/0037)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from marketplace.api.schema import error_response
from marketplace.api.serializers import InputSerializer
from orders.lifecycle.serializers import SellerOrderSerializer
from orders.pickup.services import pickup_collect
from stores.seller import SellerAPIView

PICKUP_REFUSALS = error_response(
    "pickup_code_unknown",
    "pickup_wrong_store",
    "pickup_already_collected",
    "pickup_not_collectable",
    description="No order has the code, it is another store's, it was collected, or it is unpaid or closed.",
)


class PickupCodeInput(InputSerializer):
    code = serializers.RegexField(r"^\s*\d{6,12}\s*$", max_length=20)


class SellerPickupCollectApi(SellerAPIView):
    """POST /api/v1/seller/pickups/collect/ {"code"}: the clerk typed or scanned the shopper's pickup code; the order
    is handed over (delivered) and returned."""

    @extend_schema(request=PickupCodeInput, responses={200: SellerOrderSerializer, 409: PICKUP_REFUSALS})
    def post(self, request):
        data = PickupCodeInput(data=request.data)
        data.is_valid(raise_exception=True)
        order = pickup_collect(store=self.store, code=data.validated_data["code"], by=request.user)
        return Response(SellerOrderSerializer(order).data)
