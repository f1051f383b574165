from django.urls import include, path

from companies import views

# Mounted at /me/company/ (marketplace/urls.py).
urlpatterns = [
    path("", views.company, name="shop-me-company"),
    path("quotes/", include("companies.deals.page_urls")),  # quotes and assisted orders (decision 0042)
    path("members/", views.member_add, name="shop-me-company-member-add"),
    path("addresses/", views.address_add, name="shop-me-company-address-add"),
    path("statements/", views.statements, name="shop-me-company-statements"),
    path("statements/<int:credit_statement_id>/", views.statement, name="shop-me-company-statement"),
    path("invoice-titles/", views.invoice_title_add, name="shop-me-company-invoice-title-add"),
]
