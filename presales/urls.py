from django.urls import path

from presales import apis

urlpatterns = [
    path("presales/", apis.PresaleListApi.as_view(), name="presales"),
    path("me/presale-deposits/", apis.MyDepositListApi.as_view(), name="my-presale-deposits"),
    path("me/presale-deposits/<int:deposit_id>/", apis.MyDepositApi.as_view(), name="my-presale-deposit"),
    path(
        "me/presale-deposits/<int:deposit_id>/withdraw/",
        apis.MyDepositWithdrawApi.as_view(),
        name="my-presale-deposit-withdraw",
    ),
    path("seller/presales/", apis.SellerPresaleListApi.as_view(), name="seller-presales"),
    path(
        "seller/presales/<int:presale_id>/publish/",
        apis.SellerPresalePublishApi.as_view(),
        name="seller-presale-publish",
    ),
    path(
        "seller/presales/<int:presale_id>/cancel/", apis.SellerPresaleCancelApi.as_view(), name="seller-presale-cancel"
    ),
]
