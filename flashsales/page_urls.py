from django.urls import path

from flashsales import views

urlpatterns = [
    path("flash/", views.flash_page, name="storefront-flash"),
]
