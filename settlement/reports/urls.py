from django.urls import path

from settlement.reports import apis

urlpatterns = [
    path("finance/reports/sales/", apis.FinanceReportApi.as_view(), name="finance-report-sales"),
    path("seller/reports/sales/", apis.SellerReportApi.as_view(), name="seller-report-sales"),
]
