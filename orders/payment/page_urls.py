from django.urls import path

from orders.payment import views

urlpatterns = [path("cashier/<str:trade_no>/", views.cashier, name="shop-cashier")]
