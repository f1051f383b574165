"""Tracking shipped parcels: ask the provider (logistics.tracking) what happened, keep each event once, and
deliver the order when the carrier has delivered every parcel of it. Safe to run any number of times."""

from datetime import datetime

from django.db import transaction

from logistics.tracking import TrackingEvent, TrackingProvider, TrackingStatus, tracking_provider
from orders import events as order_events
from orders.lifecycle.transitions import order_transition
from orders.locks import lock_orders
from orders.models import OrderEventType, OrderStatus, Parcel, ParcelEvent, ParcelStatus

# Parcels asked about per run; beat runs again soon, and the oldest shipped are asked first.
TRACK_BATCH = 2000


def parcels_track(*, provider: TrackingProvider | None = None) -> dict[str, int]:
    """Poll the provider for every shipped parcel: new events stored, parcels and orders delivered."""
    provider = provider or tracking_provider()
    counts = {"parcels": 0, "events": 0, "delivered": 0}
    shipped = Parcel.objects.to_track().select_related("carrier").order_by("shipped_at", "pk")[:TRACK_BATCH]
    for parcel in shipped:
        # The provider is a network call: asked outside any transaction, so no row stays locked meanwhile.
        events = provider.track(parcel.carrier.code, parcel.tracking_no, shipped_at=parcel.shipped_at)
        added, delivered = parcel_track_record(parcel=parcel, events=events)
        counts["parcels"] += 1
        counts["events"] += added
        counts["delivered"] += delivered
    return counts


@transaction.atomic
def parcel_track_record(*, parcel: Parcel, events: list[TrackingEvent]) -> tuple[int, bool]:
    """Store the events not seen before; a delivered event delivers the parcel, and the order once all of its
    parcels are delivered. Returns (events added, whether the parcel became delivered now)."""
    delivery = next((event for event in events if event.status == TrackingStatus.DELIVERED), None)
    if delivery is not None:
        # The order's row first, then the parcel's, as shipping takes them: no deadlock with a seller's request.
        (order,) = lock_orders([parcel.order_id])
        parcel = Parcel.objects.select_for_update(of=("self",), no_key=True).get(pk=parcel.pk)
    seen = set(ParcelEvent.objects.filter(parcel=parcel).values_list("status", "at"))
    new = [event for event in events if (event.status.value, event.at) not in seen]
    order_events.parcel_tracked(parcel=parcel, tracking=new)
    if delivery is None or parcel.status != ParcelStatus.SHIPPED:
        return len(new), False
    parcel.status, parcel.delivered_at = ParcelStatus.DELIVERED, delivery.at
    parcel.save(update_fields=["status", "delivered_at"])
    _deliver_order_if_complete(order, now=delivery.at)
    return len(new), True


def _deliver_order_if_complete(order, *, now: datetime) -> None:
    """A shipped order (every parcel left) whose parcels have all arrived is delivered. One the shopper already
    confirmed, or one still partly shipped, stays as it is."""
    if order.status != OrderStatus.SHIPPED:
        return
    if order.parcels.exclude(status=ParcelStatus.DELIVERED).exists():
        return
    order_transition(order=order, to=OrderStatus.DELIVERED, by=None, event=OrderEventType.DELIVERED, now=now)
