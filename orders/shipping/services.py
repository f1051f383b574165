"""Shipments after payment: the second split writes a paid order's parcels and moves its reservations with
them; the seller ships a parcel with a carrier and a tracking number, and the order follows its parcels.

The split itself is pure (orders/shipping/split.py, docs/decisions/0007); this module reads its inputs, writes
what it returns and keeps stock where the parcels say the goods are. Parcels carry no money: splitting never
charges the shopper freight again."""

import logging
from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Stock
from catalog.services.stock import StockLine, stock_commit, stock_release, stock_reserve
from logistics.models import Carrier
from marketplace.tasks import enqueue
from members.models import User
from orders import events, tasks
from orders.exceptions import InvalidTransition
from orders.lifecycle.transitions import order_transition
from orders.locks import lock_orders
from orders.models import Delivery, OrderLine, OrderStatus, Parcel, ParcelLine, ParcelStatus, StoreOrder
from orders.service_goods import service_line_ids, service_spu_queries
from orders.shipping.sources import carrier_limits, source_warehouses
from orders.shipping.split import CarrierLimits, ShipLine, ShippingCategory, split_shipment

logger = logging.getLogger(__name__)

# With no active carrier the split still separates warehouses and categories; the seller packs by hand.
NO_CARRIER_LIMITS = CarrierLimits(max_weight_g=2**62, max_volume_mm3=2**62)

# A paid order normally has its parcels seconds after payment; one without them after this long lost its task.
SPLIT_GRACE = timedelta(minutes=5)


def shipment_split(*, order_id: int) -> list[Parcel]:
    """Write the parcels of a paid store order, once: a second run, a run for an order that is no longer paid
    (cancelled by a full refund) or one whose marketing play holds its shipping writes nothing and returns [].
    Reservations made at submission in another warehouse than a parcel's are moved to the parcel's in the same
    transaction, so that shipping it can commit the stock there. Raises UnsourceableShipment (a bug or a hand-made
    stock correction) rather than writing part of the order."""
    with transaction.atomic():
        locked = lock_orders([order_id])
        if not locked:
            return []
        (order,) = locked
        if order.status != OrderStatus.PAID or order.shipping_held or order.delivery == Delivery.PICKUP:
            return []  # a pickup order waits at its store's counter: no parcels
        if order.parcels.exists():
            return []
        lines = [line for line in order.lines.select_related("sku__spu") if line.quantity > line.refunded_quantity]
        services = service_line_ids(lines)  # delivered as e-vouchers at payment: no parcel (orders/service_goods.py)
        lines = [line for line in lines if line.pk not in services]
        if not lines:
            return []
        planned = split_shipment(
            destination=order.receiver_region_id,
            lines=[_ship_line(line) for line in lines],
            warehouses=source_warehouses(
                store_id=order.store_id, sku_ids={line.sku_id for line in lines}, held=_held(lines)
            ),
            limits=carrier_limits() or NO_CARRIER_LIMITS,
        )
        parcels = Parcel.objects.bulk_create(
            Parcel(
                order=order,
                warehouse_id=plan.warehouse_id,
                weight_g=plan.weight_g,
                volume_mm3=plan.volume_mm3,
                shipping_category=plan.shipping_category.value,
                over_limit=plan.over_limit,
            )
            for plan in planned
        )
        parcel_lines = ParcelLine.objects.bulk_create(
            ParcelLine(parcel=parcel, order_line_id=line.order_line_id, sku_id=line.sku_id, quantity=line.quantity)
            for parcel, plan in zip(parcels, planned, strict=True)
            for line in plan.lines
        )
        _move_reservations(order, lines, parcel_lines)
        events.parcels_split(order=order, parcels=parcels)
    return parcels


def _ship_line(line: OrderLine) -> ShipLine:
    sku = line.sku
    return ShipLine(
        order_line_id=line.pk,
        sku_id=line.sku_id,
        quantity=line.quantity - line.refunded_quantity,
        unit_weight_g=sku.weight_g,
        unit_volume_mm3=sku.length_mm * sku.width_mm * sku.height_mm,
        shipping_category=ShippingCategory(sku.spu.shipping_category),
    )


def _held(lines: list[OrderLine]) -> dict[tuple[int, int], int]:
    """(warehouse id, SKU id) -> units this order reserved there at submission (refunded units were released)."""
    held: dict[tuple[int, int], int] = defaultdict(int)
    for line in lines:
        held[line.warehouse_id, line.sku_id] += line.quantity - line.refunded_quantity
    return held


def _move_reservations(order: StoreOrder, lines: list[OrderLine], parcel_lines: list[ParcelLine]) -> None:
    """Release where submission reserved and reserve where the parcels ship from, for the units that moved.

    The stock rows involved are locked first in the stock service's own order (SKU id, then row id), so the
    release and the reserve that follow take no lock another order could hold while waiting for ours."""
    reserved_in = {line.pk: line.warehouse_id for line in lines}
    moved: dict[tuple[int, int, int], int] = defaultdict(int)  # (SKU id, from warehouse, to warehouse) -> units
    for parcel_line in parcel_lines:
        source, target = reserved_in[parcel_line.order_line_id], parcel_line.parcel.warehouse_id
        if source != target:
            moved[parcel_line.sku_id, source, target] += parcel_line.quantity
    if not moved:
        return
    warehouses = {warehouse for _sku, source, target in moved for warehouse in (source, target)}
    list(
        Stock.objects.select_for_update(of=("self",))
        .filter(sku_id__in={sku for sku, _source, _target in moved}, warehouse_id__in=warehouses)
        .order_by("sku_id", "pk")
        .values_list("pk", flat=True)
    )
    stock_release(
        lines=[StockLine(sku, units, warehouse_id=source) for (sku, source, _target), units in moved.items()],
        reference=order.order_no,
        reason=_("Moved to the warehouse its parcel ships from."),
    )
    stock_reserve(
        lines=[StockLine(sku, units, warehouse_id=target) for (sku, _source, target), units in moved.items()],
        reference=order.order_no,
    )


def shipment_release(*, order: StoreOrder, quantities: Mapping[int, int], reference: str, reason: str = "") -> None:
    """Units of order lines that will not ship after all (refunded before shipping): `quantities` maps order line
    id to units. They leave the pending parcels (the last parcels first; an emptied parcel goes) and their
    reservation is released where it now lies: in the parcel's warehouse once the split has run, else where
    submission reserved it. The caller holds the order's row lock, as the split does."""
    left = {line_id: units for line_id, units in quantities.items() if units > 0}
    release: dict[tuple[int, int], int] = defaultdict(int)  # (SKU id, warehouse id) -> units
    touched: dict[int, Parcel] = {}
    pending = (
        ParcelLine.objects.filter(parcel__order=order, parcel__status=ParcelStatus.PENDING, order_line_id__in=left)
        .select_related("parcel", "sku")
        .order_by("-parcel_id", "order_line_id")
    )
    for parcel_line in pending:
        units = min(left[parcel_line.order_line_id], parcel_line.quantity)
        if not units:
            continue
        left[parcel_line.order_line_id] -= units
        release[parcel_line.sku_id, parcel_line.parcel.warehouse_id] += units
        parcel = touched.setdefault(parcel_line.parcel_id, parcel_line.parcel)
        if units == parcel_line.quantity:
            parcel_line.delete()
        else:
            parcel_line.quantity -= units
            parcel_line.save(update_fields=["quantity"])
        sku = parcel_line.sku
        parcel.weight_g = max(parcel.weight_g - units * sku.weight_g, 0)
        parcel.volume_mm3 = max(parcel.volume_mm3 - units * sku.length_mm * sku.width_mm * sku.height_mm, 0)
    Parcel.objects.bulk_update(touched.values(), ["weight_g", "volume_mm3"])
    unsplit = {line_id: units for line_id, units in left.items() if units}
    unsplit_lines = list(order.lines.filter(pk__in=unsplit))
    services = service_line_ids(unsplit_lines)  # their stock left when their vouchers were issued
    for line in (line for line in unsplit_lines if line.pk not in services):
        release[line.sku_id, line.warehouse_id] += unsplit[line.pk]
    Parcel.objects.filter(order=order, status=ParcelStatus.PENDING, lines__isnull=True).delete()
    if release:
        stock_release(
            lines=[StockLine(sku, units, warehouse_id=warehouse) for (sku, warehouse), units in release.items()],
            reference=reference,
            reason=reason,
        )


def orders_missing_parcels(*, now: datetime | None = None) -> list[int]:
    """Ids of paid orders still without parcels well after payment: their split task was lost."""
    now = now or timezone.now()
    orders = StoreOrder.objects.filter(
        status=OrderStatus.PAID,
        shipping_held=False,
        delivery=Delivery.SHIP,
        paid_at__lte=now - SPLIT_GRACE,
        parcels__isnull=True,
    )
    for services in service_spu_queries():  # an order of service goods alone never has parcels
        goods = OrderLine.objects.filter(order=OuterRef("pk")).exclude(spu_id__in=services)
        orders = orders.filter(Exists(goods))
    return list(orders.order_by("pk").values_list("pk", flat=True)[:500])


def shipping_release(*, order_id: int) -> None:
    """A marketing play lets its held order ship (a group buy once the group is full): the split is queued on
    commit. Releasing an order that is not held does nothing."""
    with transaction.atomic():
        released = StoreOrder.objects.filter(pk=order_id, shipping_held=True).update(shipping_held=False)
        if released:
            enqueue(tasks.split_shipments, order_id)


@transaction.atomic
def parcel_ship(
    *, parcel: Parcel, carrier: Carrier, tracking_no: str, by: User | None, now: datetime | None = None
) -> Parcel:
    """Hand a pending parcel to `carrier`: its goods leave on hand in its warehouse (the reservation becomes a
    sale), and the order becomes partly shipped, or shipped once no parcel is left. A parcel already shipped,
    or one of an order that can no longer ship (closed by a refund), is `invalid_transition`."""
    now = now or timezone.now()
    (order,) = lock_orders([parcel.order_id])
    parcel = Parcel.objects.select_for_update(of=("self",), no_key=True).get(pk=parcel.pk)
    if parcel.status != ParcelStatus.PENDING:
        raise InvalidTransition(_("This parcel has already been shipped."), fields={"status": [parcel.status]})
    left = order.parcels.filter(status=ParcelStatus.PENDING).exclude(pk=parcel.pk).exists()
    to = OrderStatus.PARTLY_SHIPPED if left else OrderStatus.SHIPPED
    if order.status not in (OrderStatus.PAID, OrderStatus.PARTLY_SHIPPED):
        raise InvalidTransition(
            _("An order that is %(status)s cannot ship.") % {"status": order.get_status_display()},
            fields={"status": [order.status]},
        )
    stock_commit(
        lines=[
            StockLine(line.sku_id, line.quantity, warehouse_id=parcel.warehouse_id)
            for line in parcel.lines.order_by("sku_id", "order_line_id")
        ],
        reference=order.order_no,
        by=by,
    )
    parcel.carrier, parcel.tracking_no, parcel.status, parcel.shipped_at = (
        carrier,
        tracking_no,
        ParcelStatus.SHIPPED,
        now,
    )
    parcel.save(update_fields=["carrier", "tracking_no", "status", "shipped_at"])
    shipment = {"parcel": parcel.pk, "carrier": carrier.code, "tracking_no": tracking_no}
    if order.status == to:
        events.parcel_shipped(order=order, by=by, shipment=shipment)
    else:
        order_transition(order=order, to=to, by=by, data=shipment, now=now)
    return parcel
