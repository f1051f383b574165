from django.urls import path

from orders.checkout import views

urlpatterns = [
    path("checkout/", views.checkout, name="shop-checkout"),
    path("checkout/address/", views.checkout_address, name="shop-checkout-address"),
    path("checkout/buy-now/", views.buy_now, name="shop-buy-now"),
]
