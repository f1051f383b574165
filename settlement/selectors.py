"""Reads of the settlement center."""

from datetime import date

from django.db.models import QuerySet

from settlement.models import Cycle, Mode, SettlementTerms
from stores.models import Store, StoreType


def terms_versions(*, store: Store) -> QuerySet[SettlementTerms]:
    """Every version of the store's terms, the newest first."""
    return SettlementTerms.objects.filter(store=store).order_by("-effective_from")


def terms_in_force(*, store: Store, on: date) -> SettlementTerms:
    """The version in force on `on`. A store finance never set terms for is settled as its onboarding said: a
    commission of its `commission_percent` on net sales, monthly, held 7 days; HQ's own store takes nothing.
    That default is not saved: it is what the first version, once finance writes one, replaces."""
    version = terms_versions(store=store).filter(effective_from__lte=on).first()
    if version is not None:
        return version
    own = store.type == StoreType.SELF_OPERATED
    return SettlementTerms(
        store=store,
        effective_from=store.created_at.date(),
        mode=Mode.NONE if own else Mode.SALES_SHARE,
        rate=0 if own else store.commission_percent,
        cycle=Cycle.MONTHLY,
        hold_days=7,
    )
