from django.urls import path

from marketplace.notifications import apis

# Mounted at /api/v1/ (marketplace/urls.py), beside the member's other /me/ routes.
urlpatterns = [
    path("me/messages/", apis.MessageListApi.as_view(), name="api-me-messages"),
    path("me/messages/<int:message_id>/read/", apis.MessageReadApi.as_view(), name="api-me-message-read"),
    path(
        "me/notification-preferences/",
        apis.NotificationPreferencesApi.as_view(),
        name="api-me-notification-preferences",
    ),
]
