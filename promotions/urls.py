from django.urls import path

from promotions import apis

urlpatterns = [
    path("seller/promotions/", apis.SellerPromotionListApi.as_view(), name="seller-promotions"),
    path("seller/promotions/<int:promotion_id>/", apis.SellerPromotionDetailApi.as_view(), name="seller-promotion"),
    path(
        "seller/promotions/<int:promotion_id>/stop/",
        apis.SellerPromotionStopApi.as_view(),
        name="seller-promotion-stop",
    ),
    path("platform/promotions/", apis.PlatformPromotionListApi.as_view(), name="platform-promotions"),
    path(
        "platform/promotions/<int:promotion_id>/stop/",
        apis.PlatformPromotionStopApi.as_view(),
        name="platform-promotion-stop",
    ),
]
