"""The presale center's part of product responses (catalog.storefront_extras): a product's published presales
whose deposit window is open or to come, with the deposit, what it counts for and the window, which the page
counts down to."""

from collections import defaultdict
from datetime import datetime

from marketplace.amounts import money_text
from marketplace.api.serializers import IsoDateTimeField
from presales.models import Presale, PresaleStatus


def product_presale(products, now: datetime) -> dict[int, list]:
    """{product id: [{"presale","name","sku","deposit","counted","starts_at","ends_at","live"}]}, one query a page."""
    rows = (
        Presale.objects.filter(
            sku__spu_id__in=[product.id for product in products],
            status=PresaleStatus.PUBLISHED,
            deposit_ends_at__gt=now,
        )
        .order_by("deposit_starts_at", "id")
        .values_list(
            "sku__spu_id", "sku_id", "id", "name", "deposit", "counted", "deposit_starts_at", "deposit_ends_at"
        )
    )
    moment = IsoDateTimeField()
    presales: dict[int, list] = defaultdict(list)
    for spu_id, sku_id, presale_id, name, deposit, counted, starts_at, ends_at in rows:
        presales[spu_id].append(
            {
                "presale": presale_id,
                "name": name,
                "sku": sku_id,
                "deposit": money_text(deposit),
                "counted": money_text(counted),
                "starts_at": moment.to_representation(starts_at),
                "ends_at": moment.to_representation(ends_at),
                "live": starts_at <= now,
            }
        )
    return dict(presales)
