"""Reads of the members center, always scoped to the member asking."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import F, QuerySet

from members.models import Address, PointsEntry, StoredValueEntry, User


def is_new_member(user: User, *, now: datetime) -> bool:
    """Whether the member is a new member (新注册用户, seed 002), whom a promotion for new members is for: one who
    registered within the NEW_MEMBER_DAYS days (30 by default) up to `now`, whatever they have bought since. The
    one definition (decision 0015): the cart, the checkout and submission price by it, the seller's form says it."""
    return user.date_joined >= now - timedelta(days=settings.NEW_MEMBER_DAYS)


LEVEL_PERCENT = "level_percent"  # read with the member on every request (members.apps)


def level_price_percent(user: User) -> Decimal | None:
    """The share of the price the member's level pays (95 for 9.5折), None for a member without a level: as read
    with the member at the start of the request (members.backends) when it was, else from the level's row."""
    if hasattr(user, LEVEL_PERCENT):
        return getattr(user, LEVEL_PERCENT)
    return user.level.price_percent if user.level_id else None


def member_addresses(*, user: User) -> QuerySet[Address]:
    return Address.objects.filter(user=user).select_related("region")


def points_ledger(*, user: User) -> QuerySet[PointsEntry]:
    return PointsEntry.objects.filter(user=user).order_by("-id")


def open_points_lots(*, user: User) -> QuerySet[PointsEntry]:
    """The member's open lots in the order spending takes them: earliest expiry first, never-expiring lots last."""
    return PointsEntry.objects.filter(user=user, remaining__gt=0).order_by(F("expires_at").asc(nulls_last=True), "id")


def points_lots(*, user: User) -> tuple[tuple[int | None, int], ...]:
    """(store id, points left) of each open lot, in the order spending takes them: what pricing needs to say which
    store's points an order would spend (one query; the engine is told, it reads nothing)."""
    return tuple(open_points_lots(user=user).values_list("store_id", "remaining"))


def stored_value_ledger(*, user: User) -> QuerySet[StoredValueEntry]:
    return StoredValueEntry.objects.filter(user=user).order_by("-id")
