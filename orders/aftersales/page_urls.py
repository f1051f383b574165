from django.urls import path

from orders.aftersales import views

urlpatterns = [
    path("orders/<str:order_no>/refund/", views.order_refund, name="shop-order-refund"),
    path("refunds/<int:refund_id>/", views.refund_detail, name="shop-refund"),
    path("refunds/<int:refund_id>/escalate/", views.refund_escalate_page, name="shop-refund-escalate"),
    path("refunds/<int:refund_id>/withdraw/", views.refund_withdraw, name="shop-refund-withdraw"),
]
