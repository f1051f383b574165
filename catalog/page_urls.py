from django.urls import path

from catalog import views

urlpatterns = [
    path("c/<int:category_id>/", views.category, name="storefront-category"),
    path("search/", views.search, name="storefront-search"),
    path("products/<int:spu_id>/", views.product, name="storefront-product"),
    path("products/<int:spu_id>/favourite/", views.favourite_product, name="storefront-product-favourite"),
    path("stores/<int:store_id>/", views.store, name="storefront-store"),
    path("stores/<int:store_id>/c/<int:category_id>/", views.store, name="storefront-store-category"),
    path("stores/<int:store_id>/favourite/", views.favourite_store, name="storefront-store-favourite"),
    path("me/favourites/", views.my_favourites, name="shop-me-favourites"),
]
