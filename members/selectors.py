"""Reads of the members center, always scoped to the member asking."""

from django.db.models import QuerySet

from members.models import Address, PointsEntry, StoredValueEntry, User


def member_addresses(*, user: User) -> QuerySet[Address]:
    return Address.objects.filter(user=user).select_related("region")


def points_ledger(*, user: User) -> QuerySet[PointsEntry]:
    return PointsEntry.objects.filter(user=user).order_by("-id")


def stored_value_ledger(*, user: User) -> QuerySet[StoredValueEntry]:
    return StoredValueEntry.objects.filter(user=user).order_by("-id")
