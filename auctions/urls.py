from django.urls import path

from auctions import apis

urlpatterns = [
    path("auctions/", apis.AuctionListApi.as_view(), name="auctions"),
    path("auctions/<int:auction_id>/", apis.AuctionDetailApi.as_view(), name="auction"),
    path("auctions/<int:auction_id>/deposit/", apis.AuctionDepositApi.as_view(), name="auction-deposit"),
    path("auctions/<int:auction_id>/bids/", apis.AuctionBidApi.as_view(), name="auction-bids"),
    path("me/auctions/", apis.MyAuctionListApi.as_view(), name="my-auctions"),
    path("me/auctions/<int:auction_id>/", apis.MyAuctionApi.as_view(), name="my-auction"),
    path("seller/auctions/", apis.SellerAuctionListApi.as_view(), name="seller-auctions"),
    path(
        "seller/auctions/<int:auction_id>/publish/",
        apis.SellerAuctionActionApi.as_view(action="publish"),
        name="seller-auction-publish",
    ),
    path(
        "seller/auctions/<int:auction_id>/cancel/",
        apis.SellerAuctionActionApi.as_view(action="cancel"),
        name="seller-auction-cancel",
    ),
]
