"""The flash-sale center's part of product responses (catalog.storefront_extras): a product's published sessions
live now or to come, each with its SKUs' flash prices, the units left and its times, which the page counts down
to."""

import contextlib
from collections import defaultdict
from datetime import datetime

from redis import RedisError

from flashsales import gate
from flashsales.models import FlashItem, SessionStatus
from flashsales.serializers import IsoDateTimeField
from marketplace.amounts import money_text


def product_flash(products, now: datetime) -> dict[int, list]:
    """{product id: [{"session","name","sku","flash_price","quantity","left","starts_at","ends_at","live"}]}, one
    query a page and one Redis round trip: `left` is what the gate has left to win (held units are not left); for
    an item the gate does not hold, or without Redis, the units no order bought yet."""
    rows = list(
        FlashItem.objects.filter(
            sku__spu_id__in=[product.id for product in products],
            session__status=SessionStatus.PUBLISHED,
            session__ends_at__gt=now,
        )
        .order_by("session__starts_at", "id")
        .values_list(
            "sku__spu_id",
            "sku_id",
            "flash_price",
            "quantity",
            "sold",
            "returned",
            "session_id",
            "session__name",
            "session__starts_at",
            "session__ends_at",
        )
    )
    left: dict[tuple[int, int], int] = {}
    if rows:
        with contextlib.suppress(RedisError):
            left = gate.units_left([(row[6], row[1]) for row in rows])
    moment = IsoDateTimeField()
    flash: dict[int, list] = defaultdict(list)
    for spu_id, sku_id, price, quantity, sold, returned, session_id, name, starts_at, ends_at in rows:
        flash[spu_id].append(
            {
                "session": session_id,
                "name": name,
                "sku": sku_id,
                "flash_price": money_text(price),
                "quantity": quantity,
                "left": left.get((session_id, sku_id), quantity - sold - returned),
                "starts_at": moment.to_representation(starts_at),
                "ends_at": moment.to_representation(ends_at),
                "live": starts_at <= now,
            }
        )
    return dict(flash)
