from django.urls import path

from presales import views

urlpatterns = [
    path("presale/", views.presale_list, name="storefront-presales"),
    path("presale/<int:presale_id>/", views.presale_detail, name="storefront-presale"),
    path("me/presale-deposits/", views.my_deposits, name="shop-me-presales"),
    path("presale/deposits/<int:deposit_id>/withdraw/", views.deposit_withdraw, name="presale-deposit-withdraw"),
]
