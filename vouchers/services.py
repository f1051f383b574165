"""E-voucher writes (decision 0038): terms on goods, issuing on payment, redemption by a clerk, expiry and refunds.

Locks: the voucher's store order first (orders.locks; a redemption writes an event on it, a refund changes it), then
the voucher's row. So two clerks redeeming the last use of one voucher, or a redemption and the expiry job, take
their turns, and the second reads what the first left."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Spu
from catalog.services.stock import StockLine, stock_commit
from marketplace.exceptions import InvalidInput
from marketplace.money import ZERO
from members.models import User
from orders.aftersales.services import refund_line_part
from orders.lifecycle.transitions import order_transition
from orders.locks import lock_orders
from orders.models import OrderLine, OrderReason, OrderStatus, RefundReason, StoreOrder
from stores.models import Store, StoreStatus, StoreType
from vouchers import events
from vouchers.exceptions import VoucherNotFound, refused
from vouchers.models import DONE_STATUSES, Redemption, Voucher, VoucherEventType, VoucherStatus, VoucherTerms
from vouchers.values import split, uses_value

CODE_DIGITS = 12  # about 40 bits of randomness: typed at a counter, unguessable across millions of vouchers
EXPIRE_BATCH = 500  # vouchers expired per sweep run
HQ_OUTLETS = (StoreType.DIRECT, StoreType.FRANCHISE)  # where HQ's service goods may also be used


@dataclass(frozen=True)
class TermsInput:
    store_ids: list[int]
    uses: int = 1
    valid_days: int | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    refund_on_expiry: bool = True


# --- Terms --------------------------------------------------------------------------------------------------------


def eligible_stores(*, spu: Spu):
    """Where the goods may be made valid: the selling store; for HQ's goods also its direct and franchise stores."""
    stores = Q(pk=spu.store_id)
    if spu.store.type == StoreType.SELF_OPERATED:
        stores |= Q(type__in=HQ_OUTLETS, status=StoreStatus.ACTIVE)
    return Store.objects.filter(stores).order_by("pk")


@transaction.atomic
def terms_set(*, spu: Spu, by: User, data: TermsInput) -> VoucherTerms:
    """Make `spu` service goods sold as e-vouchers, or change its terms (vouchers already issued keep their
    validity and value; the valid stores are read at redemption)."""
    if data.valid_days is None and data.valid_until is None:
        message = _("Give a number of days or an end date.")
        raise InvalidInput(message, fields={"valid_days": [message]})
    if data.valid_days is not None and data.valid_until is not None:
        message = _("Give a number of days or an end date, not both.")
        raise InvalidInput(message, fields={"valid_days": [message]})
    if data.valid_until is not None and data.valid_from is not None and data.valid_from > data.valid_until:
        message = _("The start date is after the end date.")
        raise InvalidInput(message, fields={"valid_from": [message]})
    allowed = set(eligible_stores(spu=spu).values_list("pk", flat=True))
    wrong = sorted(set(data.store_ids) - allowed)
    if wrong:
        raise InvalidInput(
            _("These goods cannot be valid in those stores."), fields={"store_ids": [str(pk) for pk in wrong]}
        )
    terms, _created = VoucherTerms.objects.update_or_create(
        spu=spu,
        defaults={
            "uses": data.uses,
            "valid_days": data.valid_days,
            "valid_from": data.valid_from if data.valid_until is not None else None,
            "valid_until": data.valid_until,
            "refund_on_expiry": data.refund_on_expiry,
            "updated_by": by,
        },
    )
    terms.stores.set(sorted(set(data.store_ids)))
    events.terms_changed(
        spu=spu, type=VoucherEventType.TERMS_SET, by=by, uses=data.uses, stores=sorted(set(data.store_ids))
    )
    return terms


@transaction.atomic
def terms_remove(*, spu: Spu, by: User) -> None:
    """The goods are goods again; refused once any voucher of them was issued."""
    terms = VoucherTerms.objects.filter(spu=spu).first()
    if terms is None:
        return
    if terms.vouchers.exists():
        raise refused("voucher_goods_sold")
    terms.delete()
    events.terms_changed(spu=spu, type=VoucherEventType.TERMS_REMOVED, by=by)


# --- Issuing -----------------------------------------------------------------------------------------------------


def vouchers_issue(*, order: StoreOrder, lines: list[OrderLine], now: datetime) -> list[Voucher]:
    """In the payment's transaction (the order's row locked): one voucher per unit of each service line, worth the
    unit's share of the line's payable; the units' stock leaves now (nothing ships). Issuing again writes nothing."""
    if Voucher.objects.filter(order=order).exists():
        return []
    terms_of = {terms.spu_id: terms for terms in VoucherTerms.objects.filter(spu_id__in={li.spu_id for li in lines})}
    codes = _new_codes(sum(line.quantity for line in lines))
    vouchers = []
    for line in sorted(lines, key=lambda each: each.pk):
        terms = terms_of[line.spu_id]
        starts_at, expires_at = _validity(terms, now)
        for serial, value in enumerate(split(line.payable, line.quantity), start=1):
            vouchers.append(
                Voucher(
                    code=codes.pop(),
                    user_id=order.user_id,
                    order=order,
                    line=line,
                    serial=serial,
                    terms=terms,
                    title=line.title,
                    uses=terms.uses,
                    uses_left=terms.uses,
                    value=value,
                    starts_at=starts_at,
                    expires_at=expires_at,
                )
            )
    Voucher.objects.bulk_create(vouchers)
    stock_commit(
        lines=[StockLine(line.sku_id, line.quantity, warehouse_id=line.warehouse_id) for line in lines],
        reference=order.order_no,
    )
    events.issued(vouchers=vouchers)
    return vouchers


def _new_codes(count: int) -> list[str]:
    """`count` random codes of CODE_DIGITS digits that no voucher has (a collision is drawn again)."""
    codes: set[str] = set()
    while len(codes) < count:
        drawn = {"".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS)) for _ in range(count - len(codes))}
        codes |= drawn - set(Voucher.objects.filter(code__in=drawn).values_list("code", flat=True))
    return sorted(codes)


def _validity(terms: VoucherTerms, now: datetime) -> tuple[datetime, datetime]:
    """From when and until when a voucher bought `now` is valid: N days from purchase (to the end of the last day,
    Beijing), or the terms' fixed dates (from the start of the first day to the end of the last)."""
    if terms.valid_days is not None:
        last_day = timezone.localdate(now) + timedelta(days=terms.valid_days)
        return now, _day_end(last_day)
    first = timezone.make_aware(datetime.combine(terms.valid_from, time.min)) if terms.valid_from else now
    return first, _day_end(terms.valid_until)


def _day_end(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


# --- Redemption ----------------------------------------------------------------------------------------------------


def valid_store_ids(terms: VoucherTerms) -> set[int]:
    """Where a voucher of these terms may be used: the chosen stores, or the selling store when none was chosen."""
    chosen = {store.pk for store in terms.stores.all()}
    return chosen or {terms.spu.store_id}


@transaction.atomic
def voucher_redeem(*, code: str, store: Store, clerk: User, uses: int = 1, now: datetime | None = None) -> Redemption:
    """A clerk of `store` uses `uses` of the voucher typed or scanned. Refused with its code when the voucher is not
    valid in this store, refunded, used up, expired, not valid yet, or has fewer uses left."""
    now = now or timezone.now()
    voucher = _locked(Voucher.objects.filter(code=code.strip()).values_list("pk", flat=True).first())
    if store.pk not in valid_store_ids(voucher.terms):
        raise refused("voucher_wrong_store")
    _check_usable(voucher, now)
    if uses > voucher.uses_left:
        raise refused("voucher_too_many_uses")
    amount = uses_value(value=voucher.value, uses=voucher.uses, used=voucher.uses - voucher.uses_left, count=uses)
    voucher.uses_left -= uses
    if not voucher.uses_left:
        voucher.status = VoucherStatus.USED
    voucher.save(update_fields=["uses_left", "status"])
    redemption = Redemption.objects.create(voucher=voucher, store=store, clerk=clerk, uses=uses, amount=amount)
    events.redeemed(voucher=voucher, redemption=redemption, order=voucher.order)
    _complete_if_done(voucher.order, now)
    return redemption


def _check_usable(voucher: Voucher, now: datetime) -> None:
    if voucher.status == VoucherStatus.REFUNDED:
        raise refused("voucher_refunded")
    if voucher.status == VoucherStatus.USED:
        raise refused("voucher_used_up")
    if voucher.status == VoucherStatus.EXPIRED or voucher.expires_at <= now:
        raise refused("voucher_expired")
    if voucher.starts_at > now:
        raise refused("voucher_not_yet_valid")


def _locked(voucher_id: int | None) -> Voucher:
    """The voucher's order's row, then the voucher's, locked (module docstring). Call inside a transaction."""
    order_id = Voucher.objects.filter(pk=voucher_id).values_list("order_id", flat=True).first()
    if order_id is None:
        raise VoucherNotFound()
    (order,) = lock_orders([order_id])
    voucher = Voucher.objects.select_for_update(of=("self",)).select_related("terms__spu").get(pk=voucher_id)
    voucher.order = order
    return voucher


# --- Expiry and refunds --------------------------------------------------------------------------------------------


@transaction.atomic
def voucher_refund(*, voucher_id: int, user: User, now: datetime | None = None) -> Voucher:
    """The shopper asks for the unused uses of a valid voucher back: refunded at once by the platform through
    after-sales, worth what those uses are worth."""
    now = now or timezone.now()
    voucher = _locked(voucher_id)
    if voucher.user_id != user.pk:
        raise VoucherNotFound()
    if voucher.status != VoucherStatus.ACTIVE or voucher.expires_at <= now:
        raise refused("voucher_not_refundable")
    return _refund(voucher, by=user, now=now, reason=_("Asked for by the shopper"))


@transaction.atomic
def voucher_expire(*, voucher_id: int, now: datetime | None = None) -> Voucher | None:
    """A voucher past its validity: expired, its unused uses refunded if its goods say so. Once: a voucher already
    expired, used, refunded or still valid is left as it is (None)."""
    now = now or timezone.now()
    voucher = _locked(voucher_id)
    if voucher.status != VoucherStatus.ACTIVE or voucher.expires_at > now:
        return None
    events.record(voucher=voucher, type=VoucherEventType.EXPIRED, uses_left=voucher.uses_left)
    if voucher.terms.refund_on_expiry and voucher.order.status == OrderStatus.PAID:
        return _refund(voucher, by=None, now=now, reason=_("Expired unused"))
    voucher.status = VoucherStatus.EXPIRED
    voucher.save(update_fields=["status"])
    _complete_if_done(voucher.order, now)
    return voucher


def vouchers_expire_due(*, now: datetime | None = None) -> int:
    """The sweep: every valid voucher past its validity, each in its own transaction. Returns how many changed."""
    now = now or timezone.now()
    due = Voucher.objects.filter(status=VoucherStatus.ACTIVE, expires_at__lte=now).order_by("expires_at", "pk")
    return sum(
        voucher_expire(voucher_id=pk, now=now) is not None for pk in due.values_list("pk", flat=True)[:EXPIRE_BATCH]
    )


def _refund(voucher: Voucher, *, by: User | None, now: datetime, reason: str) -> Voucher:
    amount = uses_value(
        value=voucher.value, uses=voucher.uses, used=voucher.uses - voucher.uses_left, count=voucher.uses_left
    )
    if amount > ZERO:
        refund = refund_line_part(
            line=voucher.line, amount=amount, reason_code=RefundReason.VOUCHER_UNUSED, reason=reason, by=by, now=now
        )
        voucher.refund_no = refund.refund_no
    voucher.status, voucher.refunded_amount = VoucherStatus.REFUNDED, amount
    voucher.save(update_fields=["status", "refunded_amount", "refund_no"])
    events.record(
        voucher=voucher, type=VoucherEventType.REFUNDED, by=by, amount=f"{amount:.2f}", uses=voucher.uses_left
    )
    voucher.order.refresh_from_db(fields=["status"])
    _complete_if_done(voucher.order, now)
    return voucher


def _complete_if_done(order: StoreOrder, now: datetime) -> None:
    """An order of service goods alone is completed once every voucher of it is used, expired or refunded (the
    settlement's bill then takes its sale). The caller holds the order's row lock."""
    if order.status != OrderStatus.PAID:
        return
    lines = list(order.lines.all())
    issued = list(Voucher.objects.filter(order=order).values_list("status", flat=True))
    if len(issued) == sum(line.quantity for line in lines) and all(status in DONE_STATUSES for status in issued):
        order_transition(order=order, to=OrderStatus.COMPLETED, by=None, reason_code=OrderReason.VOUCHERS_DONE, now=now)
