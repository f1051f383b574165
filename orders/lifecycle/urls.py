from django.urls import path

from orders.lifecycle import apis

urlpatterns = [
    path("orders/", apis.OrdersApi.as_view(), name="orders"),
    path("orders/<str:order_no>/", apis.OrderApi.as_view(), name="order"),
    path("orders/<str:order_no>/cancel/", apis.OrderCancelApi.as_view(), name="order-cancel"),
    path("orders/<str:order_no>/confirm-receipt/", apis.OrderConfirmReceiptApi.as_view(), name="order-confirm-receipt"),
    path("me/company/orders/", apis.CompanyOrdersApi.as_view(), name="company-orders"),
    path("seller/orders/", apis.SellerOrdersApi.as_view(), name="seller-orders"),
    path("seller/orders/<str:order_no>/", apis.SellerOrderApi.as_view(), name="seller-order"),
]
