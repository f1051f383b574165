"""Reads of deals, scoped: a company's users read their company's deals only, a store's staff their store's; the
totals and the threshold rule; and what checkout needs to order an accepted deal."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from catalog.models import Sku
from companies.deals.exceptions import DealExpired, DealNotReady
from companies.models import CompanyMember, CompanyRole, Deal, DealLine, DealStatus, StoreDealSettings
from companies.selectors import buying_company_id
from marketplace.amounts import ZERO
from marketplace.exceptions import InvalidInput, NotFound
from members.models import User
from stores.models import Store
from stores.selectors import for_store

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class DealTotals:
    """`list_total`: the lines at the SKUs' list prices; `goods`: at the agreed prices; `total`: goods less the
    special discount (what the order's goods will cost); `percent_off`: how far below the list total, for people
    to read (two decimals)."""

    list_total: Decimal
    goods: Decimal
    discount: Decimal

    @property
    def total(self) -> Decimal:
        return self.goods - self.discount

    @property
    def off(self) -> Decimal:
        return self.list_total - self.total

    @property
    def percent_off(self) -> Decimal:
        if not self.list_total:
            return Decimal("0.00")
        return (self.off * HUNDRED / self.list_total).quantize(Decimal("0.01"))

    def beyond(self, percent: Decimal) -> bool:
        """More than `percent` off the list total, compared exactly (no rounding: 5.001 % is beyond 5)."""
        return self.off * HUNDRED > percent * self.list_total


def deal_totals(deal: Deal, lines: list[DealLine] | None = None) -> DealTotals:
    lines = list(deal.lines.all()) if lines is None else lines
    return DealTotals(
        list_total=sum((line.list_amount for line in lines), ZERO),
        goods=sum((line.amount or ZERO for line in lines), ZERO),
        discount=deal.special_discount,
    )


def approval_percent(store_id: int) -> Decimal:
    """The store's threshold: more than this percent off the list total needs a manager's approval."""
    found = StoreDealSettings.objects.filter(store_id=store_id).values_list("approval_percent", flat=True).first()
    return StoreDealSettings.DEFAULT_PERCENT if found is None else found


def may_ask_quote(user: User | None) -> bool:
    """A buyer of an approved company (who asks for quotes): no query for anyone who is not a business buyer once
    buying_company_id knows it (the cart's pricing asked already), one for a business buyer's role."""
    if buying_company_id(user) is None:
        return False
    return CompanyMember.objects.filter(user_id=user.pk, role=CompanyRole.BUYER).exists()


def quote_skus(*, user: User | None, spu_id: int) -> list[tuple[int, str]]:
    """The product's SKUs on sale (id, specs) a business buyer may ask a quote for on its page; none for others."""
    if not may_ask_quote(user):
        return []
    skus = Sku.objects.filter(spu_id=spu_id, is_active=True).order_by("pk").values_list("pk", "specs")
    return [(pk, " ".join(specs.values()) or str(pk)) for pk, specs in skus]


def _with_details(queryset: QuerySet[Deal]) -> QuerySet[Deal]:
    return queryset.select_related("company", "store", "buyer", "offered_by", "approved_by").prefetch_related("lines")


def company_deals(*, user: User) -> QuerySet[Deal]:
    """The deals of the user's company (every user of it reads them); none for anyone else."""
    company_id = CompanyMember.objects.filter(user=user).values_list("company_id", flat=True).first()
    if company_id is None:
        return Deal.objects.none()
    return _with_details(Deal.objects.filter(company_id=company_id))


def company_deal(*, user: User, deal_id: int) -> Deal:
    """One deal of the user's company; another company's is not found."""
    deal = company_deals(user=user).filter(pk=deal_id).first()
    if deal is None:
        raise NotFound()
    return deal


def store_deals(*, store: Store) -> QuerySet[Deal]:
    return _with_details(for_store(Deal.objects.all(), store))


def store_deal(*, store: Store, deal_id: int) -> Deal:
    deal = store_deals(store=store).filter(pk=deal_id).first()
    if deal is None:
        raise NotFound()
    return deal


def platform_deals(*, status: str | None = None, store_id: int | None = None) -> QuerySet[Deal]:
    """Every store's deals, for the platform's operators (decision 0042): by status and store if asked."""
    deals = _with_details(Deal.objects.all())
    if status in DealStatus.values:
        deals = deals.filter(status=status)
    if store_id is not None:
        deals = deals.filter(store_id=store_id)
    return deals


def platform_deal(*, deal_id: int) -> Deal:
    deal = _with_details(Deal.objects.filter(pk=deal_id)).first()
    if deal is None:
        raise NotFound()
    return deal


def deal_events(*, deal: Deal):
    return deal.events.select_related("by").order_by("at", "id")


@dataclass(frozen=True)
class DealCheckout:
    """What checkout orders from an accepted deal: its store, its lines (SKU, quantity, agreed unit price) and the
    store's special discount, which the engine apportions (promotions.pricing.Agreement)."""

    deal_id: int
    store_id: int
    lines: tuple[tuple[int, int, Decimal], ...]
    special_discount: Decimal
    name: str


def deal_checkout(*, user: User, deal_id: int, day: date) -> DealCheckout:
    """The deal `user` may order now: one of their company's, accepted with every approval in and still valid.
    Another company's deal is an input error naming `deal` (an id in a request's body, not its path); one not ready
    is `deal_not_ready`, one past its date `deal_expired`."""
    deal = company_deals(user=user).filter(pk=deal_id).first()
    if deal is None:
        message = _("Not one of your company's deals.")
        raise InvalidInput(message, fields={"deal": [message]})
    if deal.status != DealStatus.ACCEPTED:
        raise DealNotReady()
    if deal.valid_until is None or deal.valid_until < day:
        raise DealExpired()
    return DealCheckout(
        deal_id=deal.pk,
        store_id=deal.store_id,
        lines=tuple((line.sku_id, line.quantity, line.unit_price) for line in deal.lines.all()),
        special_discount=deal.special_discount,
        name=deal.number,
    )
