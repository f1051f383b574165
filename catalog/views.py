"""The storefront's browsing pages: a storefront category's goods, search, and the product page.

They read through the selectors the storefront API uses (catalog/apis.py), so the site and the apps never
disagree about what is for sale, at what price, or how many goods a filter finds. Query counts are fixed
whatever the page size or the number of SKUs (tests/catalog/test_pages.py pins them)."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from catalog import listing, selectors
from catalog.models import ImageKind, StorefrontCategory
from catalog.storefront_cache import cached_page
from catalog.storefront_extras import StorefrontPage, product_sections

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


@cached_page
def product(request, spu_id: int):
    spu = selectors.product_for_sale(spu_id=spu_id)
    if spu is None:  # unknown, off shelf, or its store is closed: the same answer for all three
        raise Http404
    StorefrontPage([spu]).fill("promotions", "coupons")  # from the promotions and coupons centers' providers
    context = {
        "spu": spu,
        "promotions": spu.promotions,
        "coupons": spu.coupons,
        # Other centers' parts of the page (the reviews center's rating and reviews), through the registry.
        "sections": product_sections(spu, request.GET),
        **_product_parts(spu),
    }
    return render(request, "catalog/product.html", context)


def _image_urls(image) -> dict:
    """The picture's own URL and its thumbnails' (made by a task after upload; the original until then)."""
    storage, thumbnails = image.image.storage, image.thumbnails or {}
    original = image.image.url

    def sized(size: str) -> str:
        return storage.url(thumbnails[size]) if size in thumbnails else original

    return {"url": sized("800"), "thumb": sized("120"), "full": original}


def _product_parts(spu) -> dict:
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
    skus = [
        {
            "id": sku.pk,
            "specs": sku.specs,
            "price": str(sku.price),
            "market_price": str(sku.market_price) if sku.market_price is not None else None,
            "available": max(sku.available, 0),
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
