"""The storefront's browsing pages: a storefront category's goods, search, the product page and a store's home
page; and the shopper's favourites (收藏): the heart on the product and store pages, and /me/favourites/.

They read through the selectors the storefront API uses (catalog/apis.py), so the site and the apps never
disagree about what is for sale, at what price, or how many goods a filter finds. Query counts are fixed
whatever the page size or the number of SKUs (tests/catalog/test_pages.py pins them)."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog import listing, selectors, services
from catalog.exceptions import InvalidInput
from catalog.models import ImageKind, StorefrontCategory
from catalog.selectors import ORDERINGS, ProductFilters
from catalog.storefront_cache import cached_page
from catalog.storefront_extras import StorefrontPage, product_sections, store_parts
from marketplace.query import next_url
from stores.choice import session_store_id

PAGE_SIZE = 24  # four rows of six, six of four, twelve of two: full rows on every width


@cached_page
def category(request, category_id: int):
    # The header's navigation reads the active tree anyway; the node, its ancestors and its children are found in
    # it, so a node under an inactive parent is as unknown as a missing one.
    tree = selectors.storefront_category_tree()
    trail = _trail(tree, category_id)
    if trail is None:
        raise Http404
    *ancestors, node = trail
    path = reverse("storefront-category", args=[node.pk])
    extra = {"category_tree": tree, "breadcrumbs": ancestors, "category_children": node.child_nodes}
    return _listing(request, path=path, category=node, template="catalog/category.html", extra=extra)


def _trail(nodes: list[StorefrontCategory], pk: int) -> list[StorefrontCategory] | None:
    """The path from a root of `nodes` down to the node `pk`, or None if it is not in the tree."""
    for node in nodes:
        if node.pk == pk:
            return [node]
        below = _trail(node.child_nodes, pk)
        if below is not None:
            return [node, *below]
    return None


@cached_page
def search(request):
    return _listing(request, path=reverse("storefront-search"), category=None, template="catalog/search.html", extra={})


def _listing(request, *, path: str, category: StorefrontCategory | None, template: str, extra: dict):
    filters = listing.read_filters(request.GET, category=category)
    spus = selectors.products_for_sale(filters=filters)
    page = Paginator(selectors.product_list_page(spus), PAGE_SIZE).get_page(request.GET.get("page"))
    StorefrontPage(page.object_list).fill("tags")  # promotion labels on the cards, as the API gives them
    facets = selectors.product_facets(filters=filters, spus=spus)
    names = selectors.filter_names(
        brand_ids=filters.brand_ids, attribute_ids=list(filters.attributes), store_id=filters.store_id
    )
    context = {
        "category": category,
        "filters": filters,
        "page": page,
        "products": page.object_list,
        "facet_groups": listing.facet_groups(path, filters, facets),
        "active_filters": listing.active_filters(path, filters, names=names),
        "sort_links": listing.sort_links(path, filters),
        "clear_url": listing.clear_url(path, filters),
        "path": path,
        "hidden_params": {
            name: values
            for name, values in listing.to_query(filters).items()
            if name not in ("price_min", "price_max", "in_stock")
        },
        "page_links": [
            (number, listing.page_url(path, filters, number) if number else None)
            for number in listing.page_numbers(page.number, page.paginator.num_pages)
        ],
        "previous_url": listing.page_url(path, filters, page.number - 1) if page.has_previous() else None,
        "next_url": listing.page_url(path, filters, page.number + 1) if page.has_next() else None,
        **extra,
    }
    return render(request, template, context)


def _chosen_store_variant(request, spu_id: int) -> str:
    """The cached product page without `?store=` is kept per chosen store (decision 0041): read from the session,
    no query (a member's remembered store enters the session at login, stores.choice)."""
    if "store" in request.GET:
        return ""
    store_id = session_store_id(request)
    return f"store={store_id}" if store_id else ""


def _about_product(request, spu_id: int) -> tuple[str, int]:
    return "product", spu_id


def _about_store(request, store_id: int, category_id: int | None = None) -> tuple[str, int]:
    return "store", store_id


@cached_page(vary=_chosen_store_variant, about=_about_product)
def product(request, spu_id: int):
    spu = selectors.product_for_sale(spu_id=spu_id)
    if spu is None:  # unknown, off shelf, or its store is closed: the same answer for all three
        raise Http404
    # From the promotions, coupons, flash-sale, group-buy, auction and presale providers.
    StorefrontPage([spu]).fill("promotions", "coupons", "flash", "group_buy", "auction", "presale")
    seller = _selling_store(spu, request.GET.get("store", str(session_store_id(request) or "")))
    parts = _product_parts(spu, seller)
    if seller is not None and parts["picker"]["skus"]:  # the store's own prices, for this page only (never saved)
        prices = [Decimal(sku["price"]) for sku in parts["picker"]["skus"]]
        spu.min_price, spu.max_price = min(prices), max(prices)
    context = {
        "spu": spu,
        "promotions": spu.promotions,
        "coupons": spu.coupons,
        "flash": spu.flash,
        "group_buys": spu.group_buy,
        "auctions": spu.auction,
        "presale": spu.presale,
        # Other centers' parts of the page (the reviews center's rating and reviews), through the registry.
        "sections": product_sections(spu, request.GET),
        "seller": seller,
        **parts,
    }
    return render(request, "catalog/product.html", context)


def _selling_store(spu, store_id: str):
    """`?store=` names a franchise or direct store that lists the product: the page shows its prices and stock and
    its add to cart sells through it (decision 0037). Without it, the store the visitor chose does the same when it
    lists the product (decision 0041). Another value is ignored (HQ's own page)."""
    return selectors.listing_store(spu_id=spu.pk, store_id=int(store_id)) if store_id.isdigit() else None


def _image_urls(image) -> dict:
    """The picture's own URL and its thumbnails' (made by a task after upload; the original until then)."""
    storage, thumbnails = image.image.storage, image.thumbnails or {}
    original = image.image.url

    def sized(size: str) -> str:
        return storage.url(thumbnails[size]) if size in thumbnails else original

    return {"url": sized("800"), "thumb": sized("120"), "full": original}


def _product_parts(spu, seller=None) -> dict:
    """The gallery, the attributes and, for the spec picker, the specs and SKUs as the page's JSON blob."""
    images = list(spu.images.all())
    gallery = [_image_urls(image) for image in images if image.kind in (ImageKind.MAIN, ImageKind.DETAIL)]
    spec_pictures = {image.spec_value: _image_urls(image) for image in images if image.kind == ImageKind.SPEC}
    # Only the first spec's values carry pictures (colour, not size: seed 002).
    specs = [
        {
            "name": spec["name"],
            "values": [
                {"value": value, "image": spec_pictures.get(value) if index == 0 else None} for value in spec["values"]
            ],
        }
        for index, spec in enumerate(spu.specs)
    ]
    sold = _sold_by(spu, seller)
    skus = [
        {
            "id": sku.pk,
            "specs": sku.specs,
            "price": str(sold[sku.pk].store_price or sku.price) if sku.pk in sold else str(sku.price),
            "market_price": str(sku.market_price) if sku.market_price is not None else None,
            "available": max(sold[sku.pk].available if sku.pk in sold else sku.available, 0),
        }
        for sku in spu.skus.all()
    ]
    return {
        "gallery": gallery or [None],
        "specs": specs,
        "attributes": list(spu.attribute_values.all()),
        "available": sum(sku["available"] for sku in skus),
        "picker": {"specs": specs, "skus": skus},
        # A single SKU needs no picking: the page starts with it chosen.
        "only_sku": skus[0] if len(skus) == 1 else None,
    }


def _sold_by(spu, seller) -> dict:
    """SKU id -> the SKU as `seller` sells it (its stock, its own price), or nothing for HQ's own page."""
    if seller is None:
        return {}
    return {sku.pk: sku for sku in selectors.skus_sold_by(sku_ids=[s.pk for s in spu.skus.all()], store_id=seller.pk)}


# --- A store's home page


def _flat(nodes: list[StorefrontCategory]) -> list[StorefrontCategory]:
    """The tree's nodes in tree order (a parent before its children)."""
    return [flat for node in nodes for flat in (node, *_flat(node.child_nodes))]


@cached_page(about=_about_store)
def store(request, store_id: int, category_id: int | None = None):
    """店铺首页: the store's goods on shelf (its own, or the HQ goods it lists), by the storefront categories they
    fall in with their counts, sortable and paged as the category pages are; its claimable coupons, its rating
    when the reviews center provides one, and the favourite button. A store that is not open is a 404.

    The chosen category is part of the path (/stores/<id>/c/<category id>/), so the sort, page and category links
    are the listing's, which keep the query string. A fixed number of queries whatever the number of goods."""
    shop = selectors.store_for_sale(store_id=store_id)
    if shop is None:
        raise Http404
    nodes = _flat(selectors.storefront_category_tree())
    node = None
    if category_id is not None:
        node = next((candidate for candidate in nodes if candidate.pk == category_id), None)
        if node is None:
            raise Http404
    ordering = request.GET.get("ordering", "")
    ordering = ordering if ordering in ORDERINGS else ""
    counts = selectors.storefront_category_counts(
        spus=selectors.products_for_sale(filters=ProductFilters(store_id=shop.pk)), nodes=nodes
    )
    spus = selectors.products_for_sale(filters=ProductFilters(store_id=shop.pk, category=node, ordering=ordering))
    page = Paginator(selectors.product_list_page(spus), PAGE_SIZE).get_page(request.GET.get("page"))
    StorefrontPage(page.object_list).fill("tags")
    home = reverse("storefront-store", args=[shop.pk])
    path = reverse("storefront-store-category", args=[shop.pk, node.pk]) if node else home
    links = ProductFilters(ordering=ordering)  # what the links keep: the order (the store and category are the path)
    categories = [
        {
            "node": candidate,
            "count": counts[candidate.pk],
            "selected": candidate == node,
            # The chosen category's link takes it off again.
            "url": listing.href(
                home if candidate == node else reverse("storefront-store-category", args=[shop.pk, candidate.pk]),
                listing.to_query(links),
            ),
        }
        for candidate in nodes
        if counts.get(candidate.pk)
    ]
    parts = store_parts(shop, "coupons", "rating")
    context = {
        "store": shop,
        "category": node,
        "categories": categories,
        "all_url": listing.href(home, listing.to_query(links)),
        "page": page,
        "products": page.object_list,
        "sort_links": listing.sort_links(path, links),
        "coupons": parts["coupons"] or [],
        "rating": parts["rating"],
        "base": path,
    }
    return render(request, "catalog/store.html", context)


# --- Favourites (收藏)


def _wants_favourite(request) -> bool:
    """The heart's form says which way it goes (`favourite` 1 or 0), so that a second click on a stale page does
    not undo the first."""
    return request.POST.get("favourite", "1") != "0"


@login_required
@require_POST
def favourite_product(request, spu_id: int):
    """Add the product to the member's favourites, or take it out; then back to the page the form came from."""
    if _wants_favourite(request):
        spu = selectors.product_to_list(spu_id=spu_id)
        if spu is None:
            raise Http404
        try:
            services.product_favourite_add(user=request.user, spu=spu)
        except InvalidInput as error:  # off the shelf since the page was shown
            messages.error(request, error.detail)
        else:
            messages.success(request, _("Added to your favourites."))
    else:
        services.product_favourite_remove(user=request.user, spu_id=spu_id)
        messages.success(request, _("Removed from your favourites."))
    return redirect(next_url(request, reverse("storefront-product", args=[spu_id])))


@login_required
@require_POST
def favourite_store(request, store_id: int):
    """Add the store to the member's favourites, or take it out; then back to the page the form came from."""
    if _wants_favourite(request):
        shop = selectors.store_for_sale(store_id=store_id)
        if shop is None:
            raise Http404
        services.store_favourite_add(user=request.user, store=shop)
        messages.success(request, _("Added to your favourites."))
    else:
        services.store_favourite_remove(user=request.user, store_id=store_id)
        messages.success(request, _("Removed from your favourites."))
    return redirect(next_url(request, reverse("storefront-store", args=[store_id])))


FAVOURITES_PAGE_SIZE = 20


@login_required
def my_favourites(request):
    """我的收藏: the member's favourite products or stores (a tab each), newest first, with a remove button each;
    what is no longer on sale is shown as unavailable."""
    tab = "stores" if request.GET.get("tab") == "stores" else "products"
    if tab == "stores":
        rows = selectors.member_store_favourites(user=request.user)
    else:
        rows = selectors.member_product_favourites(user=request.user)
    page = Paginator(rows, FAVOURITES_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "tab": tab,
        "page": page,
        "favourites": page.object_list,
        "back": f"{request.path}?tab={tab}",
        "base": request.path,
        "me_tab": "favourites",
    }
    return render(request, "catalog/favourites.html", context)
