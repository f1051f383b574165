"""HQ's catalogue and the store's listings, the pages of franchise and direct stores: they list HQ's products instead
of publishing their own and stock them in their own warehouses (the products' stock page). Owners and managers list,
remove and relist; clerks look, as in the API."""

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from catalog import selectors, services
from catalog.seller_forms import ListingPriceForm
from marketplace.exceptions import DomainError
from marketplace.query import next_url
from stores.seller_pages import MANAGERS, forbidden, is_manager, paginate, seller_page

LISTING_TABS = [("", gettext_lazy("All")), ("active", gettext_lazy("Selling")), ("removed", gettext_lazy("Removed"))]


def _sells_hq_catalogue(view):
    """Under seller_page: the listing pages are a franchise or direct store's; any other store is told why."""

    @wraps(view)
    def page(request, *args, **kwargs):
        if not request.store.sells_hq_catalogue_only:
            return forbidden(
                request,
                _("Only franchise and direct stores list HQ's products. Your store publishes goods of its own."),
            )
        return view(request, *args, **kwargs)

    return page


@seller_page
@_sells_hq_catalogue
def hq_catalogue(request):
    """HQ's products on sale, searched by title, each saying whether the store lists it, with the button that lists
    it (owner or manager; a clerk looks). Five queries whatever the page size: the user and their membership, the
    page's count, its rows with their listing state, their main pictures."""
    q = request.GET.get("q", "").strip()[:100]
    spus = selectors.hq_catalogue_for_store(store=request.store, q=q)
    page = paginate(request, selectors.with_main_pictures(spus))
    context = {"page": page, "q": q, "can_list": is_manager(request), "section": "hq-catalogue"}
    return render(request, "seller/listings/catalogue.html", context)


@seller_page
@_sells_hq_catalogue
def listing_list(request):
    """The HQ products the store lists, removed ones on their own tab, with the store's stock of each in its own
    warehouses, remove / relist (owner or manager) and the link to the stock page."""
    state = request.GET.get("state", "")
    state = state if state in {"active", "removed"} else ""
    q = request.GET.get("q", "").strip()[:100]
    by_state = selectors.counts_by(selectors.store_listings(store=request.store, q=q), "is_active")
    counts = {"": sum(by_state.values()), "active": by_state.get(True, 0), "removed": by_state.get(False, 0)}
    listings = selectors.store_listings_with_stock(store=request.store, q=q)
    if state:
        listings = listings.filter(is_active=state == "active")
    page = paginate(request, selectors.with_main_pictures(listings, prefix="spu__"))
    context = {
        "page": page,
        "state": state,
        "q": q,
        "tabs": [(value, label, counts[value]) for value, label in LISTING_TABS],
        "can_edit": is_manager(request),
        "section": "listings",
    }
    return render(request, "seller/listings/list.html", context)


@require_POST
@seller_page(roles=MANAGERS)
@_sells_hq_catalogue
def listing_create(request):
    """List an HQ product (a removed listing comes back): listing_create checks it is HQ's and on sale."""
    spu = selectors.product_to_list(spu_id=_int(request.POST.get("spu")))
    if spu is None:
        raise Http404
    try:
        services.listing_create(store=request.store, spu=spu, by=request.user)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(
            request, _("“%(title)s” is listed. Stock it in your warehouses to sell it.") % {"title": spu.title}
        )
    return redirect(next_url(request, reverse("seller:listings")))


@require_POST
@seller_page(roles=MANAGERS)
@_sells_hq_catalogue
def listing_action(request, listing_id: int, action: str):
    """Remove a listing (the store stops selling the product; its stock stays in its warehouses) or list it again.
    Another store's listing is not found."""
    if action not in {"remove", "relist"}:
        raise Http404
    listing = get_object_or_404(
        selectors.store_listings(store=request.store).select_related("spu__store"), pk=listing_id
    )
    title = listing.spu.title
    if action == "remove":
        if listing.is_active:
            services.listing_remove(listing=listing, by=request.user)
        messages.success(
            request,
            _("“%(title)s” is no longer sold by your store. Its stock stays in your warehouses.") % {"title": title},
        )
    else:
        try:
            services.listing_create(store=request.store, spu=listing.spu, by=request.user)
        except DomainError as error:
            messages.error(request, error.detail)
        else:
            messages.success(request, _("“%(title)s” is listed again.") % {"title": title})
    return redirect(next_url(request, reverse("seller:listings")))


@seller_page
@_sells_hq_catalogue
def listing_prices(request, listing_id: int):
    """The store's own prices of a listed product, where HQ allows it (decision 0037): each SKU with HQ's price, the
    floor HQ set and the store's price, and (owner or manager) a form per SKU that sets it through
    listing_price_set; an empty price goes back to HQ's. Where HQ sets the price the page says so and has no form.
    A refusal (below the floor, not allowed) comes back as a message with the API's status; nothing changes."""
    listing = get_object_or_404(
        selectors.store_listings(store=request.store).select_related("spu__store"), pk=listing_id, is_active=True
    )
    status = 200
    if request.method == "POST":
        if not is_manager(request):
            return forbidden(request, _("Only the owner or a manager may set the store's prices."))
        form = ListingPriceForm(request.POST)
        sku = form.is_valid() and listing.spu.skus.filter(pk=form.cleaned_data["sku"], is_active=True).first()
        if not sku:
            messages.error(request, _("Choose one of the product's SKUs and a price above zero."))
            status = 400
        else:
            try:
                services.listing_price_set(listing=listing, sku=sku, price=form.cleaned_data["price"], by=request.user)
            except DomainError as error:
                messages.error(request, error.detail)
                status = error.status
            else:
                messages.success(request, _("Price saved."))
                return redirect("seller:listing-prices", listing.pk)
    context = {
        "listing": listing,
        "spu": listing.spu,
        "rows": selectors.listing_price_rows(listing=listing),
        "can_edit": is_manager(request) and listing.store_price_allowed,
        "section": "listings",
    }
    return render(request, "seller/listings/prices.html", context, status=status)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
