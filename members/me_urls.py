from django.urls import path

from members import views

# Mounted at /me/ (marketplace/urls.py); the member's coupons are coupons/page_urls.py under the same prefix.
urlpatterns = [
    path("", views.me, name="shop-me"),
    path("points/", views.points, name="shop-me-points"),
    path("member-card/", views.member_card, name="shop-me-card"),
    path("addresses/", views.addresses, name="shop-me-addresses"),
    path("addresses/<int:address_id>/edit/", views.address_edit, name="shop-me-address-edit"),
    path(
        "addresses/<int:address_id>/default/",
        views.address_action,
        {"action": "default"},
        name="shop-me-address-default",
    ),
    path(
        "addresses/<int:address_id>/delete/", views.address_action, {"action": "delete"}, name="shop-me-address-delete"
    ),
]
