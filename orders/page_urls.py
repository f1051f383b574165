from django.urls import path

from orders import views

urlpatterns = [
    path("cart/", views.cart, name="shop-cart"),
    path("cart/lines/<int:item_id>/", views.cart_line, name="shop-cart-line"),
    path("cart/select-all/", views.cart_select_all, name="shop-cart-select-all"),
    path("checkout/", views.checkout, name="shop-checkout"),
    path("checkout/address/", views.checkout_address, name="shop-checkout-address"),
    path("orders/", views.orders, name="shop-orders"),
    path("orders/<str:order_no>/", views.order, name="shop-order"),
    path("orders/<str:order_no>/refund/", views.order_refund, name="shop-order-refund"),
    *(
        path(f"orders/<str:order_no>/{action}/", views.order_action, {"action": action}, name=f"shop-order-{action}")
        for action in ("pay", "cancel", "confirm", "buy-again")
    ),
    path("refunds/<int:refund_id>/withdraw/", views.refund_withdraw, name="shop-refund-withdraw"),
]
