from django.urls import path

from companies.deals import views

# Mounted at /me/company/quotes/ (companies/page_urls.py).
urlpatterns = [
    path("", views.quote_list, name="shop-me-quotes"),
    path("<int:deal_id>/", views.quote_detail, name="shop-me-quote"),
    path("<int:deal_id>/contract/", views.quote_contract, name="shop-me-quote-contract"),
    path("<int:deal_id>/<str:action>/", views.quote_action, name="shop-me-quote-action"),
]
