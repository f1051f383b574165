"""Coupons on orders, for the orders center: lock at submission, consume at payment, return on cancellation
or refund by the template's refund policy; and the expiry of coupons nobody used.

A coupon is locked by what the orders center names (a CouponHolder): a store order (`order_no`) when it discounts
that order's lines, the trade (`trade_no`, the merged payment) when it spreads over several of its orders. Once
used, `used_order_no` keeps that number. Each service takes the coupons' row locks in pk order and is safe to call
twice."""

from collections.abc import Collection, Sequence
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from coupons.exceptions import CouponUnavailable
from coupons.holders import CouponHolder
from coupons.models import CouponKind, CouponSource, CouponStatus, RefundPolicy, UserCoupon
from marketplace.money import quantize
from members.models import User


@transaction.atomic
def coupon_lock(
    *,
    user: User,
    user_coupon_ids: Sequence[int],
    order_no: str = "",
    trade_no: str = "",
    now: datetime | None = None,
    movable_from: Collection[CouponHolder] = (),
) -> list[UserCoupon]:
    """Hold the member's coupons for an unpaid store order (`order_no`) or trade (`trade_no`). Each must be theirs,
    unused and inside its validity, or already locked by this holder, or locked by one of `movable_from` — the
    member's other unpaid orders, named by the orders center: a coupon held by an unpaid order moves to the order
    being paid now (seed 002). Refused with `coupon_unavailable` (reason `not_usable`, the coupons named) and
    nothing locked."""
    now = now or timezone.now()
    holder = CouponHolder.of(order_no=order_no, trade_no=trade_no)
    wanted = set(user_coupon_ids)
    coupons = _locked_coupons(UserCoupon.objects.filter(pk__in=wanted, user=user))
    lockable = {
        coupon.pk
        for coupon in coupons
        if (coupon.status == CouponStatus.UNUSED and coupon.valid_from <= now < coupon.valid_to)
        or (coupon.status == CouponStatus.LOCKED and coupon.holder in {holder, *movable_from})
    }
    if lockable != wanted:
        raise CouponUnavailable("not_usable", coupons=sorted(wanted - lockable))
    for coupon in coupons:
        if coupon.holder != holder:
            coupon.status, coupon.locked_at = CouponStatus.LOCKED, now
            coupon.locked_by_kind, coupon.locked_by = holder
    UserCoupon.objects.bulk_update(coupons, ["status", "locked_by_kind", "locked_by", "locked_at"])
    return coupons


@transaction.atomic
def coupon_consume(
    *, order_no: str = "", trade_no: str = "", order_amount: Decimal, now: datetime | None = None
) -> list[UserCoupon]:
    """The store order (`order_no`) or trade (`trade_no`) is paid: the coupons it holds are used. `order_amount` is
    what it is worth (its GMV), kept for the templates' statistics. A coupon that expired while the order waited
    for payment is still used: it was valid when the order was placed. Returns the coupons used on it."""
    now = now or timezone.now()
    holder = CouponHolder.of(order_no=order_no, trade_no=trade_no)
    UserCoupon.objects.held_by(holder).update(
        status=CouponStatus.USED,
        locked_by_kind="",
        locked_by="",
        used_order_no=holder.number,
        used_order_amount=order_amount,
        used_at=now,
    )
    return list(UserCoupon.objects.filter(used_order_no=holder.number).order_by("pk"))


@transaction.atomic
def coupon_return(
    *, order_no: str = "", trade_no: str = "", refunded_total: Decimal | None = None, now: datetime | None = None
) -> list[UserCoupon]:
    """Give back the coupons of a store order (`order_no`) or a trade (`trade_no`). Returns the coupons that are
    back in the member's wallet.

    An unpaid order (cancelled, timed out) frees its locked coupons whatever the policy; one past its validity
    meanwhile becomes expired. A paid order that is refunded gives back a new coupon by the template's refund
    policy (the used one stays used: it was used): `never` nothing; `full_only` the same coupon once the whole
    order is refunded; `proportional` (cash coupons) the share of its value that `refunded_total`, the order's
    refunds so far, is of the order, less what earlier refunds gave back. `refunded_total` None is a full refund.
    A returned coupon keeps the original's validity; nothing is given back once that has passed."""
    now = now or timezone.now()
    holder = CouponHolder.of(order_no=order_no, trade_no=trade_no)
    returned = []
    for coupon in _locked_coupons(UserCoupon.objects.held_by(holder)):
        coupon.status = CouponStatus.UNUSED if now < coupon.valid_to else CouponStatus.EXPIRED
        coupon.locked_by_kind, coupon.locked_by, coupon.locked_at = "", "", None
        coupon.save(update_fields=["status", "locked_by_kind", "locked_by", "locked_at"])
        if coupon.status == CouponStatus.UNUSED:
            returned.append(coupon)
    for coupon in _locked_coupons(UserCoupon.objects.filter(used_order_no=holder.number, status=CouponStatus.USED)):
        value = _value_to_return(coupon, refunded_total)
        if value <= 0 or now >= coupon.valid_to:
            continue
        coupon.returned_value += value
        coupon.save(update_fields=["returned_value"])
        returned.append(
            UserCoupon.objects.create(
                template=coupon.template,
                user_id=coupon.user_id,
                source=CouponSource.RETURN,
                value=None if value == coupon.template.value else value,
                valid_from=coupon.valid_from,
                valid_to=coupon.valid_to,
                returned_from=coupon,
            )
        )
    return returned


def _value_to_return(coupon: UserCoupon, refunded_total: Decimal | None) -> Decimal:
    face = coupon.face_value
    policy = coupon.template.refund_policy
    full = refunded_total is None or refunded_total >= coupon.used_order_amount
    if policy == RefundPolicy.PROPORTIONAL and coupon.template.kind == CouponKind.CASH and not full:
        due = quantize(face * refunded_total / coupon.used_order_amount)
    elif policy in {RefundPolicy.FULL_ONLY, RefundPolicy.PROPORTIONAL} and full:
        due = face
    else:
        return Decimal(0)
    return min(due, face) - coupon.returned_value


def _locked_coupons(coupons: QuerySet[UserCoupon]) -> list[UserCoupon]:
    """The coupons' rows locked in pk order; `of` keeps the lock off the template, which claims lock last."""
    return list(coupons.select_for_update(of=("self",)).select_related("template").order_by("pk"))


def coupons_expire_due(*, now: datetime | None = None) -> int:
    """Unused coupons past their validity become expired, in one statement; safe to run twice. Locked coupons
    wait for their order: it is paid (used) or cancelled (then expired by coupon_return)."""
    now = now or timezone.now()
    return UserCoupon.objects.filter(status=CouponStatus.UNUSED, valid_to__lte=now).update(status=CouponStatus.EXPIRED)
