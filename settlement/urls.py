from django.urls import include, path

from settlement import apis

urlpatterns = [
    path("finance/stores/<int:store_id>/terms/", apis.FinanceStoreTermsApi.as_view(), name="finance-store-terms"),
    path(
        "finance/stores/<int:store_id>/supply-prices/",
        apis.FinanceSupplyPricesApi.as_view(),
        name="finance-supply-prices",
    ),
    path("finance/bill-runs/", apis.FinanceBillRunsApi.as_view(), name="finance-bill-runs"),
    path("finance/bill-runs/<int:run_id>/", apis.FinanceBillRunApi.as_view(), name="finance-bill-run"),
    path("finance/bills/", apis.FinanceBillsApi.as_view(), name="finance-bills"),
    path("finance/bills/<int:bill_id>/", apis.FinanceBillApi.as_view(), name="finance-bill"),
    path("finance/bills/<int:bill_id>/lines/", apis.FinanceBillLinesApi.as_view(), name="finance-bill-lines"),
    path("finance/bills/<int:bill_id>/adjustments/", apis.FinanceAdjustmentsApi.as_view(), name="finance-adjustments"),
    path(
        "finance/adjustments/<int:adjustment_id>/approve/",
        apis.FinanceAdjustmentApproveApi.as_view(),
        name="finance-adjustment-approve",
    ),
    path("finance/bills/<int:bill_id>/confirm/", apis.FinanceBillConfirmApi.as_view(), name="finance-bill-confirm"),
    path("finance/bills/<int:bill_id>/payout/", apis.FinancePayoutApi.as_view(), name="finance-bill-payout"),
    path("finance/statements/simulated/", apis.SimulatedStatementApi.as_view(), name="finance-simulated-statement"),
    path("finance/reconciliations/", apis.ReconciliationsApi.as_view(), name="finance-reconciliations"),
    path(
        "finance/reconciliations/<int:statement_id>/", apis.ReconciliationApi.as_view(), name="finance-reconciliation"
    ),
    path(
        "finance/reconciliations/<int:statement_id>/items/",
        apis.ReconciliationItemsApi.as_view(),
        name="finance-reconciliation-items",
    ),
    path(
        "finance/reconciliation-items/<int:item_id>/resolve/",
        apis.ReconciliationItemResolveApi.as_view(),
        name="finance-reconciliation-item-resolve",
    ),
    path("payouts/callback/", apis.PayoutCallbackApi.as_view(), name="payout-callback"),
    path("seller/settlement/bills/", apis.SellerBillsApi.as_view(), name="seller-bills"),
    path(
        "seller/settlement/bills/<int:bill_id>/confirm/",
        apis.SellerBillConfirmApi.as_view(),
        name="seller-bill-confirm",
    ),
    path(
        "seller/settlement/bills/<int:bill_id>/dispute/",
        apis.SellerBillDisputeApi.as_view(),
        name="seller-bill-dispute",
    ),
    path("seller/settlement/bills/<int:bill_id>/", apis.SellerBillApi.as_view(), name="seller-bill"),
    path("seller/settlement/bills/<int:bill_id>/lines/", apis.SellerBillLinesApi.as_view(), name="seller-bill-lines"),
    path("", include("settlement.reports.urls")),
    path("seller/settlement/terms/", apis.SellerSettlementTermsApi.as_view(), name="seller-settlement-terms"),
]
