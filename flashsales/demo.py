"""Demo flash sales (manage.py seed_demo): a platform session live for 30 days from the seed on two HQ goods, and
a session of the digital store starting tomorrow, so that the home page and /flash/ show one to win and one to
count down to. Made good at every seed: when no session is live any more, a new one is published."""

from datetime import timedelta
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from catalog.models import Sku, SpuStatus, Stock
from flashsales.models import FlashSession, SessionStatus
from flashsales.services import ItemInput, flash_session_create, flash_session_publish
from marketplace.money import quantize

QUANTITY = 20


def _skus(store, count: int) -> list[Sku]:
    stocked = Stock.objects.filter(warehouse__store=store, on_hand__gte=F("reserved") + QUANTITY).values("sku_id")
    found = Sku.objects.filter(store=store, is_active=True, spu__status=SpuStatus.ON_SHELF, pk__in=stocked)
    return list(found.order_by("id")[:count])


def _session(store, by, name: str, starts_at, hours: int, skus: list[Sku]) -> None:
    session = flash_session_create(
        store=store,
        by=by,
        name=name,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        per_member_limit=1,
        items=[
            ItemInput(sku_id=sku.pk, flash_price=quantize(sku.price * Decimal("0.5")), quantity=QUANTITY)
            for sku in skus
        ],
    )
    flash_session_publish(session=session, by=by)


def seed(demo: dict) -> None:
    now = timezone.now()
    live = FlashSession.objects.filter(status=SessionStatus.PUBLISHED, starts_at__lte=now, ends_at__gt=now)
    if not live.exists():
        skus = _skus(demo["stores"]["hq"], 2)
        if skus:
            _session(None, demo["operator"], "每日秒杀 · 平台补贴", now - timedelta(minutes=5), 24 * 30, skus)
    upcoming = FlashSession.objects.filter(status=SessionStatus.PUBLISHED, starts_at__gt=now)
    if not upcoming.exists():
        store = demo["stores"]["sz"]
        skus = _skus(store, 1)
        if skus:
            owner = store.memberships.get(role="owner").user
            _session(store, owner, "数码明日秒杀", now + timedelta(days=1), 2, skus)
