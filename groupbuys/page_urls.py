from django.urls import path

from groupbuys import views

urlpatterns = [
    path("group-buys/", views.campaign_list, name="storefront-group-buys"),
    path("group-buys/<int:campaign_id>/", views.campaign_detail, name="storefront-group-buy"),
    path("me/groups/", views.my_groups, name="shop-me-groups"),
    path("groups/<int:group_id>/", views.group_detail, name="storefront-group"),
]
