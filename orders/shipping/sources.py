"""What the shipment split works from, read from the database: the store's warehouses with the stock they can
give, and the carrier limits parcels are packed to. Each read is one query, whatever the number of lines."""

from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.db.models import Min

from catalog.models import Stock
from logistics.models import Carrier
from orders.shipping.split import CarrierLimits, SourceWarehouse


def source_warehouses(
    *, store_id: int, sku_ids: Iterable[int], held: Mapping[tuple[int, int], int] | None = None
) -> tuple[SourceWarehouse, ...]:
    """The active warehouses of the selling store (a franchise store ships listed HQ goods from its own) that
    can give any of `sku_ids`, with their region codes and units per SKU, in warehouse id order. One query.

    A unit can be given when it is on hand and not reserved, or reserved by this very order: `held` maps
    (warehouse id, SKU id) to the units the order reserved there at submission. Counting them back is what
    lets the split move a line to a nearer warehouse than the one its reservation happened to land in; the
    caller then moves the reservation with the parcel."""
    held = held or {}
    rows = (
        Stock.objects.filter(warehouse__store_id=store_id, warehouse__is_active=True, sku_id__in=set(sku_ids))
        .order_by("warehouse_id", "sku_id")
        .values_list("warehouse_id", "warehouse__region_id", "sku_id", "on_hand", "reserved")
    )
    regions: dict[int, str] = {}
    available: dict[int, dict[int, int]] = defaultdict(dict)
    for warehouse_id, region, sku_id, on_hand, reserved in rows:
        units = on_hand - reserved + held.get((warehouse_id, sku_id), 0)
        if units > 0:
            regions[warehouse_id] = region
            available[warehouse_id][sku_id] = units
    return tuple(
        SourceWarehouse(warehouse_id, regions[warehouse_id], available[warehouse_id]) for warehouse_id in regions
    )


def carrier_limits() -> CarrierLimits | None:
    """The smallest weight and volume limits among active carriers: the split runs before the seller picks a
    carrier, and parcels packed to these limits can go with any of them. None when no carrier is active."""
    limits = Carrier.objects.active().aggregate(weight=Min("max_weight_g"), volume=Min("max_volume_mm3"))
    if limits["weight"] is None:
        return None
    return CarrierLimits(max_weight_g=limits["weight"], max_volume_mm3=limits["volume"])
