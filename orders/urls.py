from django.urls import path

from orders import apis, refund_apis
from orders.shipping import apis as shipment_apis

urlpatterns = [
    path("cart/", apis.CartApi.as_view(), name="cart"),
    path("cart/items/", apis.CartItemsApi.as_view(), name="cart-items"),
    path("cart/items/<int:item_id>/", apis.CartItemApi.as_view(), name="cart-item"),
    path("checkout/preview/", apis.CheckoutPreviewApi.as_view(), name="checkout-preview"),
    path("checkout/submit/", apis.CheckoutSubmitApi.as_view(), name="checkout-submit"),
    path("payments/callback/simulated/", apis.SimulatedCallbackApi.as_view(), name="payment-callback-simulated"),
    path("payments/<str:trade_no>/", apis.PaymentStartApi.as_view(), name="payment-start"),
    path("orders/", apis.OrdersApi.as_view(), name="orders"),
    path("orders/<str:order_no>/", apis.OrderApi.as_view(), name="order"),
    path("orders/<str:order_no>/cancel/", apis.OrderCancelApi.as_view(), name="order-cancel"),
    path("orders/<str:order_no>/confirm-receipt/", apis.OrderConfirmReceiptApi.as_view(), name="order-confirm-receipt"),
    path("orders/<str:order_no>/refunds/", refund_apis.OrderRefundsApi.as_view(), name="order-refunds"),
    path("refunds/", refund_apis.RefundsApi.as_view(), name="refunds"),
    path("refunds/<int:refund_id>/", refund_apis.RefundApi.as_view(), name="refund"),
    path("refunds/<int:refund_id>/cancel/", refund_apis.RefundCancelApi.as_view(), name="refund-cancel"),
    path("refunds/<int:refund_id>/escalate/", refund_apis.RefundEscalateApi.as_view(), name="refund-escalate"),
    path("seller/refunds/", refund_apis.SellerRefundsApi.as_view(), name="seller-refunds"),
    *(
        path(
            f"seller/refunds/<int:refund_id>/{action}/",
            refund_apis.SellerRefundDecisionApi.as_view(action=action),
            name=f"seller-refund-{action}",
        )
        for action in ("approve", "reject", "receive")
    ),
    path("platform/refunds/", refund_apis.PlatformRefundsApi.as_view(), name="platform-refunds"),
    path(
        "platform/refunds/<int:refund_id>/arbitrate/",
        refund_apis.PlatformRefundArbitrateApi.as_view(),
        name="platform-refund-arbitrate",
    ),
    path("seller/orders/", apis.SellerOrdersApi.as_view(), name="seller-orders"),
    path("seller/orders/<str:order_no>/", apis.SellerOrderApi.as_view(), name="seller-order"),
    path("seller/shipments/", shipment_apis.SellerShipmentsApi.as_view(), name="seller-shipments"),
    path(
        "seller/shipments/<int:parcel_id>/ship/",
        shipment_apis.SellerShipmentShipApi.as_view(),
        name="seller-shipment-ship",
    ),
]
