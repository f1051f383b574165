from django.urls import path

from orders.cart import apis

urlpatterns = [
    path("cart/", apis.CartApi.as_view(), name="cart"),
    path("cart/items/", apis.CartItemsApi.as_view(), name="cart-items"),
    path("cart/items/<int:item_id>/", apis.CartItemApi.as_view(), name="cart-item"),
]
