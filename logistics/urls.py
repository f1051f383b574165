from django.urls import path

from logistics import apis

urlpatterns = [
    path("seller/freight-templates/", apis.SellerFreightTemplateListApi.as_view(), name="seller-freight-templates"),
    path(
        "seller/freight-templates/<int:template_id>/",
        apis.SellerFreightTemplateDetailApi.as_view(),
        name="seller-freight-template",
    ),
]
