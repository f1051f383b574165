"""What other centers add to the storefront's product responses: promotion labels on list items (`tags`), the
live promotions and the claimable coupons of a product (`promotions`, `coupons`; API.md "Catalog"), and its
flash-sale sessions live or to come (`flash`, from the flash-sale center), its running auctions (`auction`, from
the auctions center), its presales taking deposits or soon to (`presale`, from the presale center); its open
group buys (`group_buy`, from the group-buy center).

The promotions and coupons centers sit above the catalog and may read it; the catalog must not import them. So
they register a provider per field here from their AppConfig.ready(), and the catalog's views ask the registry.
A provider takes a whole page of products at once and answers {product id: [values]}: a fixed number of
queries per page, whatever its size. A field nobody provides stays an empty list.

A provider whose read is one small table's rows may register them instead (`register_rows`): the product's id,
a sort key, a tie-break and a JSON object of what to show, plus a function that shapes one object into the field's
value. The fields asked together that are registered so are read in one statement (UNION ALL): the product page's
running auction, live group buys and presales cost one query, not three.

A provider sees each product as a `StorefrontProduct`: its store, brand, backend category with every ancestor,
and its active SKUs, which is what a goods scope (all, SKUs, categories, brands, exclusions) is matched against.
The SKUs and the ancestors are read only when a provider asks for them, once for the whole page.

A store's home page has parts of the same kind (STORE_FIELDS): the store's claimable `coupons` (the coupons
center's) and its `rating` (the reviews center's). Their providers take the store and the time and answer the
part: a list of coupons in the product's `coupons` shape; for the rating, None or a mapping with `average` (a
score out of 5, as text or Decimal) and `count` (how many reviews it is made of). A part nobody provides is None,
and the page leaves its block out.

The product page has sections of other centers too (the reviews center's rating and reviews): a center registers a
`SectionProvider` with `register_section` from its ready(), and the page draws each section's template with what
its provider answered, so the catalog renders them without importing the center."""

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cached_property, reduce
from operator import or_

from django.db.models import CharField, JSONField, QuerySet, Value
from django.db.models.functions import JSONObject
from django.http import QueryDict
from django.utils import timezone

from catalog.models import BackendCategory, Sku, Spu
from catalog.selectors import ancestors_and_self
from stores.models import Store

FIELDS = ("tags", "promotions", "coupons", "flash", "group_buy", "auction", "presale")
STORE_FIELDS = ("coupons", "rating")


@dataclass(frozen=True, eq=False)
class StorefrontProduct:
    """One product of a storefront response, as a provider matches it."""

    id: int
    store_id: int
    brand_id: int | None
    category_id: int
    page: "StorefrontPage"

    @property
    def sku_ids(self) -> frozenset[int]:
        """Its active SKUs."""
        return self.page.sku_ids.get(self.id, frozenset())

    @property
    def categories(self) -> frozenset[int]:
        """Its backend category and every ancestor: a scope naming any of them covers the product."""
        return self.page.category_paths.get(self.category_id, frozenset())


Provider = Callable[[Sequence[StorefrontProduct], datetime], dict[int, list]]
StoreProvider = Callable[[Store, datetime], object]
_providers: dict[str, Provider] = {}
_store_providers: dict[str, StoreProvider] = {}


def register(*, field: str, provider: Provider) -> None:
    """Fill `field` of product responses with `provider`. Registering a field again replaces its provider
    (ready() may run twice in tests)."""
    if field not in FIELDS:
        raise ValueError(f"unknown storefront field {field!r}; one of {FIELDS}")
    _rows.pop(field, None)
    _providers[field] = provider


class ExactDecoder(json.JSONDecoder):
    """JSON numbers with a fraction as Decimal: a price in a JSON object PostgreSQL built keeps its cents exactly."""

    def __init__(self, **kwargs):
        super().__init__(parse_float=Decimal, **kwargs)


@dataclass(frozen=True)
class Rows:
    """A field read as rows that may share a statement with other fields' (`register_rows`).

    `query(product_ids, now)` answers a queryset annotated with `spu` (the product's id), `sort` (a time) and `tie`
    (an integer), ordered by nothing, and whose `data` (`RowsData(...)`) is what `shape(data, now)` turns into one
    value of the field. Values are listed per product by `sort`, then `tie`."""

    query: Callable[[Sequence[int], datetime], QuerySet]
    shape: Callable[[dict, datetime], dict]


_rows: dict[str, Rows] = {}


class RowsData(JSONObject):
    """The JSON object of a `Rows` query's row: money and counts as JSON numbers (read back exactly), times as ISO
    text (`datetime.fromisoformat`)."""

    output_field = JSONField(decoder=ExactDecoder)


def register_rows(*, field: str, query, shape) -> None:
    """Fill `field` of product responses from rows read with other such fields in one statement (`Rows`)."""
    if field not in FIELDS:
        raise ValueError(f"unknown storefront field {field!r}; one of {FIELDS}")
    _providers.pop(field, None)
    _rows[field] = Rows(query=query, shape=shape)


def _joined_rows(fields: Sequence[str], product_ids: list[int], now: datetime) -> dict[str, dict[int, list]]:
    """{field: {product id: [values]}} of every `Rows` field in `fields`, in one statement."""
    parts = [
        _rows[field]
        .query(product_ids, now)
        .annotate(field=Value(field, output_field=CharField()))
        .values_list("field", "spu", "sort", "tie", "data")
        for field in fields
    ]
    found: dict[str, dict[int, list]] = {field: defaultdict(list) for field in fields}
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    for field, spu_id, _sort, _tie, data in sorted(rows, key=lambda row: (row[2], row[3])):
        found[field][spu_id].append(_rows[field].shape(data, now))
    return found


def register_store(*, field: str, provider: StoreProvider) -> None:
    """Fill part `field` of a store's home page with `provider`; registering a field again replaces its provider."""
    if field not in STORE_FIELDS:
        raise ValueError(f"unknown store page field {field!r}; one of {STORE_FIELDS}")
    _store_providers[field] = provider


def store_parts(store: Store, *fields: str, now: datetime | None = None) -> dict[str, object]:
    """Each of `fields` of `store`'s home page from its provider; None for a field nobody provides."""
    now = now or timezone.now()
    return {field: (_store_providers[field](store, now) if field in _store_providers else None) for field in fields}


class StorefrontPage:
    """The products of one response. `spus` need `category` loaded (select_related) for the ancestors; with
    `skus_prefetched`, their prefetched `skus` (active only) are used instead of a query."""

    def __init__(self, spus: Sequence[Spu], *, skus_prefetched: bool = False):
        self.spus = spus
        self.skus_prefetched = skus_prefetched
        self.products = [
            StorefrontProduct(
                id=spu.pk, store_id=spu.store_id, brand_id=spu.brand_id, category_id=spu.category_id, page=self
            )
            for spu in spus
        ]

    @cached_property
    def sku_ids(self) -> dict[int, frozenset[int]]:
        if self.skus_prefetched:
            return {spu.pk: frozenset(sku.pk for sku in spu.skus.all()) for spu in self.spus}
        by_spu = defaultdict(set)
        rows = Sku.objects.filter(spu_id__in=[spu.pk for spu in self.spus], is_active=True).values_list("spu_id", "pk")
        for spu_id, sku_id in rows:
            by_spu[spu_id].add(sku_id)
        return {spu_id: frozenset(ids) for spu_id, ids in by_spu.items()}

    @cached_property
    def category_paths(self) -> dict[int, frozenset[int]]:
        """Backend category id -> it and its ancestors, in one query: mptt ranges, no walk up the tree."""
        leaves = {spu.category_id: spu.category for spu in self.spus}
        condition = reduce(or_, (ancestors_and_self(leaf) for leaf in leaves.values()))
        rows = list(BackendCategory.objects.filter(condition).values_list("pk", "tree_id", "lft", "rght"))
        return {
            leaf_id: frozenset(
                pk
                for pk, tree_id, lft, rght in rows
                if tree_id == leaf.tree_id and lft <= leaf.lft and rght >= leaf.rght
            )
            for leaf_id, leaf in leaves.items()
        }

    def fill(self, *fields: str, now: datetime | None = None) -> None:
        """Set each of `fields` on every SPU of the page (`spu.tags = [...]`) from its provider."""
        now = now or timezone.now()
        joined = [field for field in fields if field in _rows]
        found = _joined_rows(joined, [spu.pk for spu in self.spus], now) if joined and self.spus else {}
        for field in fields:
            provider = _providers.get(field)
            if field in found:
                values = found[field]
            else:
                values = provider(self.products, now) if provider and self.products else {}
            for spu in self.spus:
                setattr(spu, field, values.get(spu.pk, []))


# --- Sections of the product page that other centers render (the reviews center: the rating and the reviews)


@dataclass(frozen=True)
class ProductSection:
    """A part of the product page: the template that draws it and what that template reads (as `section`)."""

    template: str
    context: dict


SectionProvider = Callable[[Spu, QueryDict], ProductSection | None]
_sections: dict[str, SectionProvider] = {}


def register_section(*, name: str, provider: SectionProvider) -> None:
    """Add a section to the product page, below the product's own details, drawn by `provider(spu, query)` from the
    product and the page's query parameters (its own filters and page number), or left out when it answers None.
    Registering a name again replaces its provider (ready() may run twice in tests). A provider answers in a fixed
    number of queries whatever the amount it shows: the page's query count is pinned."""
    _sections[name] = provider


def product_sections(spu: Spu, query: QueryDict) -> list[ProductSection]:
    """The registered sections of `spu`'s page, in the order they were registered."""
    sections = (provider(spu, query) for provider in _sections.values())
    return [section for section in sections if section is not None]
