"""Parcels over the API: their JSON (also in the shopper's order detail) and the seller's shipping views."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from logistics.models import Carrier
from marketplace.api.pagination import PageNumberPagination
from marketplace.api.schema import error_response
from orders.exceptions import InvalidInput
from orders.models import Parcel, ParcelStatus
from orders.shipping import selectors
from orders.shipping.serializers import ParcelShipInput
from orders.shipping.services import parcel_ship
from stores.seller import SellerAPIView


def parcel_json(parcel: Parcel) -> dict:
    """A parcel as API.md's `shipments` item, with its tracking events (prefetched by the caller)."""
    return {
        "id": parcel.pk,
        "warehouse": {"id": parcel.warehouse_id, "name": parcel.warehouse.name},
        "carrier": {"code": parcel.carrier.code, "name": parcel.carrier.name} if parcel.carrier else None,
        "tracking_no": parcel.tracking_no,
        "status": parcel.status,
        "shipping_category": parcel.shipping_category,
        "shipped_at": parcel.shipped_at.isoformat() if parcel.shipped_at else None,
        "delivered_at": parcel.delivered_at.isoformat() if parcel.delivered_at else None,
        "lines": [
            {"line": line.order_line_id, "sku": line.sku_id, "quantity": line.quantity} for line in parcel.lines.all()
        ],
        "events": [
            {
                "status": event.status,
                "at": event.at.isoformat(),
                "location": event.location,
                "description": event.description,
            }
            for event in parcel.events.all()
        ],
    }


def seller_parcel_json(parcel: Parcel) -> dict:
    """A parcel as the store packs it: the order and receiver, what goes in, weight and volume."""
    order = parcel.order
    return {
        "id": parcel.pk,
        "order_no": order.order_no,
        "status": parcel.status,
        "warehouse": {"id": parcel.warehouse_id, "name": parcel.warehouse.name},
        "carrier": {"code": parcel.carrier.code, "name": parcel.carrier.name} if parcel.carrier else None,
        "tracking_no": parcel.tracking_no,
        "weight_g": parcel.weight_g,
        "volume_mm3": parcel.volume_mm3,
        "shipping_category": parcel.shipping_category,
        "over_limit": parcel.over_limit,
        "created_at": parcel.created_at.isoformat(),
        "shipped_at": parcel.shipped_at.isoformat() if parcel.shipped_at else None,
        "receiver": {
            "name": order.receiver_name,
            "phone": order.receiver_phone,
            "region": order.receiver_region_id,
            "address": order.receiver_address,
        },
        "lines": [
            {
                "line": line.order_line_id,
                "sku": line.sku_id,
                "title": line.order_line.title,
                "specs": line.order_line.specs,
                "quantity": line.quantity,
            }
            for line in parcel.lines.all()
        ],
    }


class SellerShipmentsApi(SellerAPIView):
    """GET /api/v1/seller/shipments/?status=pending|shipped|delivered: the store's parcels, in a fixed number
    of queries; those waiting to ship oldest first."""

    @extend_schema(
        parameters=[OpenApiParameter("status", enum=ParcelStatus.values, description="Only parcels in this status.")],
        responses=serializers.ListSerializer(child=serializers.DictField()),
    )
    def get(self, request):
        wanted = request.query_params.get("status") or None
        if wanted is not None and wanted not in ParcelStatus.values:
            choices = ", ".join(ParcelStatus.values)
            raise InvalidInput(_("Unknown status."), fields={"status": [_("One of: %s.") % choices]})
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(selectors.store_parcels(store=self.store, status=wanted), request, view=self)
        return paginator.get_paginated_response([seller_parcel_json(parcel) for parcel in page])


class SellerShipmentShipApi(SellerAPIView):
    """POST /api/v1/seller/shipments/{id}/ship/ {"carrier": code, "tracking_no"}: the parcel leaves with the
    carrier; its stock leaves on hand and the order becomes partly shipped or shipped. Any staff role may."""

    InputSerializer = ParcelShipInput

    @extend_schema(
        request=InputSerializer,
        responses={200: dict, 409: error_response("invalid_transition", description="The parcel has left already.")},
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
        return Response(seller_parcel_json(shipped))
