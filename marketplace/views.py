from django.contrib.staticfiles.storage import staticfiles_storage
from django.shortcuts import redirect, render
from django.utils import timezone

from auctions import selectors as auction_selectors
from catalog import selectors as catalog_selectors
from catalog.selectors import ProductFilters
from catalog.storefront_cache import cached_page
from flashsales import selectors as flash_selectors
from groupbuys import selectors as group_buy_selectors
from marketplace import selectors
from presales import selectors as presale_selectors
from stores.models import Store

RECOMMENDED = 12  # two rows of six on a desktop, six of two on a phone


@cached_page
def home(request):
    """The storefront's front door: banners in their time window, the storefront categories and recommended
    goods (the best sellers on sale, newest first among equals: the storefront list's "-sales" order)."""
    best_sellers = catalog_selectors.products_for_sale(filters=ProductFilters(ordering="-sales"))
    context = {
        "banners": selectors.effective_banners(now=timezone.now()),
        "category_tree": catalog_selectors.storefront_category_tree(),
        "recommended": catalog_selectors.product_list_page(best_sellers)[:RECOMMENDED],
        "stores": Store.objects.active().order_by("id")[:12],
        "flash_sessions": list(flash_selectors.storefront_sessions(now=timezone.now())[:3]),
        "group_buys": list(group_buy_selectors.live_campaigns(now=timezone.now())[:3]),
        "auctions": list(auction_selectors.storefront_auctions(now=timezone.now())[:3]),
        "presales": list(presale_selectors.taking_deposits(now=timezone.now())[:3]),
    }
    return render(request, "home.html", context)


def favicon(request):
    """/favicon.ico, asked for by browsers on pages that name no icon (the admin's): the site's icon."""
    return redirect(staticfiles_storage.url("img/favicon.svg"))
