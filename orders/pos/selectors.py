"""Reads of the store's counter, each scoped to the caller's store: the goods it sells found by barcode, code or
name; a counter sale for its receipt; the store's accounts; the staff figures (a clerk's own sales and members
gained, a manager's per clerk), read from indexed columns (StoreOrder "order_sold_by", MemberSource's store and
time)."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from catalog.models import Sku, SpuStatus, StoreListing
from catalog.selectors import skus_sold_by
from marketplace.exceptions import NotFound
from orders.models import PosAccount, StoreOrder, Trade
from stores.models import MemberSource, StaffRole, Store, StoreMembership, StoreStatus
from stores.selectors import for_store

SEARCH_LIMIT = 20
ZERO = Decimal("0.00")


def pos_skus(*, store: Store, query: str) -> list[Sku]:
    """The store's sellable SKUs matching what the clerk typed or scanned: a barcode or SKU code exactly (those
    first), or words of the product's title. Its own goods, or HQ's it lists through an active listing; each with
    `available` in the store's own warehouses and `store_price` (its own price where HQ allows one). Another store's
    goods are never found. Two queries."""
    query = query.strip()
    if not query:
        return []
    listed = StoreListing.objects.filter(store=store, spu_id=OuterRef("spu_id"), is_active=True)
    exact = Q(barcode=query) | Q(code=query)
    found = (
        Sku.objects.filter(exact | Q(spu__title__icontains=query), is_active=True, spu__status=SpuStatus.ON_SHELF)
        .filter(store__status=StoreStatus.ACTIVE)
        .filter(Q(store=store) | Q(Exists(listed)))
        .annotate(exact=Exists(Sku.objects.filter(pk=OuterRef("pk")).filter(exact)))
        .order_by("-exact", "spu_id", "pk")
        .values_list("pk", flat=True)[:SEARCH_LIMIT]
    )
    ids = list(found)
    skus = {sku.pk: sku for sku in skus_sold_by(sku_ids=ids, store_id=store.pk)}
    return [skus[pk] for pk in ids if pk in skus]


def counter_sale(*, store: Store, trade_no: str) -> Trade:
    """A counter sale of the store with its orders, lines and payments (its receipt). Another store's is 404."""
    orders = for_store(StoreOrder.objects.filter(sold_by__isnull=False), store).prefetch_related("lines")
    trade = (
        Trade.objects.filter(trade_no=trade_no, orders__in=orders)
        .distinct()
        .select_related("user")
        .prefetch_related("payments__counter_tender__account")
        .first()
    )
    if trade is None:
        raise NotFound()
    trade.store_orders = list(orders.filter(trade=trade).select_related("sold_by", "store"))
    return trade


def pos_accounts(*, store: Store) -> QuerySet[PosAccount]:
    return for_store(PosAccount.objects.all(), store)


@dataclass(frozen=True)
class StaffFigures:
    """One staff member's counter sales (orders paid, their amount less refunds) and members gained (registered
    through their member QR code), today and this month (Beijing time)."""

    user_id: int
    name: str
    role: str
    orders_today: int = 0
    amount_today: Decimal = ZERO
    orders_month: int = 0
    amount_month: Decimal = ZERO
    members_today: int = 0
    members_month: int = 0


def staff_figures(*, store: Store, user_id: int | None = None, now: datetime | None = None) -> list[StaffFigures]:
    """The figures of the store's staff, or of the one `user_id` (a clerk sees their own). Three queries."""
    now = timezone.localtime(now or timezone.now())
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    month = day.replace(day=1)
    staff = StoreMembership.objects.filter(store=store).select_related("user").order_by("role", "user_id")
    if user_id is not None:
        staff = staff.filter(user_id=user_id)
    people = list(staff)
    ids = [membership.user_id for membership in people]
    kept = F("paid_amount") - F("refunded_amount")
    today = Q(paid_at__gte=day)
    sales = {
        row["sold_by"]: row
        for row in StoreOrder.objects.filter(
            store=store, sold_by__in=ids, paid_at__gte=month, paid_at__lt=_next_month(month)
        )
        .values("sold_by")
        .annotate(
            orders_today=Count("pk", filter=today),
            amount_today=Coalesce(Sum(kept, filter=today), ZERO),
            orders_month=Count("pk"),
            amount_month=Coalesce(Sum(kept), ZERO),
        )
    }
    gained = {
        row["staff"]: row
        for row in MemberSource.objects.filter(store=store, staff__in=ids, registered_at__gte=month)
        .values("staff")
        .annotate(members_today=Count("pk", filter=Q(registered_at__gte=day)), members_month=Count("pk"))
    }
    return [
        StaffFigures(
            user_id=membership.user_id,
            name=membership.user.get_full_name() or membership.user.get_username(),
            role=StaffRole(membership.role).label,
            **{key: value for key, value in sales.get(membership.user_id, {}).items() if key != "sold_by"},
            **{key: value for key, value in gained.get(membership.user_id, {}).items() if key != "staff"},
        )
        for membership in people
    ]


def _next_month(month: datetime) -> datetime:
    return (month + timedelta(days=32)).replace(day=1)
