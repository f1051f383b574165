"""Tasks of the orders center: thin, idempotent, take ids; each beat job a sweep that catches whatever a lost
message missed. Money that goes back through a gateway leaves through the outbox (marketplace.tasks)."""

from celery import shared_task
from django.db import OperationalError

from catalog.exceptions import InsufficientStock
from orders.aftersales import evidence
from orders.lifecycle.cancellation import cancel_unpaid_orders as cancel_unpaid
from orders.lifecycle.receipt import complete_due_orders, confirm_overdue_receipts
from orders.models import RefundEvidence
from orders.pickup.expiry import pickup_sweep
from orders.shipping.services import orders_missing_parcels, shipment_split
from orders.shipping.tracking import parcels_track


@shared_task(name="orders.tasks.cancel_unpaid_orders")
def cancel_unpaid_orders() -> int:
    """Every minute: cancel unpaid orders past their payment deadline (stock, coupons and points come back)."""
    return cancel_unpaid()


@shared_task(name="orders.tasks.advance_delivered_orders")
def advance_delivered_orders() -> dict:
    """Hourly: confirm receipt of long-shipped orders, then complete those whose after-sales window closed."""
    return {"confirmed": confirm_overdue_receipts(), "completed": complete_due_orders()}


# Retried: a deadlock or lost connection (OperationalError), or a nearer warehouse's stock taken by another order
# between reading and reserving it (the next run splits with what is left).
@shared_task(
    name="orders.tasks.split_shipments",
    autoretry_for=(OperationalError, InsufficientStock),
    retry_backoff=True,
    max_retries=5,
)
def split_shipments(order_id: int) -> int:
    """After payment commits: the paid order's parcels (none written if it has them already)."""
    return len(shipment_split(order_id=order_id))


@shared_task(name="orders.tasks.split_missed_shipments")
def split_missed_shipments() -> int:
    """Every 10 minutes: send again the split of paid orders still without parcels after the grace time."""
    order_ids = orders_missing_parcels()
    for order_id in order_ids:
        split_shipments.delay(order_id)
    return len(order_ids)


@shared_task(name="orders.tasks.track_parcels")
def track_parcels() -> dict:
    """Every 15 minutes: tracking events of shipped parcels; parcels and orders delivered."""
    return parcels_track()


@shared_task(name="orders.tasks.make_evidence_thumbnails", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def make_evidence_thumbnails(evidence_id: int) -> None:
    """After after-sales evidence commits: its thumbnails. A picture gone meanwhile needs none."""
    picture = RefundEvidence.objects.filter(pk=evidence_id).first()
    if picture is not None:
        evidence.evidence_make_thumbnails(evidence=picture)


@shared_task(name="orders.tasks.sweep_missing_evidence_thumbnails")
def sweep_missing_evidence_thumbnails() -> int:
    """Every 15 minutes: send again the thumbnail tasks of evidence still without thumbnails after the grace time."""
    evidence_ids = evidence.evidence_missing_thumbnails()
    for evidence_id in evidence_ids:
        make_evidence_thumbnails.delay(evidence_id)
    return len(evidence_ids)


@shared_task(name="orders.tasks.sweep_uncollected_pickups")
def sweep_uncollected_pickups() -> dict:
    """Hourly: remind the shoppers of uncollected pickup orders, and refund those past the pickup deadline."""
    return pickup_sweep()
