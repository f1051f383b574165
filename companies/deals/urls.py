from django.urls import path

from companies.deals import apis

COMPANY = "me/company/deals/<int:deal_id>/"
SELLER = "seller/deals/<int:deal_id>/"
PLATFORM = "platform/deals/<int:deal_id>/"

urlpatterns = [
    path("me/company/deals/", apis.CompanyDealsApi.as_view(), name="company-deals"),
    path(COMPANY, apis.CompanyDealApi.as_view(), name="company-deal"),
    path(f"{COMPANY}accept/", apis.CompanyDealAcceptApi.as_view(), name="company-deal-accept"),
    path(f"{COMPANY}approve/", apis.CompanyDealApproveApi.as_view(), name="company-deal-approve"),
    path(f"{COMPANY}cancel/", apis.CompanyDealCancelApi.as_view(), name="company-deal-cancel"),
    path(f"{COMPANY}contract/", apis.CompanyDealContractApi.as_view(), name="company-deal-contract"),
    path(
        f"{COMPANY}contract/confirm/",
        apis.CompanyDealContractConfirmApi.as_view(),
        name="company-deal-contract-confirm",
    ),
    path("seller/deals/", apis.SellerDealsApi.as_view(), name="seller-deals"),
    path(SELLER, apis.SellerDealApi.as_view(), name="seller-deal"),
    path(f"{SELLER}offer/", apis.SellerDealOfferApi.as_view(), name="seller-deal-offer"),
    path(f"{SELLER}approve/", apis.SellerDealApproveApi.as_view(), name="seller-deal-approve"),
    path(f"{SELLER}refuse/", apis.SellerDealRefuseApi.as_view(), name="seller-deal-refuse"),
    path(f"{SELLER}contract/", apis.SellerDealContractApi.as_view(), name="seller-deal-contract"),
    path(
        f"{SELLER}contract/confirm/", apis.SellerDealContractConfirmApi.as_view(), name="seller-deal-contract-confirm"
    ),
    path("platform/deals/", apis.PlatformDealsApi.as_view(), name="platform-deals"),
    path(PLATFORM, apis.PlatformDealApi.as_view(), name="platform-deal"),
    path(f"{PLATFORM}offer/", apis.PlatformDealOfferApi.as_view(), name="platform-deal-offer"),
    path(f"{PLATFORM}approve/", apis.PlatformDealApproveApi.as_view(), name="platform-deal-approve"),
    path(f"{PLATFORM}refuse/", apis.PlatformDealRefuseApi.as_view(), name="platform-deal-refuse"),
    path("seller/deal-settings/", apis.SellerDealSettingsApi.as_view(), name="seller-deal-settings"),
]
