"""Reads of the companies center, scoped: a member reads their own company only, a store its own price lists and
terms; and the business buyer's terms that orders' pricing turns into the engine's inputs."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import F, OuterRef, QuerySet, Subquery

from catalog.models import Sku
from companies.models import (
    Company,
    CompanyAddress,
    CompanyMember,
    CompanyRole,
    CompanyStatus,
    InvoiceTitle,
    PriceList,
    PriceListItem,
    WholesaleTerms,
)
from marketplace.compiled import CompiledRead
from marketplace.exceptions import NotFound
from members.models import User
from stores.models import Store
from stores.selectors import for_store


def membership_of(user: User | None) -> CompanyMember | None:
    """The user's place in a company (any status), with the company; None for a visitor or a retail shopper."""
    if user is None or not user.is_authenticated:
        return None
    return CompanyMember.objects.select_related("company").filter(user=user).first()


def buying_company_id(user: User | None) -> int | None:
    """The approved company `user` buys for: they are a business buyer, else None. One query, kept on the user's
    object for the rest of the request: a page that prices the cart twice (its selected and unselected lines), or an
    add to the cart that checks the minimum and then prices, asks once."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, BUYING_COMPANY):  # read with the member's row on the way in (members.backends), or here
        row = _BUYING_COMPANY.row(user=user.pk)
        setattr(user, BUYING_COMPANY, row[0] if row else None)
    return getattr(user, BUYING_COMPANY)


def buying_company(user) -> QuerySet[CompanyMember]:
    """The approved company's id of `user` (a member's id, or OuterRef to one), or no row: as a subquery too."""
    return CompanyMember.objects.filter(user_id=user, company__status=CompanyStatus.APPROVED).values_list("company_id")[
        :1
    ]


def buying_company_of_member() -> Subquery:
    """The approved company's id as a value of the member's row (OuterRef("pk")), None for none."""
    return Subquery(buying_company(OuterRef("pk")))


BUYING_COMPANY = "_buying_company_id"
# Asked on every logged-in product page and add to cart: compiled once (marketplace.compiled).
_BUYING_COMPANY = CompiledRead(buying_company, user=-7_301_947)


@dataclass(frozen=True)
class SkuTerms:
    """A business buyer's terms for one SKU: quantity breaks (quantity, unit price) in increasing quantity, the
    minimum order quantity, and the company's negotiated price where a valid price list names the SKU."""

    tiers: tuple[tuple[int, Decimal], ...] = ()
    min_quantity: int = 1
    negotiated_price: Decimal | None = None


NO_TERMS = SkuTerms()


@dataclass(frozen=True)
class BusinessTerms:
    company_id: int | None
    skus: dict[int, SkuTerms]

    def of(self, sku_id: int) -> SkuTerms:
        return self.skus.get(sku_id, NO_TERMS)


RETAIL = BusinessTerms(company_id=None, skus={})


def business_terms(*, user: User | None, sku_ids: Iterable[int], day: date) -> BusinessTerms:
    """What `user` buys `sku_ids` at as a business buyer: one query for a logged-in member (are they one?; none
    without SKUs), two more for a
    business buyer (the SKUs' wholesale terms with their tiers; the lowest negotiated price of the company's price
    lists valid on `day`), whatever the number of SKUs."""
    sku_ids = list(sku_ids)
    company_id = buying_company_id(user) if sku_ids else None
    if company_id is None:
        return RETAIL
    wholesale = _wholesale_rows(sku_ids)
    negotiated = _negotiated_prices(company_id=company_id, sku_ids=sku_ids, day=day)
    return BusinessTerms(
        company_id=company_id,
        skus={
            sku_id: SkuTerms(
                tiers=wholesale[sku_id][1] if sku_id in wholesale else (),
                min_quantity=wholesale[sku_id][0] if sku_id in wholesale else 1,
                negotiated_price=negotiated.get(sku_id),
            )
            for sku_id in sku_ids
        },
    )


def _wholesale_rows(sku_ids: list[int]) -> dict[int, tuple[int, tuple[tuple[int, Decimal], ...]]]:
    """SKU -> (minimum order quantity, its tiers in increasing quantity), one query."""
    rows = (
        WholesaleTerms.objects.filter(sku_id__in=sku_ids)
        .annotate(
            tier_quantities=ArrayAgg("tiers__min_quantity", order_by="tiers__min_quantity", default=[]),
            tier_prices=ArrayAgg("tiers__unit_price", order_by="tiers__min_quantity", default=[]),
        )
        .values_list("sku_id", "min_quantity", "tier_quantities", "tier_prices")
    )
    return {
        sku_id: (
            minimum,
            tuple((q, price) for q, price in zip(quantities, prices, strict=True) if q is not None),
        )
        for sku_id, minimum, quantities, prices in rows
    }


def _negotiated_prices(*, company_id: int, sku_ids: list[int], day: date) -> dict[int, Decimal]:
    """SKU -> the lowest price of the company's lists valid on `day` that name it, set by the store that sells it
    (a list names only its own store's SKUs; the store is checked again here). One query."""
    prices: dict[int, Decimal] = {}
    rows = (
        PriceListItem.objects.filter(sku_id__in=sku_ids, price_list__company_id=company_id)
        .filter(price_list__valid_from__lte=day, price_list__valid_to__gte=day)
        .filter(price_list__store_id=F("sku__store_id"))
        .values_list("sku_id", "unit_price")
    )
    for sku_id, price in rows:
        prices[sku_id] = min(price, prices.get(sku_id, price))
    return prices


@dataclass(frozen=True)
class ProductTermsRow:
    sku_id: int
    name: str
    min_quantity: int
    tiers: tuple[tuple[int, Decimal], ...]
    negotiated_price: Decimal | None


def product_business_terms(*, user: User | None, spu_id: int, day: date) -> list[ProductTermsRow]:
    """The product page's business terms for `user`: a row per active SKU of the product with any term for them (a
    minimum above one, a tier, a negotiated price); none for anyone but a business buyer. One query for anyone, three
    more for a business buyer."""
    company_id = buying_company_id(user)
    if company_id is None:
        return []
    skus = [
        (pk, " ".join(specs.values()) or str(pk))
        for pk, specs in Sku.objects.filter(spu_id=spu_id, is_active=True).order_by("pk").values_list("pk", "specs")
    ]
    sku_ids = [pk for pk, _name in skus]
    wholesale = _wholesale_rows(sku_ids)
    negotiated = _negotiated_prices(company_id=company_id, sku_ids=sku_ids, day=day)
    rows = []
    for sku_id, name in skus:
        minimum, tiers = wholesale.get(sku_id, (1, ()))
        if minimum > 1 or tiers or sku_id in negotiated:
            rows.append(ProductTermsRow(sku_id, name, minimum, tiers, negotiated.get(sku_id)))
    return rows


def minimum_quantity(*, user: User, sku_id: int) -> int:
    """The minimum order quantity `user` must buy of the SKU: a business buyer's (one query more), or 1 for anyone
    else (none more than buying_company_id)."""
    if buying_company_id(user) is None:
        return 1
    minimum = WholesaleTerms.objects.filter(sku_id=sku_id).values_list("min_quantity", flat=True).first()
    return minimum or 1


def company_user_ids(user: User) -> list[int] | None:
    """The ids of the users of `user`'s company whose orders they read (them included), or None when they have no
    company: what a company's orders are read by (the orders of its users now). The admin, approvers and finance
    read everyone's; a buyer only their own (decision 0043)."""
    membership = CompanyMember.objects.filter(user_id=user.pk).values_list("company_id", "role", "is_admin").first()
    if membership is None:
        return None
    company_id, role, is_admin = membership
    if role == CompanyRole.BUYER and not is_admin:
        return [user.pk]
    return list(CompanyMember.objects.filter(company_id=company_id).values_list("user_id", flat=True))


def my_company(user: User) -> Company | None:
    membership = membership_of(user)
    return membership.company if membership else None


def company_members(*, company: Company) -> QuerySet[CompanyMember]:
    return CompanyMember.objects.filter(company=company).select_related("user")


def company_addresses(*, company: Company) -> QuerySet[CompanyAddress]:
    return CompanyAddress.objects.filter(company=company).select_related("region")


def company_invoice_titles(*, company: Company) -> QuerySet[InvoiceTitle]:
    return InvoiceTitle.objects.filter(company=company)


def store_sku(*, store: Store, sku_id: int) -> Sku:
    """One of the store's own SKUs; another store's is not found."""
    sku = for_store(Sku.objects.all(), store).filter(pk=sku_id).first()
    if sku is None:
        raise NotFound()
    return sku


def store_price_lists(*, store: Store) -> QuerySet[PriceList]:
    return for_store(PriceList.objects.select_related("company"), store).prefetch_related("items")


def store_wholesale_terms(*, store: Store) -> QuerySet[WholesaleTerms]:
    return for_store(WholesaleTerms.objects.select_related("sku"), store).prefetch_related("tiers")


def approved_companies() -> QuerySet[Company]:
    return Company.objects.approved().order_by("name")
