from django.urls import path

from orders.pickup import apis

urlpatterns = [
    path("seller/pickups/collect/", apis.SellerPickupCollectApi.as_view(), name="seller-pickup-collect"),
]
