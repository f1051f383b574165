"""The group buy's part of product responses (catalog.storefront_extras, field `group_buy`): a product's live
campaigns with their group price, size and end, which the product page shows as a badge counting down."""

from collections import defaultdict
from datetime import datetime

from groupbuys.models import Campaign, CampaignStatus
from marketplace.amounts import money_text
from marketplace.api.serializers import IsoDateTimeField


def product_group_buys(products, now: datetime) -> dict[int, list]:
    """{product id: [{"campaign","name","sku","group_price","group_size","ends_at"}]}, one query a page."""
    rows = (
        Campaign.objects.filter(
            sku__spu_id__in=[product.id for product in products],
            status=CampaignStatus.ACTIVE,
            starts_at__lte=now,
            ends_at__gt=now,
        )
        .order_by("ends_at", "id")
        .values_list("sku__spu_id", "pk", "name", "sku_id", "group_price", "group_size", "ends_at")
    )
    moment = IsoDateTimeField()
    deals: dict[int, list] = defaultdict(list)
    for spu_id, campaign_id, name, sku_id, price, size, ends_at in rows:
        deals[spu_id].append(
            {
                "campaign": campaign_id,
                "name": name,
                "sku": sku_id,
                "group_price": money_text(price),
                "group_size": size,
                "ends_at": moment.to_representation(ends_at),
            }
        )
    return dict(deals)
