from django.urls import path

from reviews import apis

urlpatterns = [
    path("orders/<str:order_no>/lines/<int:line_id>/review/", apis.ReviewCreateApi.as_view(), name="review-create"),
    path("me/reviews/", apis.MemberReviewListApi.as_view(), name="member-reviews"),
    path("me/reviews/<int:review_id>/follow-up/", apis.ReviewFollowUpApi.as_view(), name="review-follow-up"),
    path("catalog/products/<int:spu_id>/reviews/", apis.ProductReviewListApi.as_view(), name="product-reviews"),
    path("catalog/products/<int:spu_id>/rating/", apis.ProductRatingApi.as_view(), name="product-rating"),
    path("seller/reviews/", apis.SellerReviewListApi.as_view(), name="seller-reviews"),
    path("seller/reviews/<int:review_id>/reply/", apis.SellerReviewReplyApi.as_view(), name="seller-review-reply"),
]
