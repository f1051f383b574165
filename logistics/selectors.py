"""Reads of the logistics center: templates for the seller, and as the pricing engine's dataclasses."""

from collections.abc import Iterable

from django.db.models import QuerySet

from logistics import freight
from logistics.models import FreightTemplate
from stores.models import Store
from stores.selectors import for_store


def store_freight_templates(*, store: Store) -> QuerySet[FreightTemplate]:
    return for_store(FreightTemplate.objects.filter(is_active=True), store).for_engine()


def engine_templates(*, template_ids: Iterable[int]) -> dict[int, freight.FreightTemplate]:
    """The templates as `logistics.freight` takes them, in six queries however many there are. Retired
    templates are included: goods listed under one are still charged by it."""
    templates = FreightTemplate.objects.filter(pk__in=set(template_ids)).for_engine()
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
