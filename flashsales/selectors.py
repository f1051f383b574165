"""Flash-sale reads: the storefront's live and upcoming sessions, a store's own sessions (another store's is not
found), and the member's pass for the gate."""

import time
from datetime import datetime, timedelta
from functools import lru_cache

from django.core import signing
from django.db.models import Prefetch, QuerySet

from flashsales.models import FlashItem, FlashSession, SessionStatus
from stores.models import Store

PASS_SALT = "flashsales.pass"
PASS_MAX_AGE = timedelta(hours=12)
UPCOMING_DAYS = 7
MAX_PASS_LENGTH = 100


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
    """The store's own sessions, newest first, with their items' SKUs and products (the seller list names them)."""
    items = FlashItem.objects.select_related("sku__spu").order_by("id")
    return (
        FlashSession.objects.filter(store=store)
        .prefetch_related(Prefetch("items", queryset=items))
        .order_by("-starts_at", "-id")
    )


def member_pass(*, user_id: int) -> str:
    """A signed pass naming the member: the attempt endpoint reads it without a query (no session, no token row)."""
    return signing.TimestampSigner(salt=PASS_SALT).sign(str(user_id))


@lru_cache(maxsize=100_000)
def _signed(value: str) -> tuple[int, int] | None:
    """(member, signed at, epoch seconds) of a pass whose signature is ours; None otherwise. Kept per process:
    a member sends the same pass with every attempt, and checking a signature is the costly part."""
    try:
        user, signed_at = signing.Signer(salt=PASS_SALT).unsign(value).split(":")
        return int(user), signing.b62_decode(signed_at)
    except (signing.BadSignature, ValueError):
        return None


def pass_member(value: str) -> int | None:
    """The member a pass names, if it is ours and recent; None otherwise. No SQL."""
    signed = _signed(value) if value and len(value) <= MAX_PASS_LENGTH else None
    if signed is None or time.time() - signed[1] > PASS_MAX_AGE.total_seconds():
        return None
    return signed[0]
