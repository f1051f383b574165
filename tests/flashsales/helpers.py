"""What flash-sale tests share: a published session on a phone SKU, a clean gate, and the member's pass."""

from datetime import timedelta
from decimal import Decimal

from django.test import TestCase
from django.utils import timezone

from flashsales.services import ItemInput, flash_session_create, flash_session_publish
from marketplace.redis import redis_client
from tests.catalog.factories import PhoneCatalog
from tests.factories import OperatorFactory
from tests.orders.helpers import sku_of


def clear_gates() -> None:
    client = redis_client()
    keys = list(client.scan_iter("flash:*", count=1000))
    if keys:
        client.delete(*keys)


def published_session(
    store,
    *,
    stock: int = 10,
    quantity: int = 5,
    price: str = "4999.00",
    limit: int = 1,
    starts_in: timedelta = timedelta(minutes=-1),
    lasts: timedelta = timedelta(hours=1),
    platform: bool = False,
    exclusive: bool = True,
):
    """A session of one phone SKU (price 5999.00, `stock` in one warehouse), published; (session, sku)."""
    sku = sku_of(PhoneCatalog().phone(store, stock=stock))
    starts = timezone.now() + starts_in
    session = flash_session_create(
        store=None if platform else store,
        by=OperatorFactory(),
        name="10点场",
        starts_at=starts,
        ends_at=starts + lasts,
        per_member_limit=limit,
        exclusive=exclusive,
        items=[ItemInput(sku_id=sku.pk, flash_price=Decimal(price), quantity=quantity)],
    )
    with TestCase.captureOnCommitCallbacks(execute=True):  # the gate loads after commit
        session = flash_session_publish(session=session, by=None)
    return session, sku
