from django.urls import path

from flashsales import apis

urlpatterns = [
    path("flash/pass/", apis.FlashPassApi.as_view(), name="flash-pass"),
    path("flash/sessions/", apis.FlashSessionListApi.as_view(), name="flash-sessions"),
    path(
        "flash/<int:session_id>/<int:sku_id>/attempts/",
        apis.FlashAttemptApi.as_view(),
        name="flash-attempts",
    ),
    path("seller/flash-sessions/", apis.SellerFlashSessionListApi.as_view(), name="seller-flash-sessions"),
    path(
        "seller/flash-sessions/<int:session_id>/publish/",
        apis.SellerFlashSessionPublishApi.as_view(),
        name="seller-flash-session-publish",
    ),
    path(
        "seller/flash-sessions/<int:session_id>/cancel/",
        apis.SellerFlashSessionCancelApi.as_view(),
        name="seller-flash-session-cancel",
    ),
]
