from django.urls import path

from marketplace.notifications import views

# Mounted at /me/messages/ (marketplace/urls.py).
urlpatterns = [
    path("", views.inbox, name="shop-messages"),
    path("<int:message_id>/read/", views.read, name="shop-message-read"),
    path("read-all/", views.read_all, name="shop-messages-read-all"),
    path("preferences/", views.preferences, name="shop-messages-preferences"),
]
