"""Group-buy writes (decision 0033): campaigns, and what the play seam (groupbuys/plays.py) asks at each step of a
member's order: price the line, take a place when the order is placed, count the payment, free the place when the
unpaid order is cancelled; and closing a group at its deadline (succeeded: every order ships; failed: every member
refunded in full, once).

Places are taken at submission under the group's row lock: a placed, unpaid order holds its place until it is paid
or cancelled, so `pending + paid <= size` always, and the member who comes second to the last place is told the
group is full (409 `group_full`) before paying anything."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Sku
from catalog.storefront_cache import storefront_changed
from groupbuys import events, tasks
from groupbuys.exceptions import InvalidInput, InvalidTransition, NotFound, refused
from groupbuys.models import (
    TAKING_A_PLACE,
    Campaign,
    CampaignStatus,
    EventType,
    Group,
    GroupStatus,
    Member,
    MemberStatus,
)
from marketplace.tasks import enqueue, enqueue_at
from members.models import User
from orders.aftersales.services import refund_in_full
from orders.locks import lock_orders
from orders.models import RefundReason, StoreOrder
from orders.shipping.services import shipping_release
from promotions import pricing
from stores.models import Store

GROUP_BUY = "group_buy"  # the engine's play lane kind: the checkout breakdown names it
MAX_GROUP_SIZE = 50
MAX_HOURS = 72
MAX_LIMIT = 99


@dataclass(frozen=True)
class CampaignInput:
    name: str
    sku_id: int
    group_price: Decimal
    group_size: int
    hours: int
    starts_at: datetime
    ends_at: datetime
    opener_price: Decimal | None = None
    per_member_limit: int = 1
    exclusive: bool = True
    simulated_fill: bool = False


def _invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, fields={field: [message]})


def campaign_check(*, store: Store | None, data: CampaignInput) -> Sku:
    """The campaign's rules (the API, the seller page and the admin's form ask this one place): a SKU of the store
    (any store's for an operator), active; a group price below its price; the opener's at most the group price."""
    sku = Sku.objects.filter(pk=data.sku_id, is_active=True).first()
    if sku is None or (store is not None and sku.store_id != store.pk):
        raise _invalid("sku", _("Unknown SKU."))
    if not Decimal("0.00") <= data.group_price < sku.price:
        raise _invalid("group_price", _("A group price is below the SKU's price."))
    if data.opener_price is not None and not Decimal("0.00") <= data.opener_price <= data.group_price:
        raise _invalid("opener_price", _("The opener's price is at most the group price."))
    if data.ends_at <= data.starts_at:
        raise _invalid("ends_at", _("The end must be after the start."))
    if not 2 <= data.group_size <= MAX_GROUP_SIZE:
        raise _invalid("group_size", _("A group has 2 to 50 members."))
    if not 1 <= data.hours <= MAX_HOURS:
        raise _invalid("hours", _("A group fills within 1 to 72 hours."))
    if not 1 <= data.per_member_limit <= MAX_LIMIT:
        raise _invalid("per_member_limit", _("A member buys 1 to 99 units."))
    return sku


@transaction.atomic
def campaign_create(*, store: Store | None, by: User, data: CampaignInput) -> Campaign:
    """A campaign, live from its start: a store's for its own SKU (store funded), or an operator's (store None,
    platform funded)."""
    campaign_check(store=store, data=data)
    campaign = Campaign.objects.create(store=store, created_by=by, **data.__dict__)
    events.record(campaign=campaign, type=EventType.CAMPAIGN_CREATED, by=by)
    storefront_changed()  # the product page's badge, the home page's section
    return campaign


@transaction.atomic
def campaign_stop(*, campaign: Campaign, by: User) -> Campaign:
    """No new group from now on; the groups already open run to their deadline."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != CampaignStatus.ACTIVE:
        raise InvalidTransition(_("The campaign is already stopped."))
    campaign.status = CampaignStatus.STOPPED
    campaign.save(update_fields=["status"])
    events.record(campaign=campaign, type=EventType.CAMPAIGN_STOPPED, by=by)
    storefront_changed()
    return campaign


# What the play seam asks (groupbuys/plays.py) -------------------------------------------------------------------


def _campaign(campaign_id: int) -> Campaign:
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        raise NotFound()
    return campaign


def _group(group_id: int, *, lock: bool = False) -> Group:
    groups = Group.objects.select_for_update(of=("self",)) if lock else Group.objects
    group = groups.select_related("campaign").filter(pk=group_id).first()
    if group is None:
        raise NotFound()
    return group


def _check_line(campaign: Campaign, *, sku_id: int, quantity: int) -> None:
    if sku_id != campaign.sku_id:
        raise refused("group_buy_sku")
    if quantity > campaign.per_member_limit:
        raise refused("group_buy_limit")


def _price(campaign: Campaign, *, opener: bool) -> pricing.PlayPrice:
    """The line's price in the engine's play lane, funded by the platform (an operator's campaign) or the store."""
    unit_price = campaign.opener_price if opener and campaign.opener_price is not None else campaign.group_price
    return pricing.PlayPrice(
        kind=GROUP_BUY,
        source_id=campaign.pk,
        unit_price=unit_price,
        funding=pricing.PLATFORM_FUNDED if campaign.platform_funded else pricing.STORE_FUNDED,
        name=campaign.name,
        exclusive=campaign.exclusive,
    )


def open_price(*, campaign_id: int, sku_id: int, quantity: int, now: datetime) -> pricing.PlayPrice:
    """Opening a group: the campaign live, its SKU, within the limit."""
    campaign = _campaign(campaign_id)
    if not campaign.live(now):
        raise refused("group_buy_not_live")
    _check_line(campaign, sku_id=sku_id, quantity=quantity)
    return _price(campaign, opener=True)


def _check_joinable(group: Group, *, user_id: int, now: datetime) -> None:
    if group.status != GroupStatus.OPEN or group.expires_at <= now:
        raise refused("group_closed")
    taken = list(group.members.filter(status__in=TAKING_A_PLACE).values_list("user_id", flat=True))
    if user_id in taken:
        raise refused("group_already_joined")
    if len(taken) >= group.size:
        raise refused("group_full")


def join_price(*, user: User, group_id: int, sku_id: int, quantity: int, now: datetime) -> pricing.PlayPrice:
    """Joining a group: open, before its deadline, a place left, not already in it (read without a lock: the
    place is taken, under the lock, when the order is placed)."""
    group = _group(group_id)
    _check_joinable(group, user_id=user.pk, now=now)
    _check_line(group.campaign, sku_id=sku_id, quantity=quantity)
    return _price(group.campaign, opener=False)


def join_deadline(*, group_id: int, now: datetime) -> datetime:
    """A joiner pays before the group's deadline (or the usual timeout, if sooner): a place held by an unpaid order
    is given back by then."""
    usual = now + timedelta(minutes=settings.ORDER_PAYMENT_TIMEOUT_MINUTES)
    group = Group.objects.filter(pk=group_id).only("expires_at").first()
    return min(usual, group.expires_at) if group is not None and group.expires_at else usual


def _quantity(order: StoreOrder) -> int:
    return sum(line.quantity for line in order.lines.all())


def group_start(*, order: StoreOrder, campaign_id: int, now: datetime) -> Group:
    """The opener's order is placed (in its transaction): a group forms around it, joinable once it is paid."""
    campaign = _campaign(campaign_id)
    group = Group.objects.create(campaign=campaign, opener_id=order.user_id, size=campaign.group_size)
    Member.objects.create(group=group, user_id=order.user_id, order=order, quantity=_quantity(order), is_opener=True)
    events.record(campaign=campaign, group=group, type=EventType.GROUP_STARTED, by=order.user, order_no=order.order_no)
    return group


def group_take_place(*, order: StoreOrder, group_id: int, now: datetime) -> Member:
    """A joiner's order is placed (in its transaction): under the group's row lock, the rules again, and the place
    is theirs until the order is paid or cancelled. Of two members racing for the last place, the second to lock
    is refused (`group_full`) and their submission rolls back: nothing to pay, nothing to refund."""
    group = _group(group_id, lock=True)
    _check_joinable(group, user_id=order.user_id, now=now)
    member = Member.objects.create(group=group, user_id=order.user_id, order=order, quantity=_quantity(order))
    events.record(
        campaign=group.campaign, group=group, type=EventType.MEMBER_JOINED, by=order.user, order_no=order.order_no
    )
    return member


def _member_of(order_id: int) -> Member | None:
    member = Member.objects.filter(order_id=order_id).only("group_id").first()
    if member is None:
        return None
    group = _group(member.group_id, lock=True)  # the group first, then the member's row under it
    return Member.objects.select_related("group__campaign").get(pk=member.pk, group=group)


def member_paid(*, order: StoreOrder, now: datetime) -> bool:
    """The member's order is paid (in the payment's transaction; the order's row is locked). True: it ships now;
    False: it waits for the group. The opener's payment opens the group and starts its clock; the payment that
    fills it makes the group succeed and releases every other member's order. A payment that comes after the
    group failed (its order was not cancelled in time) is refunded in full at once."""
    member = _member_of(order.pk)
    if member is None or member.status != MemberStatus.PENDING:
        return True  # not a group order, or told already
    group = member.group
    member.status, member.paid_at = MemberStatus.PAID, now
    member.save(update_fields=["status", "paid_at"])
    events.record(
        campaign=group.campaign, group=group, type=EventType.MEMBER_PAID, by=order.user, order_no=order.order_no
    )
    if group.status == GroupStatus.FORMING:
        _open(group, now)
        return False
    if group.status == GroupStatus.SUCCEEDED:
        return True
    if group.status != GroupStatus.OPEN:
        enqueue(tasks.refund_late_payment, order.pk)
        return False
    if group.members.filter(status=MemberStatus.PAID).count() >= group.size:
        _succeed(group, now, paying=order.pk)
        return True
    return False


def _open(group: Group, now: datetime) -> None:
    group.status, group.opened_at = GroupStatus.OPEN, now
    group.expires_at = now + timedelta(hours=group.campaign.hours)
    group.save(update_fields=["status", "opened_at", "expires_at"])
    events.record(
        campaign=group.campaign, group=group, type=EventType.GROUP_OPENED, expires_at=group.expires_at.isoformat()
    )
    enqueue_at(tasks.close_group, group.expires_at, group.pk)  # and the sweep, for a job lost


def member_cancelled(*, order: StoreOrder, now: datetime) -> None:
    """The member's unpaid order is cancelled (by them, or its payment deadline): the place is free again; a group
    whose opener never paid is abandoned."""
    member = _member_of(order.pk)
    if member is None or member.status != MemberStatus.PENDING:
        return
    group = member.group
    member.status = MemberStatus.CANCELLED
    member.save(update_fields=["status"])
    events.record(campaign=group.campaign, group=group, type=EventType.MEMBER_LEFT, order_no=order.order_no)
    if member.is_opener and group.status == GroupStatus.FORMING:
        group.status, group.closed_at = GroupStatus.ABANDONED, now
        group.save(update_fields=["status", "closed_at"])
        events.record(campaign=group.campaign, group=group, type=EventType.GROUP_ABANDONED)


# Closing a group -----------------------------------------------------------------------------------------------


def _succeed(group: Group, now: datetime, *, paying: int | None = None, filled: int = 0) -> None:
    group.status, group.closed_at, group.filled = GroupStatus.SUCCEEDED, now, filled
    group.save(update_fields=["status", "closed_at", "filled"])
    members = list(group.members.filter(status=MemberStatus.PAID).select_related("order"))
    for member in members:
        if member.order_id != paying:  # the paying order ships by its own payment's answer
            shipping_release(order_id=member.order_id)
    events.record(
        campaign=group.campaign, group=group, type=EventType.SUCCEEDED, tell=members, orders=len(members), filled=filled
    )


def _fail(group: Group, now: datetime) -> None:
    group.status, group.closed_at = GroupStatus.FAILED, now
    group.save(update_fields=["status", "closed_at"])
    members = list(group.members.filter(status=MemberStatus.PAID).select_related("order"))
    for member in members:
        _refund(member, now)
    events.record(campaign=group.campaign, group=group, type=EventType.FAILED, tell=members, refunded=len(members))


def _refund(member: Member, now: datetime) -> None:
    refund_in_full(
        order=member.order,
        reason_code=RefundReason.PLAY_CALLED_OFF,
        reason=_("The group did not fill in time"),
        now=now,
    )
    member.status = MemberStatus.REFUNDED
    member.save(update_fields=["status"])


@transaction.atomic
def group_close(*, group_id: int, now: datetime | None = None) -> Group:
    """At the deadline (the group's own job, or the sweep; idempotent): a group still open succeeds if it is full,
    or short with the platform filling it (凑团: at least one member paid); otherwise it fails and every member who
    paid is refunded in full, once (the group's row lock and status). The paid orders are locked before the group,
    as a payment locks its order before the group, so the two never wait on each other in a circle."""
    now = now or timezone.now()
    paid = Member.objects.filter(group_id=group_id, status=MemberStatus.PAID).values_list("order_id", flat=True)
    lock_orders(paid)
    group = _group(group_id, lock=True)
    if group.status != GroupStatus.OPEN or group.expires_at > now:
        return group
    count = group.members.filter(status=MemberStatus.PAID).count()
    if count >= group.size:
        _succeed(group, now)
    elif group.campaign.simulated_fill and count:
        _succeed(group, now, filled=group.size - count)
    else:
        _fail(group, now)
    return group


def groups_close_due(*, now: datetime | None = None) -> int:
    """Every minute: close every open group past its deadline whose own job did not, and refund the payments that
    came after their group failed whose own job did not (each in its transaction)."""
    now = now or timezone.now()
    ids = list(Group.objects.filter(status=GroupStatus.OPEN, expires_at__lte=now).values_list("pk", flat=True))
    for group_id in ids:
        group_close(group_id=group_id, now=now)
    late = Member.objects.filter(status=MemberStatus.PAID, group__status=GroupStatus.FAILED)
    for order_id in list(late.values_list("order_id", flat=True)):
        late_payment_refund(order_id=order_id, now=now)
    return len(ids)


@transaction.atomic
def late_payment_refund(*, order_id: int, now: datetime | None = None) -> bool:
    """A member's payment that arrived after their group failed: refunded in full, once."""
    now = now or timezone.now()
    lock_orders([order_id])
    member = _member_of(order_id)
    if member is None or member.status != MemberStatus.PAID or member.group.status != GroupStatus.FAILED:
        return False
    _refund(member, now)
    events.record(
        campaign=member.group.campaign, group=member.group, type=EventType.LATE_PAYMENT_REFUNDED, tell=[member]
    )
    return True
