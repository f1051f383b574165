from django.urls import path

from orders.pos import apis

urlpatterns = [
    path("seller/pos/skus/", apis.PosSkusApi.as_view(), name="seller-pos-skus"),
    path("seller/pos/member/", apis.PosMemberApi.as_view(), name="seller-pos-member"),
    path("seller/pos/quote/", apis.PosQuoteApi.as_view(), name="seller-pos-quote"),
    path("seller/pos/sales/", apis.PosSalesApi.as_view(), name="seller-pos-sales"),
    path("seller/pos/sales/<str:trade_no>/refund/", apis.PosRefundApi.as_view(), name="seller-pos-refund"),
    path("seller/pos/settings/", apis.PosSettingsApi.as_view(), name="seller-pos-settings"),
    path("seller/pos/accounts/", apis.PosAccountsApi.as_view(), name="seller-pos-accounts"),
    path("seller/pos/accounts/<int:account_id>/repay/", apis.PosAccountRepayApi.as_view(), name="seller-pos-repay"),
    path("seller/staff/figures/", apis.StaffFiguresApi.as_view(), name="seller-staff-figures"),
]
