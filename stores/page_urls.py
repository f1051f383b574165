from django.urls import path

from stores import views

# Mounted at /me/store/ (marketplace/urls.py): the applicant's own application, named by no id.
urlpatterns = [
    path("", views.application, name="shop-me-store"),
    path("apply/", views.apply, name="shop-me-store-apply"),
    path("documents/<str:kind>/", views.application_document, name="shop-me-store-document"),
]
