"""After-sales (售后): refund only, or return and refund, per line and quantity.

Money: a refund's amount is fixed when it is asked for, from the lines' apportioned payables, so that the
refunds of a line always sum to exactly its payable once every unit is back: each refund takes the line's
payable for all units taken so far (rounded) less what earlier refunds took. Freight comes back only with the
refund that empties an order nothing of which has shipped. Points come back in proportion to the points discount
refunded; coupons by their template's policy; stock when the goods come back (or, unshipped, at once).

Locks: the store order's row first (orders.locks), then the refund's; stock, coupon and member rows after, by
their services. A refund changes state only through `_move`, which checks REFUND_TRANSITIONS and records its
event (orders/events.py). The gateway's part of the money goes back after commit, through the outbox
(orders/payment/gateway_refunds.py): nothing leaves the database inside the refund's transaction."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.files import File
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.services.stock import stock_adjust
from coupons.services.usage import coupon_return
from marketplace.amounts import money_text
from marketplace.money import ZERO, quantize
from members.models import User
from members.services.stored_value import stored_value_refund
from orders import events
from orders.aftersales.evidence import evidence_add
from orders.checkout.services import new_number
from orders.exceptions import InvalidInput, InvalidTransition, NotFound
from orders.lifecycle.transitions import order_transition
from orders.locks import lock_orders, lock_trade
from orders.models import (
    OPEN_REFUND_STATUSES,
    REFUND_REASONS,
    EvidenceStage,
    OrderLine,
    OrderReason,
    OrderStatus,
    ParcelLine,
    ParcelStatus,
    PaymentShare,
    Refund,
    RefundEventType,
    RefundKind,
    RefundLine,
    RefundReason,
    RefundStatus,
    StoreOrder,
)
from orders.payment.gateway_refunds import gateway_refund_put
from orders.points import order_points_give_back
from orders.service_goods import service_line_ids
from orders.shipping.services import shipment_release

# What each kind may be asked for in: nothing while part of the order is on its way (wait for it), nothing
# once completed (the after-sales window closed); goods come back only once they were sent.
REFUNDABLE = {
    RefundKind.REFUND_ONLY: {OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED},
    RefundKind.RETURN_REFUND: {OrderStatus.SHIPPED, OrderStatus.DELIVERED},
}


@dataclass(frozen=True)
class RefundLineRequest:
    line_id: int
    quantity: int


@transaction.atomic
def refund_request(
    *,
    order: StoreOrder,
    user: User,
    kind: str,
    lines: Sequence[RefundLineRequest],
    reason: str = "",
    reason_code: str = "",
    evidence: Sequence[File] = (),
    now: datetime | None = None,
) -> Refund:
    """The shopper asks for money back for `quantity` units of each named line of their order, and why: a reason
    code from those of the kind (REFUND_REASONS; none given is OTHER), their own words (required for OTHER), and
    up to MAX_EVIDENCE pictures of the goods."""
    reason_code = _checked_reason(kind, reason_code or RefundReason.OTHER, reason)
    (order,) = lock_orders([order.pk])
    if order.status not in REFUNDABLE[kind]:
        raise InvalidTransition(
            _("A %(kind)s cannot be asked for while the order is %(status)s.")
            % {"kind": RefundKind(kind).label, "status": order.get_status_display()},
            fields={"status": [order.status]},
        )
    order_lines = {line.pk: line for line in order.lines.all()}
    held = _held(order)
    wanted = _checked_lines(lines, order_lines, held)
    if services := service_line_ids([line for line, _quantity in wanted]):
        # a voucher's unused uses are refunded by its own path, which marks it refunded (orders/service_goods.py)
        message = _("E-vouchers are refunded from “My e-vouchers”.")
        raise InvalidInput(message, fields={"lines": [{"line": pk} for pk in sorted(services)]})
    refund = _open(order, order_lines, held, wanted, kind, reason_code=reason_code, reason=reason, by=user, now=now)
    evidence_add(refund=refund, stage=EvidenceStage.REQUEST, by=user, files=evidence)
    return refund


@transaction.atomic
def refund_in_full(*, order: StoreOrder, reason_code: str, reason: str, now: datetime | None = None) -> Refund | None:
    """The platform gives a paid order that has not shipped its money back in full, without asking the store: a
    group buy whose group did not fill, a presale the store cancelled (orders/plays.py). Units an open request of
    the shopper's already holds stay with it. None when nothing is left to refund (a second call)."""
    now = now or timezone.now()
    (order,) = lock_orders([order.pk])
    if order.status != OrderStatus.PAID:
        return None
    order_lines = {line.pk: line for line in order.lines.all()}
    held = _held(order)
    wanted = [(line, line.quantity - held[pk]["quantity"]) for pk, line in order_lines.items()]
    wanted = [(line, quantity) for line, quantity in wanted if quantity > 0]
    if not wanted:
        return None
    refund = _open(
        order,
        order_lines,
        held,
        wanted,
        RefundKind.REFUND_ONLY,
        reason_code=reason_code,
        reason=reason,
        by=None,
        now=now,
    )
    return _pay_back(refund, order, by=None, now=now, reason=reason)


@transaction.atomic
def refund_line_part(
    *, line: OrderLine, amount: Decimal, reason_code: str, reason: str = "", by: User | None = None, now=None
) -> Refund:
    """The platform gives back one unit of a line of a paid order for `amount`, which may be less than the unit's
    share of the payable (the unused uses of an e-voucher, decision 0038), without asking the store. The caller
    decides the amount; it may not exceed what is left of the line's payable. `by`: the shopper who asked, or None."""
    now = now or timezone.now()
    (order,) = lock_orders([line.order_id])
    if order.status != OrderStatus.PAID:
        raise InvalidTransition(
            _("A refund cannot be made while the order is %(status)s.") % {"status": order.get_status_display()},
            fields={"status": [order.status]},
        )
    order_lines = {each.pk: each for each in order.lines.all()}
    held = _held(order)
    line = order_lines[line.pk]
    left = line.payable - held[line.pk]["amount"]
    if line.quantity <= held[line.pk]["quantity"] or not ZERO < amount <= left:
        raise InvalidInput(_("Nothing of this line is left to refund."), fields={"amount": [money_text(left)]})
    points_left = line.points_discount - held[line.pk]["points_discount"]
    points = min(quantize(line.points_discount * amount / line.payable), points_left) if line.payable else ZERO
    refund_line = RefundLine(line=line, quantity=1, amount=amount, points_discount=points)
    refund = _open(
        order, order_lines, held, [(line, 1)], RefundKind.REFUND_ONLY,
        reason_code=reason_code, reason=reason, by=by, now=now, refund_lines=[refund_line],
    )  # fmt: skip
    return _pay_back(refund, order, by=by, now=now, reason=reason)


def _open(
    order, order_lines, held, wanted, kind, *, reason_code, reason, by: User | None, now, refund_lines=None
) -> Refund:
    """The order's shopper's refund of `wanted` (line, units) with its amounts (module docstring, or `refund_lines`
    made by the caller), asked for by `by`: the shopper, or None when the platform opens it."""
    refund_lines = refund_lines or [
        RefundLine(
            line=line,
            quantity=quantity,
            amount=_share(line.payable, line, held, quantity, "amount"),
            points_discount=_share(line.points_discount, line, held, quantity, "points_discount"),
        )
        for line, quantity in wanted
    ]
    freight = _freight_due(order, order_lines, held, dict((line.pk, q) for line, q in wanted))
    refund = Refund.objects.create(
        refund_no=new_number("R", now or timezone.now()),
        order=order,
        user=order.user,
        kind=kind,
        amount=sum((line.amount for line in refund_lines), ZERO) + freight,
        freight=freight,
        reason_code=reason_code,
        reason=reason,
    )
    for refund_line in refund_lines:
        refund_line.refund = refund
    RefundLine.objects.bulk_create(refund_lines)
    events.refund_event(
        order=order,
        refund=refund,
        type=RefundEventType.REQUESTED,
        by=by,
        reason=reason,
        refund_reason=reason_code,
    )
    return refund


def _checked_reason(kind: str, reason_code: str, reason: str) -> str:
    """The reason code, if it is one of the kind's; OTHER only with words that say what."""
    choices = REFUND_REASONS.get(kind, ())
    if reason_code not in choices:
        labels = ", ".join(f"{code.value} ({code.label})" for code in choices)
        message = _("Choose one of: %(choices)s.") % {"choices": labels}
        raise InvalidInput(_("Not a reason for this kind of after-sales."), fields={"reason_code": [message]})
    if reason_code == RefundReason.OTHER and not reason.strip():
        message = _("Say what happened.")
        raise InvalidInput(message, fields={"reason": [message]})
    return reason_code


def _held(order: StoreOrder) -> dict[int, dict[str, Decimal | int]]:
    """Per line: units, amount and points discount already refunded or asked for in an open refund."""
    held: dict[int, dict] = defaultdict(lambda: {"quantity": 0, "amount": ZERO, "points_discount": ZERO})
    for line in order.lines.all():
        held[line.pk] = {
            "quantity": line.refunded_quantity,
            "amount": line.refunded_amount,
            "points_discount": ZERO,
        }
    rows = (
        RefundLine.objects.filter(line__order=order)
        .filter(refund__status__in=[*OPEN_REFUND_STATUSES, RefundStatus.REFUNDED])
        .values("line_id", "refund__status")
        .annotate(quantity=Sum("quantity"), amount=Sum("amount"), points_discount=Sum("points_discount"))
    )
    for row in rows:
        entry = held[row["line_id"]]
        entry["points_discount"] += row["points_discount"]
        if row["refund__status"] != RefundStatus.REFUNDED:  # refunded ones are already in the line's counters
            entry["quantity"] += row["quantity"]
            entry["amount"] += row["amount"]
    return held


def _checked_lines(lines, order_lines, held) -> list[tuple[OrderLine, int]]:
    if not lines:
        raise InvalidInput(_("Name the lines to refund."), fields={"lines": [_("This field is required.")]})
    if len({line.line_id for line in lines}) != len(lines):
        raise InvalidInput(_("Name each line once."), fields={"lines": [_("A line appears twice.")]})
    wanted = []
    for request in lines:
        line = order_lines.get(request.line_id)
        if line is None:
            raise InvalidInput(_("Not a line of this order."), fields={"lines": [{"line": request.line_id}]})
        left = line.quantity - held[line.pk]["quantity"]
        if not 1 <= request.quantity <= left:
            raise InvalidInput(
                _("At most %(left)d of this line can still be refunded.") % {"left": left},
                fields={"lines": [{"line": line.pk, "quantity": [left]}]},
            )
        wanted.append((line, request.quantity))
    return wanted


def _share(total: Decimal, line: OrderLine, held, quantity: int, field: str) -> Decimal:
    """This refund's part of `total` (a line's payable or points discount): the share of all units taken back
    so far, this refund's included, less what the others took. The last unit takes exactly what is left."""
    taken = held[line.pk]["quantity"] + quantity
    return quantize(total * taken / line.quantity) - held[line.pk][field]


def _freight_due(order: StoreOrder, order_lines, held, wanted: dict[int, int]) -> Decimal:
    """The freight, with the refund that takes back the last unit of an order nothing of which was shipped."""
    if order.status != OrderStatus.PAID or not order.freight:
        return ZERO
    emptied = all(held[pk]["quantity"] + wanted.get(pk, 0) == line.quantity for pk, line in order_lines.items())
    freight_taken = order.refunds.filter(status__in=[*OPEN_REFUND_STATUSES, RefundStatus.REFUNDED]).aggregate(
        total=Sum("freight")
    )["total"]
    return order.freight - (freight_taken or ZERO) if emptied else ZERO


# --- Decisions -----------------------------------------------------------------------------------------------


@transaction.atomic
def refund_approve(*, refund: Refund, by: User, now: datetime | None = None) -> Refund:
    """The store agrees: money goes back now (refund only) or once the goods arrive (return and refund)."""
    order, refund = _lock(refund)
    if refund.status != RefundStatus.REQUESTED:
        raise InvalidTransition(fields={"status": [refund.status]})
    if refund.kind == RefundKind.RETURN_REFUND:
        return _move(refund, order, RefundStatus.RETURNING, RefundEventType.RETURN_ACCEPTED, by=by)
    return _pay_back(refund, order, by=by, now=now or timezone.now())


@transaction.atomic
def refund_reject(*, refund: Refund, by: User, reason: str, evidence: Sequence[File] = ()) -> Refund:
    """The store says no, and why: the shopper reads the reason (and may take it to the platform), so there is
    always one; pictures that show why may go with it."""
    if not reason.strip():
        message = _("Say why, so the shopper knows (they may ask the platform).")
        raise InvalidInput(_("Say why."), fields={"reason": [message]})
    order, refund = _lock(refund)
    refund.reject_reason = reason
    _move(refund, order, RefundStatus.REJECTED, RefundEventType.REJECTED, by=by, reason=reason, also=("reject_reason",))
    evidence_add(refund=refund, stage=EvidenceStage.REJECTION, by=by, files=evidence)
    return refund


@transaction.atomic
def refund_escalate(*, refund: Refund, user: User, reason: str = "", evidence: Sequence[File] = ()) -> Refund:
    """The shopper disagrees with the store's rejection and asks the platform to decide (申请平台介入), with their
    statement and more pictures if they have them. Only the shopper who asked, only once rejected."""
    if refund.user_id != user.pk:
        raise NotFound()  # someone else's request is as unknown to them as a missing one
    order, refund = _lock(refund)
    refund.escalate_reason = reason
    _move(
        refund,
        order,
        RefundStatus.ARBITRATING,
        RefundEventType.ESCALATED,
        by=user,
        reason=reason,
        also=("escalate_reason",),
    )
    evidence_add(refund=refund, stage=EvidenceStage.ESCALATION, by=user, files=evidence)
    return refund


@transaction.atomic
def refund_arbitrate(*, refund: Refund, by: User, grant: bool, ruling: str, now: datetime | None = None) -> Refund:
    """An operator's final word on an escalated refund: grant it (as the store's approval would) or close it, with
    the written ruling that the shopper and the store both read, so there is always one."""
    if not ruling.strip():
        message = _("Write the ruling: the shopper and the store both read it.")
        raise InvalidInput(message, fields={"reason": [message]})
    now = now or timezone.now()
    order, refund = _lock(refund)
    if refund.status != RefundStatus.ARBITRATING:
        raise InvalidTransition(fields={"status": [refund.status]})
    refund.ruling, refund.ruling_granted, refund.ruled_at = ruling, grant, now
    refund.save(update_fields=["ruling", "ruling_granted", "ruled_at"])
    if not grant:
        return _move(refund, order, RefundStatus.CLOSED, RefundEventType.ARBITRATED_CLOSED, by=by, reason=ruling)
    if refund.kind == RefundKind.RETURN_REFUND:
        return _move(refund, order, RefundStatus.RETURNING, RefundEventType.ARBITRATED_RETURN, by=by, reason=ruling)
    return _pay_back(refund, order, by=by, now=now, reason=ruling, arbitrated=True)


@transaction.atomic
def refund_cancel(*, refund: Refund, user: User) -> Refund:
    """The shopper withdraws the request while it is open; the units become refundable again."""
    order, refund = _lock(refund)
    return _move(refund, order, RefundStatus.CLOSED, RefundEventType.WITHDRAWN, by=user)


@transaction.atomic
def refund_receive_return(*, refund: Refund, by: User, now: datetime | None = None) -> Refund:
    """The returned goods arrived at the store: they go back on hand, and the money goes back."""
    order, refund = _lock(refund)
    if refund.status != RefundStatus.RETURNING:
        raise InvalidTransition(fields={"status": [refund.status]})
    for refund_line in refund.lines.select_related("line__sku", "line__warehouse"):
        line = refund_line.line
        stock_adjust(
            sku=line.sku,
            warehouse=_shipped_from(line),
            delta=refund_line.quantity,
            reason=_("Returned by the shopper"),  # words staff read in the stock movements, not a code
            by=by,
            reference=refund.refund_no,
        )
    return _pay_back(refund, order, by=by, now=now or timezone.now())


def _shipped_from(line: OrderLine):
    """Where returned goods go back on hand: the warehouse the line's parcel left from (the split may have moved it
    from where submission reserved it)."""
    parcel_line = (
        ParcelLine.objects.filter(order_line=line, parcel__status__in=(ParcelStatus.SHIPPED, ParcelStatus.DELIVERED))
        .select_related("parcel__warehouse")
        .order_by("pk")
        .first()
    )
    return parcel_line.parcel.warehouse if parcel_line else line.warehouse


def _lock(refund: Refund) -> tuple[StoreOrder, Refund]:
    (order,) = lock_orders([refund.order_id])
    return order, Refund.objects.select_for_update().get(pk=refund.pk)


def _move(
    refund: Refund,
    order: StoreOrder,
    to: str,
    event: RefundEventType,
    *,
    by,
    reason: str = "",
    also=(),
    arbitrated: bool = False,
) -> Refund:
    if not refund.can_become(to):
        raise InvalidTransition(
            _("A refund that is %(status)s cannot become %(to)s.")
            % {"status": refund.get_status_display(), "to": RefundStatus(to).label},
            fields={"status": [refund.status]},
        )
    previous, refund.status = refund.status, to
    refund.save(update_fields=["status", *also])
    events.refund_event(
        order=order, refund=refund, type=event, by=by, reason=reason, arbitrated=arbitrated, previous=previous
    )
    return refund


def _pay_back(
    refund: Refund, order: StoreOrder, *, by, now: datetime, reason: str = "", arbitrated: bool = False
) -> Refund:
    """Money back the way it came (the stored-value part to the balance now, the rest through the gateway that
    took it once this commits), then every counter that follows from it, in one go."""
    share = (
        PaymentShare.objects.select_for_update().select_related("payment").get(order=order, payment__status="succeeded")
    )
    refund.stored_value = _stored_value_back(order, refund)
    cash = refund.amount - refund.stored_value
    if cash:
        gateway_refund_put(payment=share.payment, amount=cash, refund_no=refund.refund_no, order_id=order.pk)
        share.refunded += cash
        share.save(update_fields=["refunded"])
    if refund.stored_value:
        stored_value_refund(user=order.user, amount=refund.stored_value, reference=refund.refund_no)
    refund_lines = list(refund.lines.select_related("line"))
    for refund_line in refund_lines:
        line = refund_line.line
        line.refunded_quantity += refund_line.quantity
        line.refunded_amount += refund_line.amount
    OrderLine.objects.bulk_update([rl.line for rl in refund_lines], ["refunded_quantity", "refunded_amount"])
    unshipped = order.status == OrderStatus.PAID
    order.refunded_amount += refund.amount
    order.save(update_fields=["refunded_amount"])
    if unshipped:  # the goods never left: they leave the pending parcels and their reservation goes
        shipment_release(
            order=order,
            quantities={rl.line_id: rl.quantity for rl in refund_lines},
            reference=refund.refund_no,
            reason=_("Refunded before it shipped"),
        )
    refund.points = _points_back(order, refund_lines)
    if refund.points:
        order_points_give_back(order=order, user=order.user, points=refund.points, reference=refund.refund_no)
    refund.refunded_at = now
    _move(
        refund,
        order,
        RefundStatus.REFUNDED,
        RefundEventType.REFUNDED,
        by=by,
        reason=reason,
        also=("stored_value", "points", "refunded_at"),
        arbitrated=arbitrated,
    )
    everything_back = all(line.refunded_quantity == line.quantity for line in order.lines.all())
    if everything_back:
        order_transition(order=order, to=OrderStatus.CLOSED, by=by, reason_code=OrderReason.REFUNDED, now=now)
    coupon_return(order_no=order.order_no, refunded_total=None if everything_back else order.refunded_amount, now=now)
    trade = lock_trade(order.trade_id)  # a sibling order refunded at the same moment is seen (orders.locks)
    trade_refunded = sum((o.refunded_amount for o in trade.orders.all()), ZERO)
    trade_paid = sum((o.paid_amount for o in trade.orders.all()), ZERO)
    coupon_return(
        trade_no=trade.trade_no, refunded_total=None if trade_refunded >= trade_paid else trade_refunded, now=now
    )
    return refund


def _stored_value_back(order: StoreOrder, refund: Refund) -> Decimal:
    """The stored-value part of a refund: its share of the order's stored value, in proportion to the money, and
    whatever is left of it with the refund that brings the order's last money back."""
    if not order.stored_value:
        return ZERO
    earlier = order.refunds.filter(status=RefundStatus.REFUNDED).aggregate(total=Sum("stored_value"))["total"] or ZERO
    left = order.stored_value - earlier
    if order.refunded_amount + refund.amount >= order.paid_amount:
        return left
    return min(left, quantize(refund.amount * order.stored_value / order.paid_amount))


def _points_back(order: StoreOrder, refund_lines: list[RefundLine]) -> int:
    """The order's points in proportion to the points discount refunded so far, less what came back before."""
    if not order.points_used:
        return 0
    total = sum((line.points_discount for line in order.lines.all()), ZERO)
    refunded = order.refunds.filter(status=RefundStatus.REFUNDED).aggregate(
        points_discount=Sum("lines__points_discount"), points=Sum("points")
    )
    so_far = (refunded["points_discount"] or ZERO) + sum((rl.points_discount for rl in refund_lines), ZERO)
    due = int(order.points_used * so_far / total) if total else 0
    return max(due - (refunded["points"] or 0), 0)
