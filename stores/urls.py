from django.urls import path

from stores import apis

urlpatterns = [
    path("stores/applications/", apis.StoreApplicationApi.as_view(), name="store-apply"),
    path("stores/nearby/", apis.StoresNearbyApi.as_view(), name="stores-nearby"),
    path("stores/choose/", apis.StoreChooseApi.as_view(), name="stores-choose"),
    path(
        "platform/stores/<int:store_id>/approve/",
        apis.PlatformStoreApproveApi.as_view(),
        name="platform-store-approve",
    ),
    path(
        "platform/stores/<int:store_id>/reject/",
        apis.PlatformStoreRejectApi.as_view(),
        name="platform-store-reject",
    ),
    path(
        "platform/stores/<int:store_id>/status/",
        apis.PlatformStoreStatusApi.as_view(),
        name="platform-store-status",
    ),
    path("platform/members-gained/", apis.PlatformMembersGainedApi.as_view(), name="platform-members-gained"),
    path("seller/store/", apis.SellerStoreApi.as_view(), name="seller-store"),
    path("seller/staff/", apis.SellerStaffApi.as_view(), name="seller-staff"),
    path("seller/staff/<int:membership_id>/", apis.SellerStaffDetailApi.as_view(), name="seller-staff-detail"),
    path("seller/member-codes/", apis.SellerInvitationsApi.as_view(), name="seller-member-codes"),
    path(
        "seller/member-codes/<int:code_id>/regenerate/",
        apis.SellerInvitationRegenerateApi.as_view(),
        name="seller-member-code-regenerate",
    ),
    path("seller/members-gained/", apis.SellerMembersGainedApi.as_view(), name="seller-members-gained"),
    path("seller/warehouses/", apis.SellerWarehouseApi.as_view(), name="seller-warehouses"),
]
