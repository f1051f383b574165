from django.urls import path

from auctions import views

urlpatterns = [
    path("auctions/", views.auction_list, name="storefront-auctions"),
    path("me/auctions/", views.my_auctions, name="shop-me-auctions"),
    path("auctions/<int:auction_id>/", views.auction_page, name="storefront-auction"),
    path("auctions/<int:auction_id>/deposit/", views.deposit_pay, name="storefront-auction-deposit"),
    path("auctions/<int:auction_id>/bid/", views.bid, name="storefront-auction-bid"),
]
