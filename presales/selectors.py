"""Presale reads: the storefront's presales (taking deposits or soon to), one presale's page, a member's deposits
and a store's own presales (another store's is not found)."""

from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from presales.models import DepositStatus, Presale, PresaleDeposit, PresaleStatus
from stores.models import Store

UPCOMING_DAYS = 7


def storefront_presales(*, now: datetime) -> QuerySet[Presale]:
    """Published presales whose deposit window is open or opens within a week, or whose balance window has not
    closed yet (their depositors come back to pay), soonest to close first, with their SKU and product."""
    return (
        Presale.objects.filter(status=PresaleStatus.PUBLISHED, balance_ends_at__gt=now)
        .filter(Q(deposit_starts_at__lte=now + timedelta(days=UPCOMING_DAYS)))
        .select_related("sku__spu")
        .order_by("deposit_ends_at", "id")
    )


def taking_deposits(*, now: datetime) -> QuerySet[Presale]:
    """The presales in their deposit window now (the home page's section)."""
    return storefront_presales(now=now).filter(deposit_starts_at__lte=now, deposit_ends_at__gt=now)


def storefront_presale(*, presale_id: int) -> Presale | None:
    return (
        Presale.objects.filter(pk=presale_id)
        .exclude(status=PresaleStatus.DRAFT)
        .select_related("sku__spu", "store")
        .first()
    )


def member_deposits(*, user) -> QuerySet[PresaleDeposit]:
    return (
        PresaleDeposit.objects.filter(user=user)
        .exclude(status=DepositStatus.CANCELLED)
        .select_related("presale__sku__spu", "deposit_order", "balance_order")
        .order_by("-created_at", "-id")
    )


def member_deposit(*, user, presale: Presale) -> PresaleDeposit | None:
    """The member's deposit on the presale that still matters (live, or the latest one)."""
    if not user.is_authenticated:
        return None
    return member_deposits(user=user).filter(presale=presale).first()


def store_presales(*, store: Store) -> QuerySet[Presale]:
    return Presale.objects.filter(store=store).select_related("sku__spu").order_by("-deposit_starts_at", "-id")
