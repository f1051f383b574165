"""Writes of the logistics center: a store's freight templates."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from logistics.freight import FreightBasis
from logistics.models import FreeShippingRule, FreightRateRule, FreightTemplate
from marketplace.exceptions import InvalidInput
from marketplace.models import Region
from members.models import User
from stores.events import store_event
from stores.models import Store, StoreEventType


@dataclass(frozen=True)
class RateInput:
    first_units: Decimal
    first_fee: Decimal
    additional_units: Decimal
    additional_fee: Decimal
    regions: list[Region] = field(default_factory=list)


@dataclass(frozen=True)
class FreeShippingInput:
    min_amount: Decimal | None = None
    min_count: int | None = None
    regions: list[Region] = field(default_factory=list)


@transaction.atomic
def freight_template_save(
    *,
    store: Store,
    by: User,
    name: str,
    basis: str,
    rates: list[RateInput],
    free_shipping: list[FreeShippingInput],
    undeliverable: list[Region],
    template: FreightTemplate | None = None,
) -> FreightTemplate:
    """Create a template, or replace the whole configuration of `template` (its rules are rewritten).

    A template that charges needs a default rate (no regions) or region rates; at most one default."""
    _check_rates(basis=basis, rates=rates)
    duplicate = FreightTemplate.objects.filter(store=store, name=name).exclude(pk=getattr(template, "pk", None))
    if duplicate.exists():
        message = _("This store already has a freight template of that name.")
        raise InvalidInput(message, fields={"name": [message]})
    if template is None:
        template = FreightTemplate.objects.create(store=store, name=name, basis=basis)
    else:
        template = FreightTemplate.objects.select_for_update().get(pk=template.pk)
        template.name, template.basis = name, basis
        template.save(update_fields=["name", "basis", "updated_at"])
        template.rates.all().delete()
        template.free_shipping.all().delete()
    for rate in rates if basis != FreightBasis.FREE else []:
        rule = FreightRateRule.objects.create(
            template=template,
            first_units=rate.first_units,
            first_fee=rate.first_fee,
            additional_units=rate.additional_units,
            additional_fee=rate.additional_fee,
        )
        rule.regions.set(rate.regions)
    for condition in free_shipping:
        rule = FreeShippingRule.objects.create(
            template=template, min_amount=condition.min_amount, min_count=condition.min_count
        )
        rule.regions.set(condition.regions)
    template.undeliverable_regions.set(undeliverable)
    store_event(store=store, type=StoreEventType.FREIGHT_TEMPLATE_SAVED, by=by, template_id=template.pk)
    return template


def _check_rates(*, basis: str, rates: list[RateInput]) -> None:
    if basis == FreightBasis.FREE:
        return
    if not rates:
        message = _("A template that charges needs at least one rate.")
        raise InvalidInput(message, fields={"rates": [message]})
    if sum(1 for rate in rates if not rate.regions) > 1:
        message = _("Only one rate may be the default (without regions).")
        raise InvalidInput(message, fields={"rates": [message]})


@transaction.atomic
def freight_template_delete(*, template: FreightTemplate, by: User) -> None:
    """Retire a template: it stays for the goods and orders that used it, but can no longer be chosen."""
    template.is_active = False
    template.save(update_fields=["is_active", "updated_at"])
    store_event(store=template.store, type=StoreEventType.FREIGHT_TEMPLATE_RETIRED, by=by, template_id=template.pk)
