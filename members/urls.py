from django.urls import path

from members import apis

urlpatterns = [
    path("auth/register/", apis.RegisterApi.as_view(), name="auth-register"),
    path("auth/token/", apis.TokenApi.as_view(), name="auth-token"),
    path("auth/logout/", apis.TokenRevokeApi.as_view(), name="auth-logout"),
    path("me/", apis.MeApi.as_view(), name="me"),
    path("me/addresses/", apis.AddressListApi.as_view(), name="me-addresses"),
    path("me/addresses/<int:address_id>/", apis.AddressDetailApi.as_view(), name="me-address"),
    path("me/points/", apis.PointsApi.as_view(), name="me-points"),
    path("me/stored-value/", apis.StoredValueApi.as_view(), name="me-stored-value"),
]
