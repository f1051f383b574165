from django.urls import path

from orders.checkout import apis

urlpatterns = [
    path("checkout/preview/", apis.CheckoutPreviewApi.as_view(), name="checkout-preview"),
    path("checkout/submit/", apis.CheckoutSubmitApi.as_view(), name="checkout-submit"),
]
