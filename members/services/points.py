"""The points ledger. Every change is one entry and one conditional update of the member's balance, in the
caller's transaction; the balance can never go below zero (a CHECK constraint backs the WHERE clause).

Each lot remembers the store whose sale earned it (`store_id`, none for HQ's own points): spending reports how many
points it drew from each store's lots (`PointsEntry.drawn`), and giving points back names the store they go back
to, so cross-store spending can be funded by HQ (decision 0041)."""

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.exceptions import DomainError, InvalidInput
from members.models import PointsEntry, PointsReason, PointsRule, User
from members.selectors import open_points_lots


class InsufficientPoints(DomainError):
    code = "insufficient_points"
    status = 409


def points_rule() -> PointsRule:
    """The rule in force: the newest one, or the defaults when operators have set none."""
    return PointsRule.objects.order_by("-created_at", "-id").first() or PointsRule()


def _change_balance(*, user: User, delta: int) -> int:
    """Add `delta` to the balance in one statement that refuses to go below zero; returns the new balance.
    The row lock it takes serialises concurrent changes of one member's points."""
    member = User.objects.filter(pk=user.pk)
    if delta < 0:
        member = member.filter(points_balance__gte=-delta)
    if not member.update(points_balance=F("points_balance") + delta):
        raise InsufficientPoints(_("Not enough points."))
    return User.objects.values_list("points_balance", flat=True).get(pk=user.pk)


def _record(
    *, user: User, delta: int, reason: str, reference: str, lot_days: int | None = None, store_id: int | None = None
) -> PointsEntry:
    balance = _change_balance(user=user, delta=delta)
    user.points_balance = balance
    is_lot = delta > 0
    return PointsEntry.objects.create(
        user=user,
        delta=delta,
        balance_after=balance,
        reason=reason,
        reference=reference,
        remaining=delta if is_lot else 0,
        expires_at=timezone.now() + timedelta(days=lot_days) if is_lot and lot_days else None,
        store_id=store_id if is_lot else None,
    )


def _consume_lots(*, user: User, points: int) -> dict[int | None, int]:
    """Take `points` out of the member's open lots, in `open_points_lots` order; returns the points taken per store that
    earned them, in the order first drawn. Called after the balance update, which already holds the member's row
    lock. A balance from before lots were kept may exceed them: what no lot holds counts as HQ's (None)."""
    drawn: dict[int | None, int] = {}
    for lot in open_points_lots(user=user).select_for_update():
        if points == 0:
            break
        taken = min(lot.remaining, points)
        lot.remaining -= taken
        lot.save(update_fields=["remaining"])
        points -= taken
        drawn[lot.store_id] = drawn.get(lot.store_id, 0) + taken
    if points:
        drawn[None] = drawn.get(None, 0) + points
    return drawn


@transaction.atomic
def points_earn(*, user: User, points: int, reference: str, store_id: int | None = None) -> PointsEntry:
    """Credit points (for an order received: the orders center works out how many from `points_rule()`), as a lot
    of the store whose sale earned them (`store_id`; none: HQ's)."""
    if points <= 0:
        raise InvalidInput(_("Points earned must be positive."))
    return _record(
        user=user,
        delta=points,
        reason=PointsReason.EARN,
        reference=reference,
        lot_days=points_rule().valid_days,
        store_id=store_id,
    )


@transaction.atomic
def points_spend(*, user: User, points: int, reference: str) -> PointsEntry:
    """Debit points for an order. Refused with `insufficient_points` when the balance is short. The entry's
    `drawn` (not stored) is the points taken per store that earned them, in the order drawn."""
    if points <= 0:
        raise InvalidInput(_("Points spent must be positive."))
    entry = _record(user=user, delta=-points, reason=PointsReason.SPEND, reference=reference)
    entry.drawn = _consume_lots(user=user, points=points)
    return entry


@transaction.atomic
def points_return(*, user: User, points: int, reference: str, store_id: int | None = None) -> PointsEntry:
    """Give back points spent on an order that was cancelled or refunded, as a fresh lot of the store that earned
    them (`store_id`)."""
    if points <= 0:
        raise InvalidInput(_("Points returned must be positive."))
    return _record(
        user=user,
        delta=points,
        reason=PointsReason.RETURN,
        reference=reference,
        lot_days=points_rule().valid_days,
        store_id=store_id,
    )


@transaction.atomic
def points_revoke(*, user: User, points: int, reference: str) -> PointsEntry:
    """Take back points earned on an order later refunded, as far as the balance allows (the rest was spent
    already, and a balance never goes negative)."""
    current = User.objects.select_for_update().values_list("points_balance", flat=True).get(pk=user.pk)
    taken = min(points, current)
    if taken <= 0:
        raise InsufficientPoints(_("No points left to revoke."))
    entry = _record(user=user, delta=-taken, reason=PointsReason.REVOKE, reference=reference)
    _consume_lots(user=user, points=taken)
    return entry


@transaction.atomic
def points_adjust(*, user: User, delta: int, reason_note: str) -> PointsEntry:
    """An operator's correction, with the reason kept as the reference."""
    if delta == 0:
        raise InvalidInput(_("An adjustment changes the balance."))
    entry = _record(user=user, delta=delta, reason=PointsReason.ADJUST, reference=reason_note[:64])
    if delta < 0:
        _consume_lots(user=user, points=-delta)
    return entry


def points_expire_due(*, now=None) -> int:
    """Expire what is left of every lot past its date: one entry per member, one transaction per member.
    Safe to run twice: an expired lot has nothing remaining."""
    now = now or timezone.now()
    user_ids = (
        PointsEntry.objects.filter(remaining__gt=0, expires_at__lte=now).values_list("user_id", flat=True).distinct()
    )
    expired = 0
    for user_id in user_ids:
        expired += _expire_for(user_id=user_id, now=now)
    return expired


@transaction.atomic
def _expire_for(*, user_id: int, now) -> int:
    user = User.objects.select_for_update().get(pk=user_id)
    lots = list(PointsEntry.objects.select_for_update().filter(user=user, remaining__gt=0, expires_at__lte=now))
    points = sum(lot.remaining for lot in lots)
    if not points:
        return 0
    PointsEntry.objects.filter(pk__in=[lot.pk for lot in lots]).update(remaining=0)
    _record(user=user, delta=-points, reason=PointsReason.EXPIRE, reference="expired")
    return points
