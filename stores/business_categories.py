"""The categories of business a merchant may apply for (经营类目): the catalog's top-level backend categories.

The catalog stands above the stores center (import-linter's layers: it imports stores, never the reverse), so a
store keeps the chosen categories by id (`Store.business_categories`) and asks here for their names; the project
package, which may know both, plugs the catalog's answer in when the apps are ready (marketplace/apps.py:
catalog.selectors.top_level_categories), as catalog.freight_templates does for logistics. Decision 0022."""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

# () -> [(id, name)] of the active top-level backend categories, in the tree's order.
Source = Callable[[], list[tuple[int, str]]]
_source: list[Source] = []


def provide(source: Source) -> None:
    """Answer the stores center's question with `source` (again at each ready(), which tests may run twice)."""
    _source[:] = [source]


def category_choices() -> list[tuple[int, str]]:
    """The categories an application may name now, as (id, name). One query."""
    if not _source:
        raise ImproperlyConfigured(
            "No one answers which categories a store may sell in: see stores.business_categories."
        )
    return list(_source[0]())


def category_names(ids: list[int]) -> list[str]:
    """The names of the categories `ids` names, in the tree's order; an id no longer offered is left out."""
    wanted = set(ids)
    return [name for pk, name in category_choices() if pk in wanted]
