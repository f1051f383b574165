"""Reads of the catalog center: category trees, templates, brands, the storefront product list and detail,
and the store-scoped seller views. Every read here runs a fixed number of queries, whatever the page size
or the number of SKUs (tests/catalog pin the counts)."""

import contextlib
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_UP, Decimal
from functools import reduce
from operator import or_

from django.contrib.postgres.search import TrigramWordSimilarity
from django.core.cache import cache
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from redis.exceptions import RedisError

from catalog.models import (
    Attribute,
    AttributeValue,
    BackendCategory,
    Brand,
    ImageKind,
    ListingPrice,
    ProductFavourite,
    Sku,
    Spu,
    SpuAttribute,
    SpuImage,
    SpuStatus,
    Stock,
    StoreFavourite,
    StorefrontCategory,
    StoreListing,
)
from marketplace.compiled import CompiledRead
from marketplace.money import CENT
from marketplace.redis import redis_call
from members.backends import read_about
from stores.models import ChosenStore, Store, StoreStatus, StoreType, Warehouse
from stores.selectors import for_store, store_warehouses


def ancestors_and_self(category: BackendCategory, *, prefix: str = "") -> Q:
    """Rows whose backend category (at `prefix`) is `category` or one of its ancestors: an mptt range test,
    so no walk up the tree."""
    return Q(
        **{
            f"{prefix}tree_id": category.tree_id,
            f"{prefix}lft__lte": category.lft,
            f"{prefix}rght__gte": category.rght,
        }
    )


def category_attributes(*, category: BackendCategory) -> QuerySet[Attribute]:
    """The attribute template of `category`: its own attributes and every ancestor's, root first."""
    return (
        Attribute.objects.filter(ancestors_and_self(category, prefix="category__"))
        .select_related("category")
        .prefetch_related(Prefetch("values", queryset=AttributeValue.objects.order_by("sort_order", "id")))
        .order_by("category__level", "sort_order", "id")
    )


def backend_category_tree() -> list[BackendCategory]:
    """The active backend tree with each node's full template in `node.template` (inherited first). Three
    queries: the nodes, the attributes, their values; inheritance is resolved over the loaded tree."""
    nodes = list(BackendCategory.objects.filter(is_active=True).order_by("tree_id", "lft"))
    attributes = Attribute.objects.prefetch_related(
        Prefetch("values", queryset=AttributeValue.objects.order_by("sort_order", "id"))
    ).order_by("sort_order", "id")
    own: dict[int, list[Attribute]] = defaultdict(list)
    for attribute in attributes:
        own[attribute.category_id].append(attribute)
    by_id = {node.pk: node for node in nodes}
    roots = []
    for node in nodes:  # tree order: a parent always comes before its children
        node.child_nodes = []
        parent = by_id.get(node.parent_id)
        node.template = (parent.template if parent else []) + own[node.pk]
        if parent:
            parent.child_nodes.append(node)
        elif node.parent_id is None:
            roots.append(node)
    return roots


def top_level_categories() -> list[tuple[int, str]]:
    """The active top-level backend categories as (id, name), in the tree's order: what a merchant's application
    names as its categories of business (stores.business_categories, plugged in by marketplace/apps.py)."""
    roots = BackendCategory.objects.filter(is_active=True, parent__isnull=True).order_by("tree_id", "lft")
    return list(roots.values_list("pk", "name"))


def storefront_category_tree() -> list[StorefrontCategory]:
    """The active storefront tree in one query; children in `node.child_nodes`."""
    nodes = list(StorefrontCategory.objects.filter(is_active=True).order_by("tree_id", "lft"))
    by_id = {node.pk: node for node in nodes}
    roots = []
    for node in nodes:
        node.child_nodes = []
        parent = by_id.get(node.parent_id)
        if parent:
            parent.child_nodes.append(node)
        elif node.parent_id is None:
            roots.append(node)
    return roots


def brands_for_category(*, category: BackendCategory | None = None) -> QuerySet[Brand]:
    """Active brands; with `category`, those allowed in it (allowed in it or in one of its ancestors)."""
    brands = Brand.objects.filter(is_active=True).order_by("name")
    if category is None:
        return brands
    allowed = BackendCategory.brands.through.objects.filter(
        ancestors_and_self(category, prefix="backendcategory__"), brand_id=OuterRef("pk")
    )
    return brands.filter(Exists(allowed))


def brand_allowed_in(*, brand: Brand, category: BackendCategory) -> bool:
    return brands_for_category(category=category).filter(pk=brand.pk).exists()


# --- Storefront


def in_storefront_category(node: StorefrontCategory) -> Q:
    """SPUs shown by storefront category `node`, its children's included, as one SQL condition.

    Each storefront node maps to backend categories (any level: the whole subtree below counts) and to brands.
    A node with both shows the mapped brands' goods in the mapped subtrees ("Apple phones"); a node with only
    brands shows those brands' goods everywhere. One small query reads the subtree's mappings; the condition it
    builds compares the SPU's category with mptt ranges (tree_id, lft, rght), so the product query has neither
    recursion nor per-row subqueries and stays one query."""
    subtree = {
        "storefrontcategory__tree_id": node.tree_id,
        "storefrontcategory__lft__gte": node.lft,
        "storefrontcategory__rght__lte": node.rght,
    }
    shown = Q(pk__in=[])  # a node that maps nothing shows nothing
    for condition in _mapped_conditions(**subtree).values():
        shown |= condition
    return shown


def _mapped_conditions(**nodes) -> dict[int, Q]:
    """Active storefront node id -> the SPUs its own mappings show (not its children's), for the nodes that map
    something among those `nodes` (lookups on the mapping tables' `storefrontcategory__`). One query."""
    nodes = {"storefrontcategory__is_active": True, **nodes}
    mapped_categories = StorefrontCategory.backend_categories.through.objects.filter(**nodes).values_list(
        "storefrontcategory_id", "backendcategory__tree_id", "backendcategory__lft", "backendcategory__rght"
    )
    mapped_brands = StorefrontCategory.brands.through.objects.filter(**nodes).values_list(
        "storefrontcategory_id", Value(0), Value(0), "brand_id"
    )
    ranges: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    brands: dict[int, list[int]] = defaultdict(list)
    for node_id, tree_id, lft, rght_or_brand in mapped_categories.union(mapped_brands, all=True):
        if tree_id:
            ranges[node_id].append((tree_id, lft, rght_or_brand))
        else:
            brands[node_id].append(rght_or_brand)
    conditions = {}
    for node_id in ranges.keys() | brands.keys():
        in_subtrees = Q()
        for tree_id, lft, rght in ranges[node_id]:
            in_subtrees |= Q(category__tree_id=tree_id, category__lft__gte=lft, category__rght__lte=rght)
        conditions[node_id] = in_subtrees & Q(brand_id__in=brands[node_id]) if brands[node_id] else in_subtrees
    return conditions


def storefront_category_counts(*, spus: QuerySet[Spu], nodes: list[StorefrontCategory]) -> dict[int, int]:
    """How many of `spus` each of `nodes` (active storefront categories, any level) shows, its children's goods
    included: a store page's categories. Two queries whatever the number of nodes or products: the mappings, then
    one aggregate with a filtered count per node."""
    own = _mapped_conditions()
    by_id = {node.pk: node for node in nodes}
    counts = {}
    for node in nodes:
        below = [
            condition
            for node_id, condition in own.items()
            if (mapped := by_id.get(node_id)) is not None
            and mapped.tree_id == node.tree_id
            and node.lft <= mapped.lft
            and mapped.rght <= node.rght
        ]
        if below:
            counts[f"n{node.pk}"] = Count("pk", filter=reduce(or_, below))
    if not counts:
        return {}
    totals = spus.order_by().aggregate(**counts)
    return {int(name[1:]): total for name, total in totals.items()}


@dataclass(frozen=True)
class ProductFilters:
    """The storefront list's filters (API.md), already validated."""

    q: str = ""
    category: StorefrontCategory | None = None
    brand_ids: list[int] = field(default_factory=list)
    store_id: int | None = None
    attributes: dict[int, list[str]] = field(default_factory=dict)  # attribute id -> any of these values
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    in_stock: bool = False
    ordering: str = ""


# CJK unified ideographs (and extension A), the characters of Chinese titles and queries.
CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")

# How long the list's facet counts are reused for the same filters (seconds; 0 turns the cache off).
FACETS_CACHE_SECONDS = 60

ORDERINGS = {
    "price": ["min_price", "id"],
    "-price": ["-min_price", "-id"],
    "-sales": ["-sales", "-id"],
    "-created": ["-created_at", "-id"],
}


def products_for_sale(*, filters: ProductFilters) -> QuerySet[Spu]:
    """On-shelf SPUs of active stores matching `filters`, in the asked order (relevance first when searching)."""
    spus = Spu.objects.for_sale()
    if filters.q:
        # Chinese has no spaces between words, so each term the shopper typed must be a substring of the title
        # ("华为 手机" finds "华为 Mate60 手机"; two-character words work too); the trigram index on UPPER(title)
        # serves these from three characters on. Word similarity adds near misses where they happen, in Latin
        # model names ("iphone15" finds "iPhone 15"). It is left out for Chinese queries and ones shorter than a
        # trigram: there it finds little the substrings miss (an unsegmented Chinese run is one "word"), and
        # PostgreSQL plans it as a similarity computed on every row, which costs more than the rest of the list.
        # A term may name the brand instead, in Chinese or English ("Huawei 手机"); the whole query may be a SKU
        # code or barcode, or the goods code, in any case.
        matches = Q()
        for term in filters.q.split():
            matches &= (
                Q(title__icontains=term) | Q(brand__name__icontains=term) | Q(brand__english_name__icontains=term)
            )
        if len(filters.q) >= 3 and not CJK.search(filters.q):
            matches |= Q(title__trigram_word_similar=filters.q)
        if " " not in filters.q.strip():
            code = filters.q.strip()
            by_code = Sku.objects.filter(spu=OuterRef("pk"), is_active=True).filter(
                Q(code__iexact=code) | Q(barcode=code)
            )
            matches |= Q(goods_code__iexact=code) | Q(Exists(by_code))
        spus = spus.filter(matches)
    if filters.category is not None:
        spus = spus.filter(in_storefront_category(filters.category))
    if filters.brand_ids:
        spus = spus.filter(brand_id__in=filters.brand_ids)
    if filters.store_id is not None:
        # A franchise or direct store sells the HQ products it lists.
        listed = lists_now(store_id=filters.store_id, spu=OuterRef("pk"))
        spus = spus.filter(Q(store_id=filters.store_id) | Q(Exists(listed)))
    for attribute_id, values in filters.attributes.items():
        # Values of one attribute widen the match (red or blue); different attributes narrow it.
        spus = spus.filter(
            Exists(SpuAttribute.objects.filter(spu_id=OuterRef("pk"), attribute_id=attribute_id, value__in=values))
        )
    if filters.price_min is not None:
        spus = spus.filter(min_price__gte=filters.price_min)
    if filters.price_max is not None:
        spus = spus.filter(min_price__lte=filters.price_max)
    if filters.in_stock:
        spus = spus.filter(stock__gt=0)
    if filters.ordering:
        return spus.order_by(*ORDERINGS[filters.ordering])
    if filters.q:
        return spus.annotate(relevance=TrigramWordSimilarity(Value(filters.q), "title")).order_by("-relevance", "-id")
    return spus.order_by(*ORDERINGS["-created"])


def product_list_page(spus: QuerySet[Spu]) -> QuerySet[Spu]:
    """What one page of the list shows: store and brand joined, the first main image prefetched. The category
    is joined for the promotion tags (its place in the tree decides the scopes that cover it)."""
    return spus.select_related("store", "brand", "category").prefetch_related(
        Prefetch("images", queryset=SpuImage.objects.filter(kind=ImageKind.MAIN), to_attr="main_images")
    )


def _facets_cache_key(filters: ProductFilters) -> str:
    """The filters that decide the counts; ordering and paging do not."""
    parts = (
        filters.q,
        filters.category.pk if filters.category else None,
        sorted(filters.brand_ids),
        filters.store_id,
        sorted((attribute, sorted(values)) for attribute, values in filters.attributes.items()),
        str(filters.price_min),
        str(filters.price_max),
        filters.in_stock,
    )
    return "catalog:facets:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def product_facets(*, filters: ProductFilters, spus: QuerySet[Spu]) -> dict:
    """Counts of the matching products (`spus`, from products_for_sale(filters=filters)) per brand and per
    filterable attribute value.

    Two aggregates over every matching product are the dearest part of a list page, and the same filters come
    back page after page, so the counts are cached for FACETS_CACHE_SECONDS: navigation counts a minute old
    are fine. Without Redis the counts are computed (fail open)."""
    key = _facets_cache_key(filters)
    if FACETS_CACHE_SECONDS:
        with contextlib.suppress(RedisError), redis_call():
            cached = cache.get(key)
            if cached is not None:
                return cached
    facets = _count_facets(spus)
    if FACETS_CACHE_SECONDS:
        with contextlib.suppress(RedisError), redis_call():
            cache.set(key, facets, FACETS_CACHE_SECONDS)
    return facets


def _count_facets(spus: QuerySet[Spu]) -> dict:
    matching = spus.order_by().values("pk")
    brands = (
        Spu.objects.filter(pk__in=matching, brand__isnull=False)
        .values("brand_id", "brand__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "brand__name")
    )
    values = (
        SpuAttribute.objects.filter(spu_id__in=matching, attribute__filterable=True)
        .values("attribute_id", "attribute__name", "attribute__sort_order", "value")
        .annotate(count=Count("spu_id"))
        .order_by("attribute__sort_order", "attribute_id", "-count", "value")
    )
    attributes: dict[int, dict] = {}
    for row in values:
        facet = attributes.setdefault(
            row["attribute_id"], {"id": row["attribute_id"], "name": row["attribute__name"], "values": []}
        )
        facet["values"].append({"value": row["value"], "count": row["count"]})
    return {
        "brands": [{"id": row["brand_id"], "name": row["brand__name"], "count": row["count"]} for row in brands],
        "attributes": list(attributes.values()),
    }


def skus_with_availability(queryset: QuerySet[Sku] | None = None, *, store_id: int | None = None) -> QuerySet[Sku]:
    """SKUs annotated with `available` (on hand - reserved) and `on_hand` in the warehouses of the selling
    store: `store_id` (a franchise store selling a listed HQ product) or else the SKU's own. In the same query,
    so a product with 200 SKUs still costs one query for them."""
    queryset = Sku.objects.all() if queryset is None else queryset
    in_store = Q(stocks__warehouse__store_id=store_id if store_id is not None else F("store_id"))
    return queryset.annotate(
        available=Coalesce(Sum(F("stocks__on_hand") - F("stocks__reserved"), filter=in_store), 0),
        on_hand=Coalesce(Sum("stocks__on_hand", filter=in_store), 0),
    ).order_by("id")


def skus_for_sale(*, sku_ids: Iterable[int], store_id: int | None = None) -> QuerySet[Sku]:
    """Those of `sku_ids` a shopper may buy now (SKU active, product on shelf, store open), with their product,
    store and `available`: what the cart and checkout read. One query. With `store_id`, the SKUs that store
    sells: its own, or HQ's that it lists, available from its own warehouses."""
    skus = Sku.objects.filter(
        pk__in=list(sku_ids), is_active=True, spu__status=SpuStatus.ON_SHELF, store__status=StoreStatus.ACTIVE
    )
    if store_id is not None:
        listed = StoreListing.objects.filter(
            store_id=store_id, store__status=StoreStatus.ACTIVE, spu_id=OuterRef("spu_id"), is_active=True
        )
        skus = skus.filter(Q(store_id=store_id) | Q(Exists(listed)))
    return skus_with_availability(skus, store_id=store_id).select_related("spu", "store")


def skus_sold_by(*, sku_ids: Iterable[int], store_id: int) -> QuerySet[Sku]:
    """`sku_ids` as a franchise or direct store sells them through its listings (docs/decisions/0037), each with
    its product and store, `available` in that store's warehouses, `listed` (an active listing of an active store)
    and `store_price` (the store's own price where HQ allows one, else None). One query."""
    listing = StoreListing.objects.filter(store_id=store_id, spu_id=OuterRef("spu_id"))
    live = listing.filter(is_active=True, store__status=StoreStatus.ACTIVE)
    own_price = ListingPrice.objects.filter(
        listing__store_id=store_id, listing__store_price_allowed=True, sku_id=OuterRef("pk")
    ).values("price")[:1]
    skus = Sku.objects.filter(pk__in=list(sku_ids)).annotate(listed=Exists(live), store_price=Subquery(own_price))
    return skus_with_availability(skus, store_id=store_id).select_related("spu", "store")


def listing_store(*, spu_id: int, store_id: int) -> Store | None:
    """The open store with that id when it lists the product through an active listing, else None. One query."""
    listing = (
        StoreListing.objects.filter(spu_id=spu_id, store_id=store_id, is_active=True, store__status=StoreStatus.ACTIVE)
        .select_related("store")
        .first()
    )
    return listing.store if listing else None


def seller_subquery(*, sku_id: int, store_id: int | None, member_id: int | None) -> QuerySet[StoreListing]:
    """As `seller_of`, as one subquery for the cart's add statement (a store id or no row): the store named, or
    else the one the member chose (`stores.ChosenStore`), when it lists the SKU's product and is not its owner."""
    chosen = (
        store_id
        if store_id is not None
        else Subquery(ChosenStore.objects.filter(member_id=member_id).values("store_id")[:1])
    )
    sku = Sku.objects.filter(pk=sku_id)
    return (
        StoreListing.objects.filter(
            store_id=chosen, spu_id=Subquery(sku.values("spu_id")), is_active=True, store__status=StoreStatus.ACTIVE
        )
        .exclude(store_id=Subquery(sku.values("store_id")))
        .values("store_id")[:1]
    )


def seller_of(*, sku_id: int, store_id: int | None) -> int | None:
    """The store a shopper who chose `store_id` buys the SKU from: that store when it lists the SKU's product
    (not its own goods), else None (the SKU's own store sells it, as HQ's online store does). One query."""
    if store_id is None:
        return None
    listed = StoreListing.objects.filter(
        store_id=store_id, store__status=StoreStatus.ACTIVE, spu_id=OuterRef("spu_id"), is_active=True
    )
    return (
        store_id if Sku.objects.filter(pk=sku_id).exclude(store_id=store_id).filter(Exists(listed)).exists() else None
    )


def _product_with_parts(spus: QuerySet[Spu]) -> QuerySet[Spu]:
    return spus.select_related("store", "brand", "category").prefetch_related(
        Prefetch("attribute_values", queryset=SpuAttribute.objects.select_related("attribute")),
        Prefetch("skus", queryset=skus_with_availability(Sku.objects.filter(is_active=True))),
        "images",
    )


def product_for_sale(*, spu_id: int) -> Spu | None:
    """One on-shelf product with everything its page shows, in four queries."""
    return _product_with_parts(Spu.objects.for_sale()).filter(pk=spu_id).first()


# --- Seller (always through stores.selectors.for_store)


def store_products(*, store: Store, q: str = "") -> QuerySet[Spu]:
    """Every product of the store, drafts and off-shelf goods included; with `q`, those whose title contains it or
    whose goods code or one of whose SKU codes is it (in any case)."""
    spus = for_store(Spu.objects.select_related("brand", "category"), store).order_by("-created_at", "-id")
    if q:
        by_code = Sku.objects.filter(spu=OuterRef("pk"), code__iexact=q)
        spus = spus.filter(Q(title__icontains=q) | Q(goods_code__iexact=q) | Q(Exists(by_code)))
    return spus


def store_product(*, store: Store, spu_id: int) -> Spu | None:
    return _product_with_parts(for_store(Spu.objects.all(), store)).filter(pk=spu_id).first()


def lists_now(*, store_id: int, spu) -> QuerySet[StoreListing]:
    """The store's active listing of `spu` (an id or an OuterRef): for Exists(), "the store sells this HQ product"."""
    return StoreListing.objects.filter(store_id=store_id, spu_id=spu, is_active=True)


def store_skus(*, store: Store) -> QuerySet[Sku]:
    """The SKUs the store sells: its own, and those of the HQ products it lists (franchise and direct stores)."""
    listed = lists_now(store_id=store.pk, spu=OuterRef("spu_id"))
    return Sku.objects.filter(Q(store=store) | Q(Exists(listed))).select_related("spu")


def store_stocked_products(*, store: Store) -> QuerySet[Spu]:
    """The products whose stock the store keeps in its own warehouses: its own, and the HQ products it lists now
    (a franchise or direct store restocks those; stock_adjust refuses a product it no longer lists)."""
    listed = lists_now(store_id=store.pk, spu=OuterRef("pk"))
    return Spu.objects.filter(Q(store=store) | Q(Exists(listed)))


def store_price_floor(*, listing: StoreListing, sku: Sku) -> Decimal:
    """The lowest own price HQ lets the listing store ask for the SKU: `price_floor_percent` of HQ's price, rounded
    up to the cent, and at least a cent (decision 0037)."""
    return max((sku.price * listing.price_floor_percent / 100).quantize(CENT, rounding=ROUND_UP), CENT)


def listing_price_rows(*, listing: StoreListing) -> list[dict]:
    """The listing's SKUs (active ones) with HQ's price, the floor and the store's own price if it set one: what the
    store's price page shows. Two queries."""
    own = dict(ListingPrice.objects.filter(listing=listing).values_list("sku_id", "price"))
    return [
        {
            "sku": sku,
            "hq_price": sku.price,
            "floor": store_price_floor(listing=listing, sku=sku),
            "price": own.get(sku.pk),
        }
        for sku in Sku.objects.filter(spu_id=listing.spu_id, is_active=True).order_by("pk")
    ]


def store_listings(*, store: Store, q: str = "") -> QuerySet[StoreListing]:
    """The store's listings, removed ones included; with `q`, those of products whose title contains it."""
    listings = for_store(StoreListing.objects.select_related("spu"), store).order_by("-created_at", "-id")
    return listings.filter(spu__title__icontains=q) if q else listings


def store_listings_with_stock(*, store: Store, q: str = "") -> QuerySet[StoreListing]:
    """The store's listings, removed ones included, with the product's brand and category, and `available`: what
    the store holds of the product's SKUs in its own warehouses (on hand minus reserved), in the same query."""
    in_store = Q(spu__skus__stocks__warehouse__store=store)
    return (
        store_listings(store=store, q=q)
        .select_related("spu__brand", "spu__category")
        .annotate(
            available=Coalesce(
                Sum(F("spu__skus__stocks__on_hand") - F("spu__skus__stocks__reserved"), filter=in_store), 0
            )
        )
    )


def product_to_list(*, spu_id: int) -> Spu | None:
    """Any store's product by id, with its store: listing_create decides whether a store may list it."""
    return Spu.objects.select_related("store").filter(pk=spu_id).first()


def hq_catalogue() -> QuerySet[Spu]:
    """HQ's products on sale: what franchise and direct stores may list."""
    return (
        Spu.objects.for_sale()
        .filter(store__type=StoreType.SELF_OPERATED)
        .select_related("brand", "category")
        .order_by("-created_at", "-id")
    )


def hq_catalogue_for_store(*, store: Store, q: str = "") -> QuerySet[Spu]:
    """HQ's products on sale as `store` browses them to list: whose title contains `q`, each annotated with
    `is_listed` (the store sells it now) in the same query."""
    listed = lists_now(store_id=store.pk, spu=OuterRef("pk"))
    spus = hq_catalogue().annotate(is_listed=Exists(listed))
    return spus.filter(title__icontains=q) if q else spus


def store_stock(*, store: Store) -> QuerySet[Stock]:
    """Stock rows in the store's warehouses."""
    return for_store(Stock.objects.select_related("sku__spu", "warehouse"), store, field="warehouse__store").order_by(
        "sku_id", "warehouse_id"
    )


@dataclass(frozen=True)
class ProductStock:
    """A product's stock as the store keeps it: the active SKUs it sells, its active warehouses (both by id), and
    the stock row of each (SKU id, warehouse id) that has one."""

    skus: list[Sku]
    warehouses: list[Warehouse]
    rows: dict[tuple[int, int], Stock]

    def cells(self, sku: Sku) -> list[Stock | None]:
        """The SKU's stock in each warehouse, in the order of `warehouses` (None where it has never been)."""
        return [self.rows.get((sku.pk, warehouse.pk)) for warehouse in self.warehouses]


def product_stock(*, store: Store, spu: Spu) -> ProductStock:
    """The stock of `spu` (one of store_stocked_products) in the store's warehouses. Three queries."""
    skus = store_skus(store=store).filter(spu=spu, is_active=True).order_by("pk")
    warehouses = store_warehouses(store=store).filter(is_active=True).order_by("pk")
    rows = store_stock(store=store).filter(sku__spu=spu)
    return ProductStock(
        skus=list(skus), warehouses=list(warehouses), rows={(row.sku_id, row.warehouse_id): row for row in rows}
    )


def counts_by(queryset: QuerySet, field: str) -> dict:
    """How many rows of `queryset` have each value of `field` (a list's tab counts), in one query."""
    return dict(queryset.order_by().values_list(field).annotate(count=Count("pk")))


def with_main_pictures(queryset: QuerySet, *, prefix: str = "") -> QuerySet:
    """`queryset` with the main pictures of its products (at `prefix`, such as "spu__") in `main_images`, in order:
    one query for a page of them."""
    pictures = SpuImage.objects.filter(kind=ImageKind.MAIN).order_by("sort_order", "id")
    return queryset.prefetch_related(Prefetch(f"{prefix}images", queryset=pictures, to_attr="main_images"))


def leaf_category(*, category_id) -> BackendCategory | None:
    """The active leaf backend category `category_id` names (as typed), or None: not a number, unknown, retired or
    not a leaf, none of which a product can be bound to."""
    try:
        pk = int(category_id)
    except (TypeError, ValueError):
        return None
    category = BackendCategory.objects.filter(pk=pk, is_active=True).first()
    return category if category is not None and category.is_leaf_node() else None


def skus_low_on_stock(*, store: Store) -> QuerySet[Sku]:
    """Active SKUs the store sells whose stock in its warehouses is at or below their threshold: the
    replenishment list (a franchise store's includes the HQ products it lists)."""
    skus = store_skus(store=store).filter(is_active=True, low_stock_threshold__gt=0)
    return skus_with_availability(skus, store_id=store.pk).filter(available__lte=F("low_stock_threshold"))


def filter_names(*, brand_ids: list[int], attribute_ids: list[int], store_id: int | None) -> dict:
    """What a listing page calls the filters in its address: {"brands": {id: name}, "attributes": {id: name},
    "store": name or None}. One query per kind of filter that is set, none when nothing is."""
    brands = dict(Brand.objects.filter(pk__in=brand_ids).values_list("pk", "name")) if brand_ids else {}
    attributes = dict(Attribute.objects.filter(pk__in=attribute_ids).values_list("pk", "name")) if attribute_ids else {}
    store = Store.objects.filter(pk=store_id).values_list("name", flat=True).first() if store_id else None
    return {"brands": brands, "attributes": attributes, "store": store}


def _line_pictures(spu_ids: list[int]) -> QuerySet[SpuImage]:
    kinds = [ImageKind.MAIN, ImageKind.SPEC]
    return SpuImage.objects.filter(spu_id__any=spu_ids, kind__in=kinds).order_by("spu_id", "sort_order", "id")


# Read by every cart and checkout page: compiled and prepared once (decision 0036). An order line's picture
# comes with its SKU instead (line_picture).
_LINE_PICTURES = CompiledRead(_line_pictures, spu_ids=[-7_301_947])


def sku_pictures(*, skus: Iterable[Sku]) -> dict[int, SpuImage]:
    """For each SKU, the picture a cart or checkout line shows: its spec value's picture (the colour chosen),
    else its product's first main picture. One query for any number of SKUs; a SKU without a picture is left out."""
    skus = list(skus)
    images = _LINE_PICTURES.instances(spu_ids=sorted({sku.spu_id for sku in skus}))
    main: dict[int, SpuImage] = {}
    by_spec: dict[tuple[int, str], SpuImage] = {}
    for image in images:
        if image.kind == ImageKind.MAIN:
            main.setdefault(image.spu_id, image)
        else:
            by_spec.setdefault((image.spu_id, image.spec_value), image)
    pictures = {}
    for sku in skus:
        spec_values = [(sku.spu_id, value) for value in (sku.specs or {}).values()]
        picture = next((by_spec[key] for key in spec_values if key in by_spec), None) or main.get(sku.spu_id)
        if picture is not None:
            pictures[sku.pk] = picture
    return pictures


def line_picture() -> RawSQL:
    """What `sku_pictures` chooses, as a value of each row of a queryset of SKUs (its base table unaliased): the file
    name of the picture of the SKU's first spec value that has one (in the order its specs are kept), else of its
    product's first main picture; None for neither. For a read that takes the picture with the SKU (an order line's
    snapshot, orders.pricing)."""
    sku, image = Sku._meta.db_table, SpuImage._meta.db_table
    specs = f"""CASE WHEN jsonb_typeof("{sku}"."specs") = 'object' THEN "{sku}"."specs" ELSE '{{}}'::jsonb END"""
    sql = f"""(
        SELECT picture.image FROM "{image}" AS picture
        LEFT JOIN LATERAL (
            SELECT spec.position FROM jsonb_each_text({specs}) WITH ORDINALITY AS spec(name, value, position)
            WHERE picture.kind = %s AND spec.value = picture.spec_value ORDER BY spec.position LIMIT 1
        ) AS chosen ON true
        WHERE picture.spu_id = "{sku}"."spu_id" AND (picture.kind = %s OR chosen.position IS NOT NULL)
        ORDER BY chosen.position NULLS LAST, picture.sort_order, picture.id LIMIT 1
    )"""
    return RawSQL(sql, (ImageKind.SPEC.value, ImageKind.MAIN.value), output_field=CharField())


def picture_url(name: str | None) -> str:
    """The address of a product picture by its file name (line_picture), or nothing."""
    return SpuImage._meta.get_field("image").storage.url(name) if name else ""


# --- A store's home page, and the shoppers' favourites (收藏)


def store_for_sale(*, store_id: int) -> Store | None:
    """An open store, whose home page a shopper may visit; None for one applying, frozen, closed or unknown."""
    return Store.objects.active().filter(pk=store_id).first()


@dataclass(frozen=True)
class FavouriteState:
    """How many shoppers keep a product or store among their favourites, and whether the one asking does."""

    count: int
    mine: bool


def _favourites(model: type[Model], field: str) -> CompiledRead:
    """How many keep the product (or store) and whether the member does, in one statement compiled once: the heart
    is a personal part of every cached product and store page (catalog.holes)."""

    def rows(of: int, member: int) -> QuerySet:
        totals = {"count": Count("pk"), "mine": Count("pk", filter=Q(user_id=member))}
        return model.objects.filter(**{field: of}).order_by().values(field).annotate(**totals).values("count", "mine")

    return CompiledRead(rows, of=-7_301_947, member=-7_301_948)


_PRODUCT_FAVOURITES = _favourites(ProductFavourite, "spu_id")
_STORE_FAVOURITES = _favourites(StoreFavourite, "store_id")


def favourite_values(model: type[Model], field: str) -> Callable[[int], dict[str, Expression]]:
    """The heart as values of the member's row, read with the member by a page about the product or store
    (members.backends.read_with_member_about; catalog.apps registers them)."""

    def values(of: int) -> dict[str, Expression]:
        keeping = model.objects.filter(**{field: of})
        count = keeping.order_by().values(field).annotate(count=Count("pk")).values("count")
        return {
            "favourite_count": Coalesce(Subquery(count), Value(0)),
            "favourite_mine": Exists(keeping.filter(user_id=OuterRef("pk"))),
        }

    return values


def _favourite_state(read: CompiledRead, kind: str, of: int, user) -> FavouriteState:
    if user is not None and read_about(user, kind, of):  # read with the member, in the same statement
        return FavouriteState(count=user.favourite_count, mine=user.favourite_mine)
    member = user.pk if user is not None and user.is_authenticated else 0
    count, mine = read.row(of=of, member=member) or (0, 0)
    return FavouriteState(count=count, mine=bool(mine))


def product_favourite_state(*, spu_id: int, user=None) -> FavouriteState:
    """The product page's heart: one query, for a visitor (`user` None or anonymous) as for a member; none for a
    member read with it (the cached product page reads it so)."""
    return _favourite_state(_PRODUCT_FAVOURITES, "product", spu_id, user)


def store_favourite_state(*, store_id: int, user=None) -> FavouriteState:
    """The store page's heart: one query, or none, as the product's."""
    return _favourite_state(_STORE_FAVOURITES, "store", store_id, user)


def _on_sale(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def member_product_favourites(*, user) -> QuerySet[ProductFavourite]:
    """The member's favourite products, newest first, each with its product, store and main pictures, and
    `available`: whether it is on sale now (on shelf in an open store). Two queries for a page of them."""
    favourites = (
        ProductFavourite.objects.filter(user=user)
        .select_related("spu__store")
        .annotate(available=_on_sale(Q(spu__status=SpuStatus.ON_SHELF, spu__store__status=StoreStatus.ACTIVE)))
        .order_by("-created_at", "-id")
    )
    return with_main_pictures(favourites, prefix="spu__")


def member_store_favourites(*, user) -> QuerySet[StoreFavourite]:
    """The member's favourite stores, newest first, with `available`: whether the store is open. One query."""
    return (
        StoreFavourite.objects.filter(user=user)
        .select_related("store")
        .annotate(available=_on_sale(Q(store__status=StoreStatus.ACTIVE)))
        .order_by("-created_at", "-id")
    )
