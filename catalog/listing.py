"""The storefront listing pages' address bar: reading the filters from a query string, and the links that add or
remove one filter, change the order or turn the page while keeping everything else.

The parameters are the storefront API's (API.md: q, brand, attr=<attribute id>:<value>, price_min, price_max,
in_stock, store, ordering, page), so an address can be shared between the site and an app. Unlike the API, a
page forgives: a value it cannot read (an old bookmark, a hand-edited address) is left out rather than answered
with an error, because a shopper has no use for a 400 page."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from catalog.models import StorefrontCategory
from catalog.selectors import ORDERINGS, ProductFilters
from marketplace.query import query_id

MAX_QUERY_LENGTH = 100
MAX_PRICE = Decimal("999999999999.99")  # the largest MoneyField amount
TRUE_VALUES = {"1", "true", "on", "yes"}

# The sort bar, in the order shown; "" is the default order (relevance when searching, else newest).
SORTS = [
    ("", _("Best match")),
    ("-sales", _("Sales")),
    ("-created", _("Newest")),
    ("price", _("Price: low to high")),
    ("-price", _("Price: high to low")),
]

# The parameters that select goods: changing one of them starts again from the first page.
FILTER_PARAMETERS = ("q", "brand", "attr", "price_min", "price_max", "in_stock", "store")


def _positive_ints(values: list[str]) -> list[int]:
    numbers = []
    for value in values:
        number = query_id(value)
        if number is not None and number not in numbers:
            numbers.append(number)
    return numbers


def _price(value: str) -> Decimal | None:
    try:
        price = Decimal(value.strip())
    except (InvalidOperation, AttributeError):
        return None
    if not price.is_finite() or price < 0 or price > MAX_PRICE:
        return None
    return price.quantize(Decimal("0.01"))


def read_filters(query: QueryDict, *, category: StorefrontCategory | None = None) -> ProductFilters:
    """The filters of a listing page's query string, leaving out what cannot be read."""
    attributes: dict[int, list[str]] = {}
    for pair in query.getlist("attr"):
        attribute_id, _sep, value = pair.partition(":")
        attribute = query_id(attribute_id)
        if attribute is not None and value and len(value) <= 100:
            values = attributes.setdefault(attribute, [])
            if value not in values:
                values.append(value)
    price_min, price_max = _price(query.get("price_min", "")), _price(query.get("price_max", ""))
    if price_min is not None and price_max is not None and price_min > price_max:
        price_min, price_max = price_max, price_min  # the shopper typed the range backwards
    stores = _positive_ints(query.getlist("store")[:1])
    ordering = query.get("ordering", "")
    return ProductFilters(
        q=query.get("q", "").strip()[:MAX_QUERY_LENGTH],
        category=category,
        brand_ids=_positive_ints(query.getlist("brand")),
        store_id=stores[0] if stores else None,
        attributes=attributes,
        price_min=price_min,
        price_max=price_max,
        in_stock=query.get("in_stock", "").lower() in TRUE_VALUES,
        ordering=ordering if ordering in ORDERINGS else "",
    )


def to_query(filters: ProductFilters, **changes) -> dict[str, list[str]]:
    """The query string of `filters` as parameter -> values, with `changes` applied (None removes one)."""
    params: dict[str, list[str]] = {
        "q": [filters.q] if filters.q else [],
        "brand": [str(brand) for brand in filters.brand_ids],
        "attr": [f"{attribute}:{value}" for attribute, values in filters.attributes.items() for value in values],
        "price_min": [str(filters.price_min)] if filters.price_min is not None else [],
        "price_max": [str(filters.price_max)] if filters.price_max is not None else [],
        "in_stock": ["1"] if filters.in_stock else [],
        "store": [str(filters.store_id)] if filters.store_id else [],
        "ordering": [filters.ordering] if filters.ordering else [],
    }
    for name, value in changes.items():
        params[name] = [] if value is None else ([str(v) for v in value] if isinstance(value, list) else [str(value)])
    return {name: values for name, values in params.items() if values}


def href(path: str, params: dict[str, list[str]]) -> str:
    return f"{path}?{urlencode(params, doseq=True)}" if params else path


def _toggled(values: list, value) -> list:
    return [v for v in values if v != value] if value in values else [*values, value]


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    selected: bool = False
    count: int | None = None


@dataclass(frozen=True)
class FacetGroup:
    key: str  # "brand" or "attr-<attribute id>": stable, whatever the language
    name: str
    links: list[Link]


def facet_groups(path: str, filters: ProductFilters, facets: dict) -> list[FacetGroup]:
    """The facets (selectors.product_facets) as links: each adds its brand or value to the filters, or removes it
    when it is already chosen; every other filter stays and the page starts again from 1."""
    groups = []
    if facets["brands"]:
        links = [
            Link(
                label=brand["name"],
                count=brand["count"],
                selected=brand["id"] in filters.brand_ids,
                url=href(path, to_query(filters, brand=_toggled(filters.brand_ids, brand["id"]))),
            )
            for brand in facets["brands"]
        ]
        groups.append(FacetGroup(key="brand", name=str(_("Brand")), links=links))
    current = to_query(filters).get("attr", [])
    for attribute in facets["attributes"]:
        links = []
        for row in attribute["values"]:
            pair = f"{attribute['id']}:{row['value']}"
            links.append(
                Link(
                    label=row["value"],
                    count=row["count"],
                    selected=pair in current,
                    url=href(path, to_query(filters, attr=_toggled(current, pair))),
                )
            )
        groups.append(FacetGroup(key=f"attr-{attribute['id']}", name=attribute["name"], links=links))
    return groups


def active_filters(path: str, filters: ProductFilters, *, names: dict) -> list[Link]:
    """The chosen filters as chips, each linking to the same page without it. `names` gives the labels of the
    chosen brands, attributes and store ({"brands": {id: name}, "attributes": {id: name}, "store": name})."""
    chips = []
    for brand_id in filters.brand_ids:
        label = names["brands"].get(brand_id)
        if label:
            chips.append(
                Link(label=label, url=href(path, to_query(filters, brand=_toggled(filters.brand_ids, brand_id))))
            )
    current = to_query(filters).get("attr", [])
    for attribute_id, values in filters.attributes.items():
        for value in values:
            pair = f"{attribute_id}:{value}"
            name = names["attributes"].get(attribute_id, "")
            label = f"{name}: {value}" if name else value
            chips.append(Link(label=label, url=href(path, to_query(filters, attr=_toggled(current, pair)))))
    if filters.price_min is not None or filters.price_max is not None:
        low = f"¥{filters.price_min}" if filters.price_min is not None else ""
        high = f"¥{filters.price_max}" if filters.price_max is not None else ""
        chips.append(
            Link(label=f"{low} – {high}".strip(), url=href(path, to_query(filters, price_min=None, price_max=None)))
        )
    if filters.in_stock:
        chips.append(Link(label=str(_("In stock only")), url=href(path, to_query(filters, in_stock=None))))
    if filters.store_id and names.get("store"):
        chips.append(Link(label=names["store"], url=href(path, to_query(filters, store=None))))
    return chips


def sort_links(path: str, filters: ProductFilters) -> list[Link]:
    return [
        Link(
            label=str(label),
            url=href(path, to_query(filters, ordering=value or None)),
            selected=filters.ordering == value,
        )
        for value, label in SORTS
    ]


def clear_url(path: str, filters: ProductFilters) -> str:
    """The same listing without any filter but the search words (and the order)."""
    return href(path, to_query(filters, **{name: None for name in FILTER_PARAMETERS if name != "q"}))


def page_url(path: str, filters: ProductFilters, number: int) -> str:
    return href(path, to_query(filters, page=number if number > 1 else None))


def page_numbers(current: int, last: int, *, around: int = 2) -> list[int | None]:
    """The page numbers a pager shows: first, last and those around the current one; None marks a gap."""
    shown = sorted({1, last, *range(max(1, current - around), min(last, current + around) + 1)})
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers
