"""The finance console's pages under /finance/ (settlement/finance_views.py)."""

from django.urls import path

from settlement import finance_views as views
from settlement.reports import views as reports

app_name = "finance"

urlpatterns = [
    path("", views.home, name="home"),
    path("runs/<int:run_id>/progress/", views.run_progress, name="run-progress"),
    path("bills/", views.bill_list, name="bills"),
    path("bills/<int:bill_id>/", views.bill_detail, name="bill"),
    path("bills/<int:bill_id>/adjustments/", views.bill_adjust, name="bill-adjust"),
    path("bills/<int:bill_id>/confirm/", views.bill_confirm, name="bill-confirm"),
    path("bills/<int:bill_id>/pay/", views.bill_pay, name="bill-pay"),
    path("disputes/", views.disputes, name="disputes"),
    path("adjustments/", views.adjustments, name="adjustments"),
    path("adjustments/<int:adjustment_id>/approve/", views.adjustment_approve, name="adjustment-approve"),
    path("payouts/", views.payouts, name="payouts"),
    path("stores/", views.store_list, name="stores"),
    path("stores/<int:store_id>/terms/", views.store_terms, name="store-terms"),
    path("reports/", reports.finance_reports, name="reports"),
    path("reconciliation/", views.reconciliation, name="reconciliation"),
    path("reconciliation/simulated/", views.simulated_statement, name="simulated-statement"),
    path("reconciliation/<int:statement_id>/", views.statement_detail, name="statement"),
    path("reconciliation/items/<int:item_id>/resolve/", views.statement_item_resolve, name="statement-item-resolve"),
]
