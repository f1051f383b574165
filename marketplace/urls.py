from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from marketplace import apis, health, views
from orders.payment.views import simulated_gateway
from stores import views as store_views
from stores.views import join as store_join

# Django tries patterns in order and the app URL lists share the "" prefix, so the hottest routes come first:
# the storefront catalogue (a cached product list or detail spends a third of its time resolving its URL when it
# comes last). No two apps' paths overlap, so the order changes nothing else.
api_v1 = [
    path("", include("flashsales.urls")),  # the flash-sale attempt: the hottest route of a sale
    path("", include("catalog.urls")),
    path("", include("orders.urls")),
    path("", include("coupons.urls")),
    path("", include("promotions.urls")),
    path("", include("members.urls")),
    path("", include("stores.urls")),
    path("", include("logistics.urls")),
    path("", include("settlement.urls")),
    path("", include("reviews.urls")),
    path("", include("groupbuys.urls")),
    path("", include("auctions.urls")),
    path("", include("presales.urls")),
    path("", include("vouchers.urls")),
    path("", include("companies.urls")),
    path("", include("marketplace.notifications.urls")),
    path("regions/", apis.RegionListApi.as_view(), name="regions"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("api/v1/", include(api_v1)),
    path("healthz", health.healthz, name="healthz"),
    # Pages name their icon; this answers the browsers and tools that ask for /favicon.ico anyway (the admin).
    path("favicon.ico", views.favicon),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("members.page_urls")),
    path("", include("catalog.page_urls")),
    path("", include("flashsales.page_urls")),
    path("", include("orders.page_urls")),
    path("", include("reviews.page_urls")),
    path("", include("groupbuys.page_urls")),
    path("", include("auctions.page_urls")),
    path("", include("presales.page_urls")),
    path("", include("vouchers.page_urls")),
    path("me/", include("members.me_urls")),
    path("me/store/", include("stores.page_urls")),
    path("me/company/", include("companies.page_urls")),
    path("join/<str:code>/", store_join, name="store-join"),  # a store's member QR code (seed 004)
    path("stores/nearby/", store_views.store_finder, name="store-finder"),  # the store finder (decision 0037)
    path("stores/choose/", store_views.store_choose_page, name="store-choose"),
    path("me/messages/", include("marketplace.notifications.page_urls")),
    path("me/", include("coupons.page_urls")),
    path("seller/", include("marketplace.seller_urls")),
    path("finance/", include("settlement.page_urls")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file: the Content-Security-Policy allows no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]

if settings.PAYMENT_SIMULATED_PAGE:  # never in production (settings)
    urlpatterns.append(path("pay/simulated/<str:payment_no>/", simulated_gateway, name="simulated-gateway"))

if settings.BENCH_FLOOR_DIR:  # benchmark runs only: the floor view (bench/floor.py)
    urlpatterns.append(path("__bench__/", include("bench.floor")))

handler400 = "marketplace.api.errors.bad_request"
handler404 = "marketplace.api.errors.not_found"
handler500 = "marketplace.api.errors.server_error"

admin.site.site_header = _("Marketplace HQ")
admin.site.site_title = _("Marketplace HQ")
