from django.urls import path

from vouchers import views

urlpatterns = [
    path("me/vouchers/", views.my_vouchers, name="shop-me-vouchers"),
    path("me/vouchers/<int:voucher_id>/refund/", views.voucher_refund, name="shop-me-voucher-refund"),
]
