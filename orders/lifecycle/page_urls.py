from django.urls import path

from orders.lifecycle import views

urlpatterns = [
    path("orders/", views.orders, name="shop-orders"),
    path("me/company/orders/", views.company_orders, name="shop-me-company-orders"),
    path("orders/<str:order_no>/", views.order, name="shop-order"),
    *(
        path(f"orders/<str:order_no>/{action}/", views.order_action, {"action": action}, name=f"shop-order-{action}")
        for action in ("pay", "cancel", "confirm", "buy-again")
    ),
]
