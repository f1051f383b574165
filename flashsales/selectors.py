"""Flash-sale reads: the storefront's live and upcoming sessions, a store's own sessions (another store's is not
found), and the member's pass for the gate."""

from datetime import datetime, timedelta

from django.core import signing
from django.db.models import Prefetch, QuerySet

from flashsales.models import FlashItem, FlashSession, SessionStatus
from stores.models import Store

PASS_SALT = "flashsales.pass"
PASS_MAX_AGE = timedelta(hours=12)
UPCOMING_DAYS = 7


def storefront_sessions(*, now: datetime) -> QuerySet[FlashSession]:
    """Published sessions live now or starting within a week, soonest first, with their items' SKUs and products."""
    items = FlashItem.objects.select_related("sku__spu").order_by("id")
    return (
        FlashSession.objects.filter(
            status=SessionStatus.PUBLISHED, ends_at__gt=now, starts_at__lte=now + timedelta(days=UPCOMING_DAYS)
        )
        .prefetch_related(Prefetch("items", queryset=items))
        .order_by("starts_at", "id")
    )


def store_sessions(*, store: Store) -> QuerySet[FlashSession]:
    return FlashSession.objects.filter(store=store).prefetch_related("items").order_by("-starts_at", "-id")


def member_pass(*, user_id: int) -> str:
    """A signed pass naming the member: the attempt endpoint reads it without a query (no session, no token row)."""
    return signing.TimestampSigner(salt=PASS_SALT).sign(str(user_id))


def pass_member(value: str) -> int | None:
    """The member a pass names, if it is ours and recent; None otherwise. No SQL."""
    try:
        return int(signing.TimestampSigner(salt=PASS_SALT).unsign(value, max_age=PASS_MAX_AGE))
    except (signing.BadSignature, ValueError):
        return None
