from django.urls import path

from orders.payment import views

urlpatterns = [
    path("cashier/<str:trade_no>/", views.cashier, name="shop-cashier"),
    path(
        "me/company/statements/<int:credit_statement_id>/pay/",
        views.statement_pay,
        name="shop-me-company-statement-pay",
    ),
]
