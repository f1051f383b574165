from django.urls import path

from orders.shipping import apis

urlpatterns = [
    path("seller/shipments/", apis.SellerShipmentsApi.as_view(), name="seller-shipments"),
    path("seller/shipments/<int:parcel_id>/ship/", apis.SellerShipmentShipApi.as_view(), name="seller-shipment-ship"),
]
