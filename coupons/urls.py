from django.urls import path

from coupons import apis

urlpatterns = [
    path("coupons/center/", apis.CouponCenterApi.as_view(), name="coupon-center"),
    path("coupons/<int:template_id>/claim/", apis.CouponClaimApi.as_view(), name="coupon-claim"),
    path("me/coupons/", apis.MemberCouponListApi.as_view(), name="me-coupons"),
    path("me/coupons/redeem/", apis.MemberCouponRedeemApi.as_view(), name="me-coupon-redeem"),
    path("seller/coupon-templates/", apis.SellerCouponTemplateListApi.as_view(), name="seller-coupon-templates"),
    path(
        "seller/coupon-templates/<int:template_id>/",
        apis.SellerCouponTemplateDetailApi.as_view(),
        name="seller-coupon-template",
    ),
    path(
        "seller/coupon-templates/<int:template_id>/stop/",
        apis.SellerCouponTemplateStopApi.as_view(),
        name="seller-coupon-template-stop",
    ),
    path(
        "seller/coupon-templates/<int:template_id>/statistics/",
        apis.SellerCouponTemplateStatisticsApi.as_view(),
        name="seller-coupon-template-statistics",
    ),
    path("platform/coupon-templates/", apis.PlatformCouponTemplateListApi.as_view(), name="platform-coupon-templates"),
    path(
        "platform/coupon-templates/<int:template_id>/",
        apis.PlatformCouponTemplateDetailApi.as_view(),
        name="platform-coupon-template",
    ),
    path(
        "platform/coupon-templates/<int:template_id>/stop/",
        apis.PlatformCouponTemplateStopApi.as_view(),
        name="platform-coupon-template-stop",
    ),
    path(
        "platform/coupon-templates/<int:template_id>/distribute/",
        apis.PlatformCouponDistributeApi.as_view(),
        name="platform-coupon-distribute",
    ),
    path(
        "platform/coupon-templates/<int:template_id>/statistics/",
        apis.PlatformCouponTemplateStatisticsApi.as_view(),
        name="platform-coupon-template-statistics",
    ),
    path("platform/redeem-batches/", apis.PlatformRedeemBatchListApi.as_view(), name="platform-redeem-batches"),
]
