"""The group buy's parts of other centers' pages: product responses (catalog.storefront_extras, field `group_buy`:
a product's live campaigns with their group price, size and end, which the product page shows as a badge counting
down), and the link from a group order's page to its group (orders.lifecycle.page_extras)."""

from collections import defaultdict
from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from groupbuys.models import Campaign, CampaignStatus, Member
from groupbuys.plays import GROUP_JOIN, GROUP_OPEN
from marketplace.amounts import money_text
from marketplace.api.serializers import IsoDateTimeField
from orders.lifecycle.page_extras import LineLink


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


def order_line_links(order, lines) -> dict:
    """The shopper's order page (orders.lifecycle.page_extras): a group order's line links to its group's page. No
    query for other orders."""
    if order.play_kind not in (GROUP_OPEN.kind, GROUP_JOIN.kind) or not lines:
        return {}
    group_id = Member.objects.filter(order_id=order.pk).values_list("group_id", flat=True).first()
    if group_id is None:
        return {}
    link = LineLink(label=_("My group"), url=reverse("storefront-group", args=[group_id]), testid="order-group-link")
    return {line.pk: link for line in lines}
