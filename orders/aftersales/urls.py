from django.urls import path

from orders.aftersales import apis

urlpatterns = [
    path("orders/<str:order_no>/refunds/", apis.OrderRefundsApi.as_view(), name="order-refunds"),
    path("refunds/", apis.RefundsApi.as_view(), name="refunds"),
    path("refunds/<int:refund_id>/", apis.RefundApi.as_view(), name="refund"),
    path("refunds/<int:refund_id>/cancel/", apis.RefundCancelApi.as_view(), name="refund-cancel"),
    path("refunds/<int:refund_id>/escalate/", apis.RefundEscalateApi.as_view(), name="refund-escalate"),
    path("seller/refunds/", apis.SellerRefundsApi.as_view(), name="seller-refunds"),
    *(
        path(
            f"seller/refunds/<int:refund_id>/{action}/",
            apis.SellerRefundDecisionApi.as_view(action=action),
            name=f"seller-refund-{action}",
        )
        for action in ("approve", "reject", "receive")
    ),
    path("platform/refunds/", apis.PlatformRefundsApi.as_view(), name="platform-refunds"),
    path(
        "platform/refunds/<int:refund_id>/arbitrate/",
        apis.PlatformRefundArbitrateApi.as_view(),
        name="platform-refund-arbitrate",
    ),
]
