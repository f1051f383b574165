"""Member QR codes per store (会员二维码, seed 004 section 3): the services that issue, revoke and follow them, and
the store-scoped reads of what they brought (members gained per store and per staff member).

Members may not import stores, so registration only carries the code it was given (`invitation`) on
members.signals.user_registered; stores.apps connects `member_source_on_registration` to it, as coupons listens for
new members."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import segno
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDay, TruncMonth
from django.utils import timezone

from marketplace.exceptions import NotFound
from members.models import User
from stores.events import store_event
from stores.models import InvitationCode, MemberSource, StaffRole, Store, StoreEventType, StoreMembership, StoreStatus

CODE_BYTES = 12  # 16 URL-safe characters: 96 random bits, unguessable, and a QR small enough to scan from a receipt


def _new_code() -> str:
    return secrets.token_urlsafe(CODE_BYTES)


# --- services


def invitation_code_for(*, store: Store, staff: User | None = None) -> InvitationCode:
    """The live code of the store (staff None) or of one of its staff members, issued the first time it is asked
    for. Two first requests at once meet at the unique constraint; the loser reads the winner's code."""
    live = InvitationCode.objects.filter(store=store, staff=staff, revoked_at__isnull=True)
    code = live.first()
    if code is not None:
        return code
    try:
        with transaction.atomic():
            return InvitationCode.objects.create(store=store, staff=staff, code=_new_code())
    except IntegrityError:
        return live.get()


@transaction.atomic
def invitation_code_regenerate(*, code: InvitationCode, by: User) -> InvitationCode:
    """Revoke a code (its printed QR stops working: /join/ answers 404) and issue its successor. Members it already
    brought keep their source."""
    locked = InvitationCode.objects.select_for_update().get(pk=code.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
    successor = InvitationCode.objects.create(store=locked.store, staff=locked.staff, code=_new_code())
    store_event(
        store=locked.store,
        type=StoreEventType.INVITATION_REGENERATED,
        by=by,
        staff=locked.staff.username if locked.staff else "",
    )
    return successor


@transaction.atomic
def member_source_record(*, member: User, code: str) -> MemberSource | None:
    """Record the store and staff member whose live code brought `member`. Nothing is recorded for an unknown or
    revoked code, nor for a member who already has a source: the first touch wins."""
    invitation = live_invitation(code=code)
    if invitation is None or MemberSource.objects.filter(member=member).exists():
        return None
    source, _ = MemberSource.objects.get_or_create(
        member=member, defaults={"store": invitation.store, "staff": invitation.staff, "code": invitation}
    )
    return source


def member_source_on_registration(sender, *, user: User, invitation: str = "", **kwargs) -> None:
    """Listener to members.signals.user_registered: a registration that came with a code records where from."""
    if invitation:
        member_source_record(member=user, code=invitation)


# --- selectors


def live_invitation(*, code: str) -> InvitationCode | None:
    """The code's row if it still works: not revoked, its store open to shoppers, and (for a staff member's code)
    its staff member still staff of that store."""
    if not code or len(code) > 32:
        return None
    invitation = (
        InvitationCode.objects.select_related("store", "staff")
        .filter(code=code, revoked_at__isnull=True, store__status=StoreStatus.ACTIVE)
        .first()
    )
    if invitation is None:
        return None
    if (
        invitation.staff_id
        and not StoreMembership.objects.filter(store=invitation.store, user_id=invitation.staff_id).exists()
    ):
        return None
    return invitation


def join_invitation(*, code: str) -> InvitationCode:
    invitation = live_invitation(code=code)
    if invitation is None:
        raise NotFound()
    return invitation


def store_invitation_code(*, store: Store, code_id: int) -> InvitationCode:
    """One live code of the store, for its owner to regenerate: another store's code is not found."""
    code = InvitationCode.objects.select_related("staff").filter(store=store, pk=code_id, revoked_at__isnull=True)
    found = code.first()
    if found is None:
        raise NotFound()
    return found


def join_url(*, request, code: InvitationCode) -> str:
    return request.build_absolute_uri(f"/join/{code.code}/")


def qr_svg(url: str) -> str:
    """The link as an inline SVG QR code, drawn here (segno, pure Python): no image service sees the codes."""
    return segno.make(url, error="m").svg_inline(scale=4, border=2, title=url)


def visible_codes(*, membership: StoreMembership) -> list[InvitationCode]:
    """The codes a staff member may see: owners and managers the store's and every staff member's; a clerk their
    own only. Codes are issued on first sight."""
    store = membership.store
    if membership.role == StaffRole.CLERK:
        return [invitation_code_for(store=store, staff=membership.user)]
    staff = StoreMembership.objects.filter(store=store).select_related("user").order_by("id")
    return [invitation_code_for(store=store), *(invitation_code_for(store=store, staff=m.user) for m in staff)]


@dataclass(frozen=True)
class Gained:
    """Members gained between two days (inclusive): in all, per staff member, and per day or month."""

    total: int
    by_staff: list[dict]  # {"staff_id", "username", "count"}; staff_id None: the store's own code
    by_period: list[dict]  # {"period": date, "count"}


def members_gained(*, membership: StoreMembership, start: date, end: date, per: str = "day") -> Gained:
    """Members the store gained through its codes (owners, managers) or the clerk gained through their own code,
    registered from `start` to `end` (local days, inclusive). Another store's members are never counted."""
    tz = timezone.get_current_timezone()
    rows: QuerySet[MemberSource] = MemberSource.objects.filter(
        store=membership.store,
        registered_at__gte=datetime.combine(start, time.min, tzinfo=tz),
        registered_at__lt=datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )
    if membership.role == StaffRole.CLERK:
        rows = rows.filter(staff=membership.user)
    by_staff = [
        {"staff_id": row["staff"], "username": row["staff__username"] or "", "count": row["count"]}
        for row in rows.values("staff", "staff__username").annotate(count=Count("id")).order_by("-count", "staff")
    ]
    trunc = TruncMonth if per == "month" else TruncDay
    by_period = [
        {"period": row["period"].date() if isinstance(row["period"], datetime) else row["period"], "count": row["c"]}
        for row in rows.annotate(period=trunc("registered_at", tzinfo=tz))
        .values("period")
        .annotate(c=Count("id"))
        .order_by("period")
    ]
    return Gained(total=sum(row["count"] for row in by_staff), by_staff=by_staff, by_period=by_period)


def staff_gained_count(*, store: Store, staff: User) -> int:
    return MemberSource.objects.filter(store=store, staff=staff).count()


def members_gained_by_store(*, start: date, end: date) -> list[dict]:
    """HQ's view across stores (issue 15 item 4): members each store gained through its codes from `start` to `end`
    (local days, inclusive), most first, each with its count per staff member (staff_id None: the store's own
    code). One query, whatever the number of stores."""
    tz = timezone.get_current_timezone()
    rows = (
        MemberSource.objects.filter(
            registered_at__gte=datetime.combine(start, time.min, tzinfo=tz),
            registered_at__lt=datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
        )
        .values("store", "store__name", "staff", "staff__username")
        .annotate(count=Count("id"))
        .order_by("store", "-count", "staff")
    )
    stores: dict[int, dict] = {}
    for row in rows:
        store = stores.setdefault(
            row["store"], {"store_id": row["store"], "name": row["store__name"], "total": 0, "by_staff": []}
        )
        store["total"] += row["count"]
        store["by_staff"].append(
            {"staff_id": row["staff"], "username": row["staff__username"] or "", "count": row["count"]}
        )
    return sorted(stores.values(), key=lambda store: (-store["total"], store["store_id"]))
