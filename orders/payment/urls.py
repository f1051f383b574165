from django.urls import path

from orders.payment import apis

urlpatterns = [
    # The callback before the trade's path: "callback" would otherwise be read as a trade number.
    path("payments/callback/simulated/", apis.SimulatedCallbackApi.as_view(), name="payment-callback-simulated"),
    path("me/company/statements/<int:credit_statement_id>/pay/", apis.StatementPayApi.as_view(), name="statement-pay"),
    path("payments/<str:trade_no>/", apis.PaymentStartApi.as_view(), name="payment-start"),
]
