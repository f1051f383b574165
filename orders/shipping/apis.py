"""The seller's shipping API: the store's parcels, and shipping one (the parcels' output is in serializers.py)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from logistics.models import Carrier
from marketplace.api.pagination import PageNumberPagination
from marketplace.api.schema import error_response
from orders.exceptions import InvalidInput
from orders.models import ParcelStatus
from orders.shipping import selectors
from orders.shipping.serializers import ParcelShipInput, SellerParcelSerializer
from orders.shipping.services import parcel_ship
from stores.seller import SellerAPIView


class SellerShipmentsApi(SellerAPIView):
    """GET /api/v1/seller/shipments/?status=pending|shipped|delivered: the store's parcels, in a fixed number
    of queries; those waiting to ship oldest first."""

    @extend_schema(
        parameters=[OpenApiParameter("status", enum=ParcelStatus.values, description="Only parcels in this status.")],
        responses=SellerParcelSerializer(many=True),
    )
    def get(self, request):
        wanted = request.query_params.get("status") or None
        if wanted is not None and wanted not in ParcelStatus.values:
            choices = ", ".join(ParcelStatus.values)
            raise InvalidInput(_("Unknown status."), fields={"status": [_("One of: %s.") % choices]})
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(selectors.store_parcels(store=self.store, status=wanted), request, view=self)
        return paginator.get_paginated_response(SellerParcelSerializer(page, many=True).data)


class SellerShipmentShipApi(SellerAPIView):
    """POST /api/v1/seller/shipments/{id}/ship/ {"carrier": code, "tracking_no"}: the parcel leaves with the
    carrier; its stock leaves on hand and the order becomes partly shipped or shipped. Any staff role may."""

    InputSerializer = ParcelShipInput

    @extend_schema(
        request=InputSerializer,
        responses={
            200: SellerParcelSerializer,
            409: error_response("invalid_transition", description="The parcel has left already."),
        },
    )
    def post(self, request, parcel_id: int):
        parcel = selectors.store_parcel(store=self.store, parcel_id=parcel_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        carrier = Carrier.objects.active().filter(code=data.validated_data["carrier"]).first()
        if carrier is None:
            raise InvalidInput(_("Unknown carrier."), fields={"carrier": [_("Not a carrier we ship with.")]})
        parcel_ship(parcel=parcel, carrier=carrier, tracking_no=data.validated_data["tracking_no"], by=request.user)
        shipped = selectors.store_parcels(store=self.store).get(pk=parcel.pk)
        return Response(SellerParcelSerializer(shipped).data)
