"""Reads of the logistics center: templates for the seller, and as the pricing engine's dataclasses."""

from collections.abc import Iterable

from django.db.models import QuerySet

from logistics import freight
from logistics.models import FreightTemplate
from marketplace.config_cache import ConfigMemo
from stores.models import Store
from stores.selectors import for_store


def store_freight_templates(*, store: Store) -> QuerySet[FreightTemplate]:
    return for_store(FreightTemplate.objects.filter(is_active=True), store).for_engine()


def product_freight_templates(*, store_id: int) -> list[tuple[int, str]]:
    """(id, name) of the templates a store's products may be put under: its live ones, oldest first. The catalog
    asks through catalog.freight_templates, into which the project package plugs this."""
    templates = FreightTemplate.objects.filter(store_id=store_id, is_active=True).order_by("id")
    return list(templates.values_list("pk", "name"))


# Freight templates as the engine takes them, read for every cart with an address (marketplace.config_cache;
# moved by the signals in apps.py).
ENGINE_TEMPLATES = ConfigMemo("freight")


def engine_templates(*, template_ids: Iterable[int]) -> dict[int, freight.FreightTemplate]:
    """The templates as `logistics.freight` takes them: from memory while no template has changed, else in six
    queries however many there are. Retired templates are included: goods listed under one are still charged
    by it."""
    ids = frozenset(template_ids)
    return ENGINE_TEMPLATES.get(ids, lambda: _load_engine_templates(ids))


def _load_engine_templates(ids: frozenset[int]) -> dict[int, freight.FreightTemplate]:
    templates = FreightTemplate.objects.filter(pk__in=ids).for_engine()
    return {template.pk: to_engine(template) for template in templates}


def to_engine(template: FreightTemplate) -> freight.FreightTemplate:
    def codes(regions) -> frozenset[str]:
        return frozenset(region.code for region in regions.all())

    rates = [
        freight.FreightRate(
            first_units=rule.first_units,
            first_fee=rule.first_fee,
            additional_units=rule.additional_units,
            additional_fee=rule.additional_fee,
            regions=codes(rule.regions),
        )
        for rule in template.rates.all()
    ]
    return freight.FreightTemplate(
        id=template.pk,
        basis=freight.FreightBasis(template.basis),
        default_rate=next((rate for rate in rates if not rate.regions), None),
        region_rates=tuple(rate for rate in rates if rate.regions),
        free_shipping=tuple(
            freight.FreeShipping(min_amount=rule.min_amount, min_count=rule.min_count, regions=codes(rule.regions))
            for rule in template.free_shipping.all()
        ),
        undeliverable=codes(template.undeliverable_regions),
    )
