from django.urls import path

from groupbuys import apis

urlpatterns = [
    path("group-buys/", apis.CampaignListApi.as_view(), name="group-buys"),
    path("me/groups/", apis.MyGroupListApi.as_view(), name="my-groups"),
    path("me/groups/<int:place_id>/", apis.MyGroupApi.as_view(), name="my-group"),
    path("groups/<int:group_id>/", apis.GroupApi.as_view(), name="group-buy-group"),
    path("seller/group-buys/", apis.SellerCampaignListApi.as_view(), name="seller-group-buys"),
    path(
        "seller/group-buys/<int:campaign_id>/stop/",
        apis.SellerCampaignStopApi.as_view(),
        name="seller-group-buy-stop",
    ),
]
