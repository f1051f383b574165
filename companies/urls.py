from django.urls import include, path

from companies import apis
from companies.credit import apis as credit_apis

urlpatterns = [
    path("", include("companies.deals.urls")),  # quotes, assisted orders and contracts (decision 0042)
    path("me/company/", apis.MyCompanyApi.as_view(), name="my-company"),
    path("me/company/members/", apis.CompanyMembersApi.as_view(), name="company-members"),
    path("me/company/members/<int:member_id>/", apis.CompanyMemberApi.as_view(), name="company-member"),
    path("me/company/addresses/", apis.CompanyAddressesApi.as_view(), name="company-addresses"),
    path("me/company/addresses/<int:company_address_id>/", apis.CompanyAddressApi.as_view(), name="company-address"),
    path("me/company/invoice-titles/", apis.InvoiceTitlesApi.as_view(), name="company-invoice-titles"),
    path(
        "me/company/invoice-titles/<int:invoice_title_id>/",
        apis.InvoiceTitleApi.as_view(),
        name="company-invoice-title",
    ),
    path("me/company/statements/", credit_apis.StatementsApi.as_view(), name="company-statements"),
    path(
        "me/company/statements/<int:credit_statement_id>/", credit_apis.StatementApi.as_view(), name="company-statement"
    ),
    path("seller/skus/<int:sku_id>/wholesale/", apis.SellerWholesaleApi.as_view(), name="seller-sku-wholesale"),
    path("seller/price-lists/", apis.SellerPriceListsApi.as_view(), name="seller-price-lists"),
    path("seller/price-lists/<int:price_list_id>/", apis.SellerPriceListApi.as_view(), name="seller-price-list"),
    path(
        "platform/companies/<int:company_id>/approve/",
        apis.PlatformCompanyApproveApi.as_view(),
        name="platform-company-approve",
    ),
    path("finance/credit-notes/", credit_apis.FinanceCreditNotesApi.as_view(), name="finance-credit-notes"),
    path(
        "finance/credit-notes/<int:credit_note_id>/pay-back/",
        credit_apis.FinanceCreditNotePayBackApi.as_view(),
        name="finance-credit-note-pay-back",
    ),
    path(
        "platform/companies/<int:company_id>/credit-repayments/",
        credit_apis.PlatformCreditRepaymentApi.as_view(),
        name="platform-company-credit-repayments",
    ),
    path(
        "platform/companies/<int:company_id>/reject/",
        apis.PlatformCompanyRejectApi.as_view(),
        name="platform-company-reject",
    ),
]
