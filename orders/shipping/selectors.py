"""Reads of parcels: the shopper's through their order (member_order prefetches them), the seller's scoped to
their store. Each in a fixed number of queries, whatever the number of parcels and lines."""

from django.db.models import Prefetch, QuerySet

from marketplace.exceptions import NotFound
from orders.models import Parcel, ParcelLine, ParcelStatus
from stores.models import Store
from stores.selectors import for_store


def parcels_prefetch(lookup: str = "parcels") -> Prefetch:
    """An order's parcels with warehouse, carrier, lines and tracking events: three queries for any number."""
    return Prefetch(
        lookup, queryset=Parcel.objects.select_related("warehouse", "carrier").prefetch_related("lines", "events")
    )


def store_parcels(*, store: Store, status: str | None = None) -> QuerySet[Parcel]:
    """The store's parcels with their order (receiver, order number) and lines (title, specs). Those waiting to
    ship come oldest first, as they are to be packed; the others newest first."""
    parcels = (
        for_store(Parcel.objects.all(), store, field="order__store")
        .select_related("order", "warehouse", "carrier")
        .prefetch_related(Prefetch("lines", queryset=ParcelLine.objects.select_related("order_line")))
    )
    if status:
        parcels = parcels.filter(status=status)
    return parcels.order_by("created_at", "pk") if status == ParcelStatus.PENDING else parcels.order_by("-pk")


def store_parcel(*, store: Store, parcel_id: int) -> Parcel:
    """One of the store's parcels; another store's is not found."""
    parcel = for_store(Parcel.objects.all(), store, field="order__store").filter(pk=parcel_id).first()
    if parcel is None:
        raise NotFound()
    return parcel
