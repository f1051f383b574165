from django.urls import path

from coupons import views

# Mounted at /me/ beside members/me_urls.py.
urlpatterns = [
    path("coupons/", views.wallet, name="shop-me-coupons"),
    path("coupons/redeem/", views.redeem, name="shop-me-coupons-redeem"),
    path("coupons/center/", views.center, name="shop-coupon-center"),
    path("coupons/center/<int:template_id>/claim/", views.claim, name="shop-coupon-claim"),
]
