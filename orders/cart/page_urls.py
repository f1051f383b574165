from django.urls import path

from orders.cart import views

urlpatterns = [
    path("cart/", views.cart, name="shop-cart"),
    path("cart/lines/<int:item_id>/", views.cart_line, name="shop-cart-line"),
    path("cart/select-all/", views.cart_select_all, name="shop-cart-select-all"),
    path("cart/quote/<int:store_id>/", views.cart_quote, name="shop-cart-quote"),
    path("cart/add/", views.cart_add, name="shop-cart-add"),
    path("cart/guest/<int:sku_id>/remove/", views.guest_cart_remove, name="shop-guest-cart-remove"),
]
