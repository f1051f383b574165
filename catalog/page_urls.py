from django.urls import path

from catalog import views

urlpatterns = [
    path("c/<int:category_id>/", views.category, name="storefront-category"),
    path("search/", views.search, name="storefront-search"),
    path("products/<int:spu_id>/", views.product, name="storefront-product"),
]
