from django.urls import path

from reviews import views

# Mounted at the site's root beside orders/page_urls.py (the order's lines) and members' /me/ pages.
urlpatterns = [
    path("orders/<str:order_no>/lines/<int:line_id>/review/", views.review_line, name="shop-review-line"),
    path("me/reviews/", views.my_reviews, name="shop-me-reviews"),
    path("me/reviews/<int:review_id>/", views.my_review, name="shop-me-review"),
    path("me/reviews/<int:review_id>/follow-up/", views.follow_up, name="shop-review-follow-up"),
]
