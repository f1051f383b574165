"""Presale writes (decision 0035): setting a presale up (create, publish, cancel), each deposit's way through its
two orders (the play seam calls these: presales/plays.py), the member's withdrawal in the deposit window, and
the jobs (the deposit window's close, the balance reminder, the balance window's close).

Every change is one transaction with its event (presales/events.py); a deposit's row is locked before its status
is read, so the seam's calls, the member and the jobs take each deposit in turn, and a job run twice (or two at
once) changes each deposit once. What the stock does: the deposit order reserves the units; the balance order
takes them over (`balance_consume` releases the deposit's reservation in the balance submission's transaction,
just before the balance order reserves them again); a cancelled balance order gives them back to the deposit; a
kept deposit's units go back on sale; a refunded deposit's come back with its refund."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Sku
from catalog.services.stock import StockLine, stock_release, stock_reserve
from catalog.storefront_cache import storefront_changed
from members.models import User
from orders.aftersales.services import refund_in_full
from orders.lifecycle.cancellation import order_cancel
from orders.lifecycle.transitions import order_transition
from orders.locks import lock_orders
from orders.models import OrderReason, OrderStatus, RefundReason, StoreOrder
from presales import events
from presales.exceptions import InvalidInput, InvalidTransition, NotFound, refused
from presales.models import DepositStatus, Presale, PresaleDeposit, PresaleEventType, PresaleStatus
from stores.models import Store

JOB_BATCH = 500  # deposits a job run takes at most


@dataclass(frozen=True)
class PresaleInput:
    """What a presale is set up with (the seller API, its page's form and the admin give the same)."""

    name: str
    sku_id: int
    deposit: Decimal
    counted: Decimal
    deposit_starts_at: datetime
    deposit_ends_at: datetime
    balance_starts_at: datetime
    balance_ends_at: datetime
    per_member_limit: int = 1
    exclusive: bool = True


def _invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, fields={field: [message]})


def presale_check(*, store: Store | None, values: PresaleInput) -> Sku:
    """The one place a presale's setup is checked: the windows in order, the deposit counting for at least itself
    and for less than the SKU's price, the store's own active SKU (an operator may name any store's)."""
    sku = Sku.objects.filter(pk=values.sku_id, is_active=True).first()
    if sku is None or (store is not None and sku.store_id != store.pk):
        raise _invalid("sku", _("Unknown SKU."))
    if values.deposit <= 0:
        raise _invalid("deposit", _("A deposit is more than zero."))
    if not values.deposit <= values.counted < sku.price:
        raise _invalid("counted", _("A deposit counts for at least itself and for less than the SKU's price."))
    if values.deposit_ends_at <= values.deposit_starts_at:
        raise _invalid("deposit_ends_at", _("The deposit window closes after it opens."))
    if values.balance_starts_at < values.deposit_ends_at:
        raise _invalid("balance_starts_at", _("The balance window opens once the deposit window has closed."))
    if values.balance_ends_at <= values.balance_starts_at:
        raise _invalid("balance_ends_at", _("The balance window closes after it opens."))
    if values.per_member_limit < 1:
        raise _invalid("per_member_limit", _("The limit per member is at least 1."))
    return sku


@transaction.atomic
def presale_create(*, store: Store | None, by: User, values: PresaleInput) -> Presale:
    """A draft presale: a store's for its own SKU (store funded), an operator's (store None) for any (platform)."""
    presale_check(store=store, values=values)
    presale = Presale.objects.create(store=store, created_by=by, **values.__dict__)
    events.record(presale=presale, type=PresaleEventType.CREATED, by=by)
    return presale


def _locked(presale_id: int) -> Presale:
    presale = Presale.objects.select_for_update().filter(pk=presale_id).first()
    if presale is None:
        raise NotFound()
    return presale


def _not(presale: Presale, message: str) -> InvalidTransition:
    return InvalidTransition(message, fields={"status": [presale.status]})


@transaction.atomic
def presale_publish(*, presale: Presale, by: User | None) -> Presale:
    """Show a draft on the storefront; it takes deposits once its deposit window opens."""
    presale = _locked(presale.pk)
    if presale.status != PresaleStatus.DRAFT:
        raise _not(presale, _("Only a draft presale can be published."))
    presale.status = PresaleStatus.PUBLISHED
    presale.save(update_fields=["status"])
    events.record(presale=presale, type=PresaleEventType.PUBLISHED, by=by)
    storefront_changed()
    return presale


def presale_cancel(*, presale: Presale, by: User | None, now: datetime | None = None) -> Presale:
    """Call a presale off (the store or an operator): every deposit not used yet is refunded in full, whatever the
    window (seed 002: a deposit is refundable when the store cancels); an unpaid deposit or balance order is
    cancelled. Balances already paid stand: those orders ship. Each deposit in its own transaction; the presale is
    cancelled first, so no deposit or balance is taken meanwhile, and running it again finishes what is left."""
    now = now or timezone.now()
    with transaction.atomic():
        presale = _locked(presale.pk)
        if presale.status not in (PresaleStatus.DRAFT, PresaleStatus.PUBLISHED, PresaleStatus.CANCELLED):
            raise _not(presale, _("An ended presale cannot be cancelled."))
        if presale.status != PresaleStatus.CANCELLED:
            presale.status = PresaleStatus.CANCELLED
            presale.save(update_fields=["status"])
            events.record(presale=presale, type=PresaleEventType.CANCELLED, by=by)
            storefront_changed()
    for deposit_id in _live_deposits(presale):
        with transaction.atomic():
            deposit = _locked_deposit(pk=deposit_id)
            if deposit is not None and deposit.status in DepositStatus.live():
                _refund_or_cancel(deposit, by=by, now=now)
    return presale


def _live_deposits(presale: Presale) -> list[int]:
    return list(presale.deposits.filter(status__in=DepositStatus.live()).order_by("pk").values_list("pk", flat=True))


def _refunded_by_after_sales(deposit: PresaleDeposit) -> bool:
    """The store refunded the deposit order through after-sales (the member asked, the store agreed): the deposit
    is refunded, and its goods went back with the refund. Recorded here, where the presale next looks at it."""
    if deposit.deposit_order.status != OrderStatus.CLOSED:
        return False
    _move(deposit, DepositStatus.REFUNDED, PresaleEventType.DEPOSIT_REFUNDED)
    return True


def _refund_or_cancel(deposit: PresaleDeposit, *, by: User | None, now: datetime) -> None:
    """The presale was called off: an unpaid deposit order is cancelled; a paid deposit (after cancelling its
    unpaid balance order, which gives the goods back to it) is refunded in full, its goods back on sale."""
    if _refunded_by_after_sales(deposit):
        return
    if deposit.status == DepositStatus.PENDING:
        order_cancel(order=deposit.deposit_order, by=by, reason_code=OrderReason.SHOPPER_CANCELLED, now=now)
        return
    if deposit.status == DepositStatus.BALANCE_PENDING:
        order_cancel(order=deposit.balance_order, by=by, reason_code=OrderReason.PAYMENT_TIMEOUT, now=now)
        deposit.refresh_from_db()
    _refund(deposit, by=by, now=now, code=RefundReason.PLAY_CALLED_OFF, reason=_("The presale was cancelled."))


def _refund(deposit: PresaleDeposit, *, by: User | None, now: datetime, code: RefundReason, reason: str) -> None:
    refund_in_full(order=deposit.deposit_order, reason_code=code, reason=reason, now=now)
    _move(deposit, DepositStatus.REFUNDED, PresaleEventType.DEPOSIT_REFUNDED, by=by)


@transaction.atomic
def deposit_withdraw(*, deposit: PresaleDeposit, user: User, now: datetime | None = None) -> PresaleDeposit:
    """The member takes their paid deposit back, in full, while the deposit window is open; never after it (seed
    002: a deposit is not refundable once the deposit window has closed, unless the store cancels)."""
    now = now or timezone.now()
    deposit = _locked_deposit(pk=deposit.pk, user=user)
    if deposit is None:
        raise NotFound()
    if deposit.status != DepositStatus.PAID:
        raise refused("presale_deposit_not_payable")
    if now >= deposit.presale.deposit_ends_at:
        raise refused("presale_not_refundable")
    reason = _("Withdrawn by the member in the deposit window.")
    _refund(deposit, by=user, now=now, code=RefundReason.UNWANTED, reason=reason)
    return deposit


def _locked_deposit(**lookup) -> PresaleDeposit | None:
    return (
        PresaleDeposit.objects.select_for_update(of=("self",))
        .select_related("presale", "deposit_order", "balance_order")
        .filter(**lookup)
        .first()
    )


def _move(deposit: PresaleDeposit, to: str, event: PresaleEventType, *, by=None, also=(), **data) -> None:
    deposit.status = to
    deposit.save(update_fields=["status", *also])
    events.record(presale=deposit.presale, deposit=deposit, type=event, by=by, **data)


# --- The deposit order (play `presale`) ---------------------------------------------------------------------------


def usual_deadline(now: datetime) -> datetime:
    return now + timedelta(minutes=settings.ORDER_PAYMENT_TIMEOUT_MINUTES)


def deposit_allowed(*, presale_id: int, user: User, sku_id: int, quantity: int, now: datetime) -> Presale:
    """The presale a member may place a deposit on now, for `quantity` units of its SKU; else why not."""
    presale = Presale.objects.select_related("sku").filter(pk=presale_id, sku_id=sku_id).first()
    if presale is None or presale.status == PresaleStatus.DRAFT:
        raise NotFound()
    if not presale.taking_deposits(now):
        raise refused("presale_not_open")
    if quantity > presale.per_member_limit:
        raise refused("presale_limit_reached")
    if presale.deposits.filter(user=user, status__in=DepositStatus.live()).exists():
        raise refused("presale_deposit_exists")
    return presale


def deposit_placed(*, order: StoreOrder, presale_id: int, now: datetime) -> PresaleDeposit:
    """The deposit order is written (in its submission's transaction). A second live deposit of the member, placed
    at the same moment, meets the unique index and is refused: one of the two submissions stands."""
    (line,) = order.lines.all()
    try:
        with transaction.atomic():
            deposit = PresaleDeposit.objects.create(
                presale_id=presale_id, user_id=order.user_id, quantity=line.quantity, deposit_order=order
            )
    except IntegrityError:
        raise refused("presale_deposit_exists") from None
    events.record(presale=deposit.presale, deposit=deposit, type=PresaleEventType.DEPOSIT_PLACED, by=order.user)
    return deposit


def deposit_paid(*, order: StoreOrder, now: datetime) -> None:
    deposit = _locked_deposit(deposit_order=order)
    if deposit is not None and deposit.status == DepositStatus.PENDING:
        _move(deposit, DepositStatus.PAID, PresaleEventType.DEPOSIT_PAID, by=order.user)


def deposit_order_cancelled(*, order: StoreOrder, now: datetime) -> None:
    deposit = _locked_deposit(deposit_order=order)
    if deposit is not None and deposit.status == DepositStatus.PENDING:
        _move(deposit, DepositStatus.CANCELLED, PresaleEventType.DEPOSIT_CANCELLED)


# --- The balance order (play `presale_balance`) -------------------------------------------------------------------


def balance_allowed(*, deposit_id: int, user: User, sku_id: int, quantity: int, now: datetime) -> PresaleDeposit:
    """The member's deposit whose balance may be paid now, for exactly its units of its SKU; else why not."""
    deposit = (
        PresaleDeposit.objects.select_related("presale__sku", "deposit_order").filter(pk=deposit_id, user=user).first()
    )
    if deposit is None or deposit.presale.sku_id != sku_id:
        raise NotFound()
    if deposit.status != DepositStatus.PAID or deposit.deposit_order.status != OrderStatus.PAID:
        raise refused("presale_deposit_not_payable")
    if not deposit.presale.taking_balances(now):
        raise refused("presale_balance_not_open")
    if quantity != deposit.quantity:
        raise _invalid(
            "quantity", _("The balance is paid for the units of the deposit: %(n)d.") % {"n": deposit.quantity}
        )
    return deposit


def balance_deadline(*, deposit_id: int) -> datetime | None:
    return PresaleDeposit.objects.filter(pk=deposit_id).values_list("presale__balance_ends_at", flat=True).first()


def _deposit_goods(deposit: PresaleDeposit) -> list[StockLine]:
    (line,) = deposit.deposit_order.lines.all()
    return [StockLine(sku_id=line.sku_id, quantity=line.quantity, warehouse_id=line.warehouse_id)]


def balance_consume(*, deposit_id: int, now: datetime) -> None:
    """In the balance submission's transaction, before it reserves: the deposit's reservation is released, so the
    balance order reserves the same units again (nobody else can take them in between: one transaction). The
    deposit's lock makes a second balance submission of the same deposit wait, then find it taken."""
    deposit = _locked_deposit(pk=deposit_id)
    if deposit is None or deposit.status != DepositStatus.PAID:
        raise refused("presale_deposit_not_payable")
    stock_release(
        lines=_deposit_goods(deposit),
        reference=deposit.deposit_order.order_no,
        reason=_("Presale: the deposit's goods go to its balance order"),
    )


def balance_placed(*, order: StoreOrder, deposit_id: int, now: datetime) -> None:
    deposit = _locked_deposit(pk=deposit_id)
    deposit.balance_order = order
    _move(
        deposit, DepositStatus.BALANCE_PENDING, PresaleEventType.BALANCE_PLACED, by=order.user, also=["balance_order"]
    )


def balance_paid(*, order: StoreOrder, now: datetime) -> None:
    """The balance is paid: the deposit is used. Its order is completed ("deposit used": it ships nothing, the
    balance order ships the goods), which makes its money billable to the store in settlement."""
    deposit = _locked_deposit(balance_order=order, status=DepositStatus.BALANCE_PENDING)
    if deposit is None:
        return
    _move(deposit, DepositStatus.COMPLETED, PresaleEventType.BALANCE_PAID, by=order.user)
    _complete_deposit_order(deposit, reason=OrderReason.DEPOSIT_USED, now=now)


def _complete_deposit_order(deposit: PresaleDeposit, *, reason: OrderReason, now: datetime) -> None:
    (order,) = lock_orders([deposit.deposit_order_id])
    order_transition(order=order, to=OrderStatus.COMPLETED, by=None, reason_code=reason, now=now)


def balance_order_cancelled(*, order: StoreOrder, now: datetime) -> None:
    """The balance order was cancelled unpaid (the member, or the balance window's close): the goods go back to
    the deposit, which may pay its balance again while the window is open."""
    deposit = _locked_deposit(balance_order=order, status=DepositStatus.BALANCE_PENDING)
    if deposit is None:
        return
    stock_reserve(lines=_deposit_goods(deposit), reference=deposit.deposit_order.order_no)
    deposit.balance_order = None
    _move(deposit, DepositStatus.PAID, PresaleEventType.BALANCE_CANCELLED, also=["balance_order"], order=order.order_no)


# --- Jobs ---------------------------------------------------------------------------------------------------------


def presales_close_deposits(*, now: datetime | None = None) -> int:
    """The deposit windows that closed: each presale's close recorded once (with its deposits), off the storefront's
    deposit list. Unpaid deposit orders need nothing here: their payment deadline was the window's close."""
    now = now or timezone.now()
    due = Presale.objects.filter(
        status=PresaleStatus.PUBLISHED, deposit_ends_at__lte=now, deposits_closed_at__isnull=True
    )
    closed = 0
    for presale_id in due.order_by("pk").values_list("pk", flat=True)[:JOB_BATCH]:
        with transaction.atomic():
            presale = Presale.objects.select_for_update(skip_locked=True).filter(pk=presale_id).first()
            if presale is None or presale.deposits_closed_at is not None:
                continue
            presale.deposits_closed_at = now
            presale.save(update_fields=["deposits_closed_at"])
            paid = presale.deposits.filter(status__in=[DepositStatus.PAID, DepositStatus.BALANCE_PENDING]).count()
            events.record(presale=presale, type=PresaleEventType.DEPOSITS_CLOSED, deposits=paid)
            closed += 1
    if closed:
        storefront_changed()
    return closed


def balance_of(presale: Presale, quantity: int) -> Decimal:
    """What is left to pay for `quantity` units before promotions and coupons: the SKU's price less the counted
    value, a unit."""
    return max(presale.sku.price - presale.counted, Decimal("0.00")) * quantity


def presales_remind_balances(*, now: datetime | None = None) -> int:
    """The balance windows open now: each paid deposit's member is told once what is left to pay, and by when."""
    now = now or timezone.now()
    due = PresaleDeposit.objects.filter(
        status=DepositStatus.PAID,
        reminded_at__isnull=True,
        presale__status=PresaleStatus.PUBLISHED,
        presale__balance_starts_at__lte=now,
        presale__balance_ends_at__gt=now,
    )
    reminded = 0
    for deposit_id in due.order_by("pk").values_list("pk", flat=True)[:JOB_BATCH]:
        with transaction.atomic():
            deposit = (
                PresaleDeposit.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("presale__sku")
                .filter(pk=deposit_id, reminded_at__isnull=True)
                .first()
            )
            if deposit is None:
                continue
            deposit.reminded_at = now
            deposit.save(update_fields=["reminded_at"])
            events.balance_reminded(deposit=deposit, balance=balance_of(deposit.presale, deposit.quantity))
            reminded += 1
    return reminded


def presales_end(*, now: datetime | None = None) -> int:
    """The balance windows that closed: an unpaid balance order is cancelled, and every deposit whose balance was
    not paid is kept (its order completed: "deposit kept", the store's money in settlement) and its goods go back
    on sale; then the presale ends. One transaction a deposit; returns how many deposits were kept."""
    now = now or timezone.now()
    kept = 0
    ending = Presale.objects.filter(status=PresaleStatus.PUBLISHED, balance_ends_at__lte=now)
    for presale in ending.order_by("pk")[:JOB_BATCH]:
        for deposit_id in _live_deposits(presale):
            with transaction.atomic():
                deposit = _locked_deposit(pk=deposit_id)
                if deposit is not None and deposit.status in DepositStatus.live():
                    kept += _forfeit(deposit, now=now)
        with transaction.atomic():
            presale = _locked(presale.pk)
            if presale.status == PresaleStatus.PUBLISHED and not _live_deposits(presale):
                presale.status, presale.ended_at = PresaleStatus.ENDED, now
                presale.save(update_fields=["status", "ended_at"])
                events.record(presale=presale, type=PresaleEventType.ENDED)
    return kept


def _forfeit(deposit: PresaleDeposit, *, now: datetime) -> int:
    if _refunded_by_after_sales(deposit):
        return 0
    timeout = OrderReason.PAYMENT_TIMEOUT
    if deposit.status == DepositStatus.PENDING:  # its deadline passed long ago: the timeout sweep's, done here
        order_cancel(order=deposit.deposit_order, by=None, reason_code=timeout, now=now)
        return 0
    if deposit.status == DepositStatus.BALANCE_PENDING:
        order_cancel(order=deposit.balance_order, by=None, reason_code=timeout, now=now)
        deposit.refresh_from_db()
    stock_release(
        lines=_deposit_goods(deposit),
        reference=deposit.deposit_order.order_no,
        reason=_("Presale: balance not paid, the deposit's goods back on sale"),
    )
    _move(deposit, DepositStatus.FORFEITED, PresaleEventType.DEPOSIT_FORFEITED)
    _complete_deposit_order(deposit, reason=OrderReason.DEPOSIT_KEPT, now=now)
    return 1
