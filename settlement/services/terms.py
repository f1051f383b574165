"""Writes of the settlement center: settlement terms and supply prices (finance)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import BackendCategory, Sku
from marketplace.exceptions import InvalidInput, InvalidTransition
from members.models import User
from settlement.models import Mode, SettlementTerms, SupplyPrice
from settlement.selectors import terms_versions
from stores.models import Store


@dataclass(frozen=True)
class TermsInput:
    """A version of terms as finance writes it; tiers and bands as (from, rate) and (from_margin, store_share)."""

    effective_from: date
    mode: str
    cycle: str
    hold_days: int
    rate: Decimal = Decimal(0)
    category_rates: list[tuple[int, Decimal]] = field(default_factory=list)
    sales_tiers: list[tuple[Decimal, Decimal]] = field(default_factory=list)
    margin_bands: list[tuple[Decimal, Decimal]] = field(default_factory=list)
    bank_name: str | None = None  # None: the payout account of the version before
    account_name: str | None = None
    account_number: str | None = None


@transaction.atomic
def terms_set(*, store: Store, by: User, terms: TermsInput) -> SettlementTerms:
    """Add a version of the store's terms from `effective_from` (today or later, Beijing time). A version not in
    force yet is replaced by one of the same day; the version in force is never changed (lines paid under it
    keep it): the next one starts tomorrow at the earliest. The payout account carries over unless given."""
    today = timezone.localdate()
    if terms.effective_from < today:
        message = _("Terms apply from today or a later day, never to days already past.")
        raise InvalidInput(message, fields={"effective_from": [message]})
    _check(terms)
    Store.objects.select_for_update().get(pk=store.pk)  # versions of one store are written one at a time
    versions = terms_versions(store=store)
    same_day = versions.filter(effective_from=terms.effective_from).first()
    if same_day is not None and same_day.effective_from <= today:
        raise InvalidTransition(
            _("The terms in force today cannot change; add a version from tomorrow."),
            fields={"effective_from": [str(terms.effective_from)]},
        )
    before = versions.filter(effective_from__lt=terms.effective_from).first()
    account = {
        name: getattr(terms, name) if getattr(terms, name) is not None else getattr(before, name, "")
        for name in ("bank_name", "account_name", "account_number")
    }
    if same_day is not None:
        same_day.delete()
    return SettlementTerms.objects.create(
        store=store,
        effective_from=terms.effective_from,
        mode=terms.mode,
        rate=terms.rate,
        category_rates=[{"category": category, "rate": f"{rate:.2f}"} for category, rate in terms.category_rates],
        sales_tiers=[{"from": f"{start:.2f}", "rate": f"{rate:.2f}"} for start, rate in sorted(terms.sales_tiers)],
        margin_bands=[
            {"from_margin": f"{start:.2f}", "store_share": f"{share:.2f}"}
            for start, share in sorted(terms.margin_bands)
        ],
        cycle=terms.cycle,
        hold_days=terms.hold_days,
        created_by=by,
        **account,
    )


def _check(terms: TermsInput) -> None:
    """What each mode needs, and tiers and bands that choose one rate for any figure."""
    if terms.mode == Mode.PROFIT_SHARE and not terms.margin_bands:
        message = _("Profit share needs at least one margin band.")
        raise InvalidInput(message, fields={"margin_bands": [message]})
    for name, starts in (
        ("sales_tiers", [start for start, _rate in terms.sales_tiers]),
        ("margin_bands", [start for start, _share in terms.margin_bands]),
        ("category_rates", [category for category, _rate in terms.category_rates]),
    ):
        if len(set(starts)) != len(starts):
            message = _("Each tier, band or category appears once.")
            raise InvalidInput(message, fields={name: [message]})
    categories = {category for category, _rate in terms.category_rates}
    unknown = categories - set(BackendCategory.objects.filter(pk__in=categories).values_list("pk", flat=True))
    if unknown:
        message = _("Unknown categories: %(ids)s.") % {"ids": sorted(unknown)}
        raise InvalidInput(message, fields={"category_rates": [message]})


@transaction.atomic
def supply_prices_set(*, store: Store, by: User, prices: list[tuple[int, Decimal]]) -> list[SupplyPrice]:
    """HQ's unit prices of these SKUs to the store (price-difference mode), each written over the one before."""
    sku_ids = [sku for sku, _price in prices]
    if len(set(sku_ids)) != len(sku_ids):
        message = _("Each SKU appears once.")
        raise InvalidInput(message, fields={"sku": [message]})
    unknown = set(sku_ids) - set(Sku.objects.filter(pk__in=sku_ids, is_active=True).values_list("pk", flat=True))
    if unknown:
        message = _("Unknown SKUs: %(ids)s.") % {"ids": sorted(unknown)}
        raise InvalidInput(message, fields={"sku": [message]})
    return [
        SupplyPrice.objects.update_or_create(store=store, sku_id=sku, defaults={"price": price, "updated_by": by})[0]
        for sku, price in prices
    ]
