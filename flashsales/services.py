"""Flash-sale writes (decision 0029): setting a session up, publishing it (stock taken, gate loaded), the gate's
attempts, the holds an order consumes, expired holds, and closing a session (unsold units back to stock).

Invariants, each backed twice: never more sold than a session was given (the gate's `left`, and the CHECK
`flash_item_never_oversold` on the sold counter an order moves), never more per member than the limit (the
gate's member count, and the count of the member's bought holds checked under the member's submission lock)."""

import contextlib
import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from redis import RedisError

from catalog.models import Sku
from catalog.services.stock import StockLine, stock_release, stock_reserve
from catalog.storefront_cache import storefront_changed
from flashsales import events, gate
from flashsales.exceptions import FlashHoldExpired, InvalidInput, InvalidTransition, NotFound, refused
from flashsales.models import FlashHold, FlashItem, FlashSession, HoldStatus, SessionEventType, SessionStatus
from marketplace.compiled import CompiledRead
from members.models import User
from stores.models import Store

REFUSAL_CODES = {
    gate.Outcome.NOT_STARTED: "flash_not_started",
    gate.Outcome.ENDED: "flash_ended",
    gate.Outcome.OVER_LIMIT: "flash_limit_reached",
    gate.Outcome.SOLD_OUT: "flash_sold_out",
}
MAX_ITEMS = 50


@dataclass(frozen=True)
class ItemInput:
    sku_id: int
    flash_price: Decimal
    quantity: int


def hold_minutes() -> int:
    return settings.FLASH_HOLD_MINUTES


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def _check_setup(
    *, store: Store | None, starts_at: datetime, ends_at: datetime, per_member_limit: int, items: list[ItemInput]
) -> None:
    """A session's rules, for a new draft and an edited one alike. A store's session sells its own SKUs; an
    operator's (store None) any store's. A flash price is below the SKU's price."""
    if ends_at <= starts_at:
        raise InvalidInput(_("The end must be after the start."), fields={"ends_at": [_("After the start.")]})
    if per_member_limit < 1:
        raise InvalidInput(_("The limit per member is at least 1."), fields={"per_member_limit": [_("At least 1.")]})
    if not items or len(items) > MAX_ITEMS:
        raise InvalidInput(_("Name 1 to 50 SKUs."), fields={"items": [_("Name 1 to 50 SKUs.")]})
    if len({item.sku_id for item in items}) != len(items):
        raise InvalidInput(_("Name each SKU once."), fields={"items": [_("Name each SKU once.")]})
    skus = Sku.objects.in_bulk([item.sku_id for item in items])
    for item in items:
        sku = skus.get(item.sku_id)
        if sku is None or (store is not None and sku.store_id != store.pk) or not sku.is_active:
            raise InvalidInput(_("Unknown SKU."), fields={"items": [{"sku": item.sku_id, "reason": "unknown"}]})
        if not Decimal("0.00") <= item.flash_price < sku.price:
            raise InvalidInput(
                _("A flash price is below the SKU's price."),
                fields={"items": [{"sku": item.sku_id, "reason": "flash_price"}]},
            )
        if item.quantity < 1:
            raise InvalidInput(_("A quantity must be positive."), fields={"items": [{"sku": item.sku_id}]})


def _add_items(session: FlashSession, items: list[ItemInput]) -> None:
    FlashItem.objects.bulk_create(
        FlashItem(session=session, sku_id=item.sku_id, flash_price=item.flash_price, quantity=item.quantity)
        for item in items
    )


@transaction.atomic
def flash_session_create(
    *,
    store: Store | None,
    by: User,
    name: str,
    starts_at: datetime,
    ends_at: datetime,
    per_member_limit: int,
    items: list[ItemInput],
    exclusive: bool = True,
) -> FlashSession:
    """A draft session, funded by its store (or by the platform: an operator's, store None). Nothing is taken from
    stock before publishing."""
    _check_setup(store=store, starts_at=starts_at, ends_at=ends_at, per_member_limit=per_member_limit, items=items)
    session = FlashSession.objects.create(
        store=store,
        name=name,
        starts_at=starts_at,
        ends_at=ends_at,
        per_member_limit=per_member_limit,
        exclusive=exclusive,
        created_by=by,
    )
    _add_items(session, items)
    events.record(session=session, type=SessionEventType.CREATED, by=by)
    return session


@transaction.atomic
def flash_session_update(
    *,
    session: FlashSession,
    by: User,
    name: str,
    starts_at: datetime,
    ends_at: datetime,
    per_member_limit: int,
    items: list[ItemInput],
    exclusive: bool = True,
) -> FlashSession:
    """A draft set up again, whole: its fields and its items (a published session's items are in the gate)."""
    session = _locked(session.pk)
    if session.status != SessionStatus.DRAFT:
        raise InvalidTransition(_("Only a draft session is edited."))
    store = session.store
    _check_setup(store=store, starts_at=starts_at, ends_at=ends_at, per_member_limit=per_member_limit, items=items)
    session.name, session.starts_at, session.ends_at = name, starts_at, ends_at
    session.per_member_limit, session.exclusive = per_member_limit, exclusive
    session.save(update_fields=["name", "starts_at", "ends_at", "per_member_limit", "exclusive"])
    session.items.all().delete()
    _add_items(session, items)
    events.record(session=session, type=SessionEventType.EDITED, by=by)
    return session


def _locked(session_id: int) -> FlashSession:
    session = FlashSession.objects.select_for_update().filter(pk=session_id).first()
    if session is None:
        raise NotFound()
    return session


@transaction.atomic
def flash_session_publish(*, session: FlashSession, by: User | None, now: datetime | None = None) -> FlashSession:
    """Take each item's flash quantity out of sellable stock (a reservation under the session's reference, so
    nothing else can sell it; InsufficientStock names the SKU short and changes nothing), then load the gate once
    the transaction commits."""
    now = now or timezone.now()
    session = _locked(session.pk)
    if session.status != SessionStatus.DRAFT:
        raise InvalidTransition(_("Only a draft session is published."))
    if session.ends_at <= now:
        raise InvalidTransition(_("The session has already ended."))
    items = list(session.items.select_related("sku").order_by("sku_id"))
    movements = stock_reserve(
        lines=[StockLine(sku_id=item.sku_id, quantity=item.quantity) for item in items],
        reference=session.reference,
        by=by,
    )
    for item, movement in zip(items, movements, strict=True):  # both in SKU order
        item.warehouse_id = movement.warehouse_id
    FlashItem.objects.bulk_update(items, ["warehouse"])
    session.status = SessionStatus.PUBLISHED
    session.published_at = now
    session.save(update_fields=["status", "published_at"])
    events.record(session=session, type=SessionEventType.PUBLISHED, by=by)
    storefront_changed()
    transaction.on_commit(lambda: _load_quietly(session.pk))
    return session


@transaction.atomic
def flash_session_cancel(*, session: FlashSession, by: User, now: datetime | None = None) -> FlashSession:
    """Give a session up; a second call returns it as it is (decision 0029, "Cancelling").

    - A draft is cancelled: it never took stock.
    - A published session not started yet is cancelled and its flash quantities go back to sellable stock now.
    - A started one stops selling now: its end moves to now, in PostgreSQL and in the gate (before the commit: if
      Redis does not answer, nothing changes and flash_unavailable says try again), so no new attempt wins. Its
      live holds may still be bought until they expire; the close job then returns the rest to stock, as at a
      normal end, and marks it cancelled."""
    now = now or timezone.now()
    session = _locked(session.pk)
    if session.status == SessionStatus.CANCELLED or session.cancelled_at is not None:
        return session
    if session.status == SessionStatus.ENDED or (session.status == SessionStatus.PUBLISHED and session.ends_at <= now):
        raise InvalidTransition(_("The session has already ended."))
    returned = {}
    if session.status == SessionStatus.PUBLISHED:
        started = session.starts_at < now  # at the start itself: not yet (ends_at must stay after starts_at)
        if started:
            session.ends_at = now
        else:
            returned = _return_unsold(session, reason=_("Flash sale cancelled, back on sale"))
            session.status = SessionStatus.CANCELLED
        sku_ids = list(session.items.values_list("sku_id", flat=True))
        _close_gates(session.pk, sku_ids, now)
        # Again after the commit: an attempt may have loaded a gate from the rows as they stood before it.
        transaction.on_commit(lambda: _close_quietly(session.pk, sku_ids, now, drop=not started))
        storefront_changed()
    else:
        session.status = SessionStatus.CANCELLED
    session.cancelled_at = now
    session.save(update_fields=["status", "ends_at", "cancelled_at"])
    events.record(session=session, type=SessionEventType.CANCELLED, by=by, returned=returned)
    return session


def _close_gates(session_id: int, sku_ids: list[int], now: datetime) -> None:
    try:
        for sku_id in sku_ids:
            gate.close(session_id=session_id, sku_id=sku_id, ends_ms=_ms(now))
    except RedisError as error:
        raise refused("flash_unavailable") from error


def _close_quietly(session_id: int, sku_ids: list[int], now: datetime, *, drop: bool) -> None:
    with contextlib.suppress(RedisError):
        for sku_id in sku_ids:
            gate.close(session_id=session_id, sku_id=sku_id, ends_ms=_ms(now))
    if drop:  # nothing was held: the gate has no more use
        _drop_quietly(session_id, sku_ids)


def _return_unsold(session: FlashSession, *, reason: str) -> dict[str, int]:
    """Each item's units neither sold nor returned yet go back to sellable stock; {sku id: units returned}. The
    caller holds the session's row lock."""
    items = list(FlashItem.objects.select_for_update().filter(session=session).order_by("sku_id"))
    returned = {}
    for item in items:
        unsold = item.quantity - item.sold - item.returned
        if unsold > 0:
            stock_release(
                lines=[StockLine(sku_id=item.sku_id, quantity=unsold, warehouse_id=item.warehouse_id)],
                reference=session.reference,
                reason=reason,
            )
            FlashItem.objects.filter(pk=item.pk).update(returned=F("returned") + unsold)
        returned[str(item.sku_id)] = max(unsold, 0)
    return returned


def _load_quietly(session_id: int) -> None:
    """After publishing: load the gate now if Redis answers; otherwise the first attempt loads it."""
    with contextlib.suppress(RedisError):
        for sku_id in FlashItem.objects.filter(session_id=session_id).values_list("sku_id", flat=True):
            gate_load(session_id=session_id, sku_id=sku_id)


def gate_load(*, session_id: int, sku_id: int, now: datetime | None = None) -> bool:
    """(Re)build an item's gate from PostgreSQL, the record: units left are the flash quantity less what orders
    bought and what live holds keep; each member's count is what they bought and hold. A no-op when the gate is
    there already (another process loaded it). False when there is no published item to load."""
    now = now or timezone.now()
    item = (
        FlashItem.objects.select_related("session")
        .filter(session_id=session_id, sku_id=sku_id, session__status=SessionStatus.PUBLISHED)
        .first()
    )
    if item is None:
        return False
    holds = list(
        FlashHold.objects.filter(item=item, status=HoldStatus.HELD, expires_at__gt=now).values_list(
            "token", "expires_at", "user_id", "quantity"
        )
    )
    members: dict[int, int] = defaultdict(int)
    for user_id, quantity in FlashHold.objects.filter(item=item, status=HoldStatus.CONSUMED).values_list(
        "user_id", "quantity"
    ):
        members[user_id] += quantity
    for _token, _expiry, user_id, quantity in holds:
        members[user_id] += quantity
    held = sum(quantity for *_rest, quantity in holds)
    gate.load(
        session_id=session_id,
        sku_id=sku_id,
        item_id=item.pk,
        starts_ms=_ms(item.session.starts_at),
        ends_ms=_ms(item.session.ends_at),
        limit=item.session.per_member_limit,
        left=max(item.quantity - item.sold - item.returned - held, 0),
        members=dict(members),
        holds=[(token, _ms(expiry), user_id, quantity) for token, expiry, user_id, quantity in holds],
    )
    return True


def flash_attempt(*, session_id: int, sku_id: int, user_id: int, quantity: int = 1, now: datetime | None = None):
    """One attempt (抢购): the gate decides. A refusal raises FlashRefused having run no SQL; a win writes the
    member's hold and returns it. Only a gate that is not loaded (a new Redis, or one that lost its data) is
    rebuilt from PostgreSQL first."""
    now = now or timezone.now()
    token = secrets.token_hex(16)
    hold_ms = hold_minutes() * 60 * 1000

    def ask_gate():
        return gate.attempt(
            session_id=session_id,
            sku_id=sku_id,
            user_id=user_id,
            quantity=quantity,
            token=token,
            now_ms=_ms(now),
            hold_ms=hold_ms,
        )

    try:
        outcome, detail = ask_gate()
        if outcome == gate.Outcome.NOT_LOADED:
            if not gate_load(session_id=session_id, sku_id=sku_id, now=now):
                raise NotFound()
            outcome, detail = ask_gate()
    except RedisError as error:
        # No gate, no sale: without Redis nothing decides fairly and at speed, so attempts are refused.
        raise refused("flash_unavailable") from error
    if outcome != gate.Outcome.WON:
        raise refused(REFUSAL_CODES.get(outcome, "flash_unavailable"))
    return FlashHold.objects.create(
        token=token,
        item_id=detail,
        user_id=user_id,
        quantity=quantity,
        expires_at=now + timedelta(milliseconds=hold_ms),
    )


@dataclass(frozen=True)
class LivePlay:
    """A member's live hold, as checkout prices it: the session, its SKU's flash price and who funds it."""

    session_id: int
    session_name: str
    store_id: int | None
    exclusive: bool
    sku_id: int
    flash_price: Decimal
    quantity: int


def _live_holds(user_id: int, sku_ids: list[int], now: datetime):
    holds = FlashHold.objects.filter(
        user_id=user_id,
        status=HoldStatus.HELD,
        expires_at__gt=now,
        item__sku_id__any=sku_ids,
        item__session__status=SessionStatus.PUBLISHED,
    )
    return holds.order_by("created_at").values_list(
        "item__session_id",
        "item__session__name",
        "item__session__store_id",
        "item__session__exclusive",
        "item__sku_id",
        "item__flash_price",
        "quantity",
    )


# Read by every preview and submission of lines named past the cart: compiled and prepared once (decision 0036).
_LIVE_HOLDS = CompiledRead(
    _live_holds, user_id=-7_301_947, sku_ids=[-7_301_948], now=datetime(1901, 2, 3, 4, 5, 6, 789, tzinfo=UTC)
)


def member_live_holds(*, user_id: int, sku_ids, now: datetime) -> dict[int, LivePlay]:
    """SKU -> the member's live hold on it (the latest, if several: checkout consumes that one). One query."""
    rows = _LIVE_HOLDS.rows(user_id=user_id, sku_ids=list(sku_ids), now=now)
    return {row[4]: LivePlay(*row) for row in rows}


def flash_holds_consume(
    *, user: User, lines: dict[int, tuple[int, int]], reference: str, now: datetime
) -> list[FlashHold]:
    """Inside order submission (the caller's transaction, holding the member's submission lock): each flash line
    (SKU -> its quantity and the session that priced it) takes the member's live hold of it. The gate gives the
    hold up first (so an expiry cannot hand the unit to someone else as well); then the hold is bought, the item's
    sold counter moves under its CHECK, and the units leave the session's reservation, so that the order reserves
    them as its own.

    A failure after the gate gave the hold up loses that unit to the session (it returns to stock at the end):
    it is never sold twice."""
    consumed = []
    for sku_id, (quantity, session_id) in sorted(lines.items()):
        hold = (
            FlashHold.objects.select_for_update(of=("self",))
            .select_related("item__session")
            .filter(
                user=user,
                status=HoldStatus.HELD,
                expires_at__gt=now,
                quantity=quantity,
                item__sku_id=sku_id,
                item__session_id=session_id,
                item__session__status=SessionStatus.PUBLISHED,
            )
            .order_by("-created_at")
            .first()
        )
        if hold is None:
            raise FlashHoldExpired()
        item = hold.item
        bought = (
            FlashHold.objects.filter(item=item, user=user, status=HoldStatus.CONSUMED).aggregate(n=Sum("quantity"))["n"]
            or 0
        )
        if bought + quantity > item.session.per_member_limit:
            raise refused("flash_limit_reached")
        if not _gate_consume(hold, now):
            raise FlashHoldExpired()
        try:
            with transaction.atomic():
                FlashItem.objects.filter(pk=item.pk).update(sold=F("sold") + quantity)
        except IntegrityError as error:  # the CHECK: the session has no unit left for it
            raise refused("flash_sold_out") from error
        hold.status = HoldStatus.CONSUMED
        hold.order_no = reference
        hold.save(update_fields=["status", "order_no"])
        stock_release(
            lines=[StockLine(sku_id=sku_id, quantity=quantity, warehouse_id=item.warehouse_id)],
            reference=item.session.reference,
            reason=_("Sold in a flash sale"),  # words staff read in the stock movements, not a code
            by=user,
        )
        consumed.append(hold)
    return consumed


def _gate_consume(hold: FlashHold, now: datetime) -> bool:
    session_id, sku_id = hold.item.session_id, hold.item.sku_id
    try:
        if not gate.is_loaded(session_id=session_id, sku_id=sku_id):
            gate_load(session_id=session_id, sku_id=sku_id, now=now)
        return gate.consume(session_id=session_id, sku_id=sku_id, token=hold.token, now_ms=_ms(now))
    except RedisError as error:
        raise refused("flash_unavailable") from error


def flash_holds_expire(*, now: datetime | None = None) -> int:
    """Every minute (and idempotent): every published item's gate gives its expired holds back (the gate releases
    a token once, whoever asks; each attempt also releases some lazily), then the holds past their expiry are
    marked expired in one UPDATE. Redis first: a run killed between the two leaves nothing the next run misses."""
    now = now or timezone.now()
    items = FlashItem.objects.filter(session__status=SessionStatus.PUBLISHED).values_list("session_id", "sku_id")
    for session_id, sku_id in items:
        # Without Redis: the next attempt on the item releases them lazily, or the next sweep.
        with contextlib.suppress(RedisError):
            gate.release_expired(session_id=session_id, sku_id=sku_id, now_ms=_ms(now))
    return FlashHold.objects.filter(status=HoldStatus.HELD, expires_at__lte=now).update(status=HoldStatus.EXPIRED)


def sessions_due_to_close(*, now: datetime):
    """Published sessions whose last hold has expired: ended at least a hold's time ago."""
    return FlashSession.objects.filter(
        status=SessionStatus.PUBLISHED, ends_at__lte=now - timedelta(minutes=hold_minutes())
    )


@transaction.atomic
def flash_session_end(*, session_id: int, now: datetime | None = None) -> FlashSession:
    """Close a session once its last hold has expired: what it did not sell goes back to sellable stock, once (a
    second call, or a concurrent one waiting on the row lock, finds it ended and does nothing)."""
    now = now or timezone.now()
    session = _locked(session_id)
    if session.status != SessionStatus.PUBLISHED:
        return session
    if session.ends_at > now - timedelta(minutes=hold_minutes()):
        raise InvalidTransition(_("The session's holds have not all expired yet."))
    FlashHold.objects.filter(item__session=session, status=HoldStatus.HELD).update(status=HoldStatus.EXPIRED)
    returned = _return_unsold(session, reason=_("Unsold in a flash sale, back on sale"))
    # A session its seller cancelled once started closes as cancelled (API.md: the status the seller chose).
    session.status = SessionStatus.CANCELLED if session.cancelled_at else SessionStatus.ENDED
    session.ended_at = now
    session.save(update_fields=["status", "ended_at"])
    events.record(session=session, type=SessionEventType.ENDED, returned=returned)
    storefront_changed()
    sku_ids = [int(sku_id) for sku_id in returned]
    transaction.on_commit(lambda: _drop_quietly(session.pk, sku_ids))
    return session


def _drop_quietly(session_id: int, sku_ids: list[int]) -> None:
    for sku_id in sku_ids:
        # Left behind, the keys hold a closed window: an attempt on them is refused as ended.
        with contextlib.suppress(RedisError):
            gate.drop(session_id=session_id, sku_id=sku_id)


def flash_sessions_close(*, now: datetime | None = None) -> int:
    """Every minute: end every session due (each in its own transaction)."""
    now = now or timezone.now()
    ids = list(sessions_due_to_close(now=now).values_list("pk", flat=True))
    for session_id in ids:
        flash_session_end(session_id=session_id, now=now)
    return len(ids)
