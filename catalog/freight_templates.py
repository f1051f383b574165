"""The freight templates a store's products may ship under (API.md: a product's `freight_template`).

Freight templates are the logistics center's, and logistics stands beside the catalog: neither imports the other
(import-linter's layers). So the catalog says here what it needs to know — a store's live templates, by id and
name — and the project package, which may know both, plugs in logistics' answer when the apps are ready
(marketplace/apps.py: logistics.selectors.product_freight_templates). Decision 0015."""

from collections.abc import Callable
from typing import NamedTuple

from django.core.exceptions import ImproperlyConfigured


class FreightTemplateChoice(NamedTuple):
    pk: int
    name: str


# (store_id=) -> [(id, name)] of the store's live templates, oldest first.
Source = Callable[..., list[tuple[int, str]]]
_source: list[Source] = []


def provide(source: Source) -> None:
    """Answer the catalog's question with `source` (again at each ready(), which tests may run twice)."""
    _source[:] = [source]


def store_freight_templates(*, store_id: int) -> list[FreightTemplateChoice]:
    """The templates a product of the store may be put under now: its live ones (a product may keep one retired
    after it was chosen). One query."""
    if not _source:
        raise ImproperlyConfigured("No one answers which freight templates a store has: see catalog.freight_templates.")
    return [FreightTemplateChoice(pk, name) for pk, name in _source[0](store_id=store_id)]
