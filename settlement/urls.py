from django.urls import path

from settlement import apis

urlpatterns = [
    path("finance/stores/<int:store_id>/terms/", apis.FinanceStoreTermsApi.as_view(), name="finance-store-terms"),
    path(
        "finance/stores/<int:store_id>/supply-prices/",
        apis.FinanceSupplyPricesApi.as_view(),
        name="finance-supply-prices",
    ),
    path("seller/settlement/terms/", apis.SellerSettlementTermsApi.as_view(), name="seller-settlement-terms"),
]
