"""A bill after it is issued, on both sides (seed 004: 对账 then 结算): the store confirms it or disputes it with a
reason; finance proposes adjustments, which another finance user approves; finance confirms. Every change is one
transaction under the bill's row lock, goes through `bill_transition` (the table in settlement.models) and leaves
a BillEvent."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.exceptions import InvalidInput, InvalidTransition, PermissionDenied
from members.models import User
from settlement.models import OPEN_BILL_STATUSES, Adjustment, Bill, BillEvent, BillEventType, BillStatus


def bill_transition(
    *, bill: Bill, to: str, by: User | None, type: str | None = None, reason: str = "", data: dict | None = None
) -> Bill:
    """Move a bill (whose row the caller holds locked) to `to`, and record who and why."""
    if not bill.can_become(to):
        raise InvalidTransition(
            _("A bill that is %(status)s cannot become %(to)s.")
            % {"status": bill.get_status_display(), "to": BillStatus(to).label},
            fields={"status": [bill.status]},
        )
    previous, bill.status = bill.status, to
    bill.save(update_fields=["status"])
    bill_event(bill=bill, type=type or to, by=by, reason=reason, data=data, from_status=previous)
    return bill


def bill_event(*, bill: Bill, type: str, by: User | None, reason: str = "", data=None, from_status: str = "") -> None:
    BillEvent.objects.create(
        bill=bill,
        type=BillEventType(type),
        from_status=from_status,
        to_status=bill.status if from_status else "",
        by=by,
        reason=reason,
        data=data or {},
    )


def locked(bill: Bill) -> Bill:
    return Bill.objects.select_for_update().get(pk=bill.pk)


@transaction.atomic
def bill_store_confirm(*, bill: Bill, by: User) -> Bill:
    """The store agrees with the bill."""
    return bill_transition(bill=locked(bill), to=BillStatus.STORE_CONFIRMED, by=by)


@transaction.atomic
def bill_dispute(*, bill: Bill, by: User, reason: str) -> Bill:
    """The store disputes the bill, saying why; finance answers with adjustments and confirms."""
    if not reason.strip():
        message = _("Say what is wrong with the bill.")
        raise InvalidInput(message, fields={"reason": [message]})
    return bill_transition(bill=locked(bill), to=BillStatus.DISPUTED, by=by, reason=reason.strip())


@transaction.atomic
def adjustment_propose(*, bill: Bill, by: User, amount: Decimal, reason: str) -> Adjustment:
    """Finance proposes a correction to a bill not yet confirmed: added to what HQ pays (negative: taken off)."""
    bill = locked(bill)
    if bill.status not in OPEN_BILL_STATUSES:
        raise InvalidTransition(
            _("Only a bill not yet confirmed by finance can be adjusted."), fields={"status": [bill.status]}
        )
    if not amount or not reason.strip():
        message = _("An adjustment needs an amount other than zero and a reason.")
        raise InvalidInput(message, fields={"amount" if not amount else "reason": [message]})
    adjustment = Adjustment.objects.create(bill=bill, amount=amount, reason=reason.strip(), proposed_by=by)
    bill_event(bill=bill, type=BillEventType.ADJUSTMENT_PROPOSED, by=by, reason=adjustment.reason, data=_of(adjustment))
    return adjustment


@transaction.atomic
def adjustment_approve(*, adjustment: Adjustment, by: User) -> Adjustment:
    """Another finance user approves a proposed adjustment: it counts in the bill from now on."""
    bill = locked(adjustment.bill)
    adjustment = Adjustment.objects.select_for_update().get(pk=adjustment.pk)
    if adjustment.proposed_by_id == by.pk:
        raise PermissionDenied(_("An adjustment is approved by someone other than who proposed it."))
    if adjustment.approved_by_id is not None or bill.status not in OPEN_BILL_STATUSES:
        raise InvalidTransition(_("This adjustment was approved already, or its bill is confirmed."))
    adjustment.approved_by, adjustment.approved_at = by, timezone.now()
    adjustment.save(update_fields=["approved_by", "approved_at"])
    bill.adjustments += adjustment.amount
    bill.save(update_fields=["adjustments"])
    bill_event(bill=bill, type=BillEventType.ADJUSTMENT_APPROVED, by=by, reason=adjustment.reason, data=_of(adjustment))
    return adjustment


@transaction.atomic
def bill_confirm(*, bill: Bill, by: User) -> Bill:
    """Finance confirms a bill the store confirmed or disputed, every adjustment decided: it is payable, or, with
    nothing to pay, carried forward to the store's next bill."""
    bill = locked(bill)
    if bill.adjustment_rows.filter(approved_by__isnull=True).exists():
        raise InvalidTransition(_("Approve the adjustments proposed on this bill first."))
    to = BillStatus.CONFIRMED if bill.store_due > 0 else BillStatus.CARRIED_FORWARD
    return bill_transition(bill=bill, to=to, by=by)


def _of(adjustment: Adjustment) -> dict:
    return {"adjustment": adjustment.pk, "amount": f"{adjustment.amount:.2f}"}
