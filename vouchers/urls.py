from django.urls import path

from vouchers import apis

urlpatterns = [
    path("me/vouchers/", apis.MyVoucherListApi.as_view(), name="my-vouchers"),
    path("me/vouchers/<int:voucher_id>/refund/", apis.MyVoucherRefundApi.as_view(), name="my-voucher-refund"),
    path("seller/voucher-goods/<int:spu_id>/terms/", apis.SellerTermsApi.as_view(), name="seller-voucher-terms"),
    path("seller/vouchers/redeem/", apis.SellerRedeemApi.as_view(), name="seller-voucher-redeem"),
    path("seller/vouchers/redemptions/", apis.SellerRedemptionListApi.as_view(), name="seller-voucher-redemptions"),
]
