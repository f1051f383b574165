"""The group buy's parts of other centers' pages: product responses (catalog.storefront_extras, field `group_buy`:
a product's live campaigns with their group price, size and end, which the product page shows as a badge counting
down, and the groups open to join with their places left and shareable link; read with the other plays' rows in one
statement, `register_rows`), and the link from a group order's page to its group (orders.lifecycle.page_extras)."""

from datetime import datetime

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, OuterRef
from django.db.models.functions import JSONObject
from django.urls import reverse
from django.utils.translation import gettext as _

from catalog.storefront_extras import RowsData
from groupbuys.models import Campaign, CampaignStatus, Member
from groupbuys.plays import GROUP_JOIN, GROUP_OPEN
from groupbuys.selectors import OPEN_GROUPS_SHOWN, joinable_groups
from marketplace.amounts import money_text
from marketplace.api.serializers import IsoDateTimeField
from orders.lifecycle.page_extras import LineLink


def group_buy_rows(product_ids, now: datetime):
    """The live campaigns of the products, soonest to end first, each with its open groups that have a place left
    (the fullest first, at most OPEN_GROUPS_SHOWN), in the same statement."""
    groups = (
        joinable_groups(now=now)
        .filter(campaign=OuterRef("pk"))
        .annotate(left=F("size") - F("taken"))
        .filter(left__gt=0)
        .order_by("left", "expires_at", "id")
        .values(row=JSONObject(group="pk", left="left", expires_at="expires_at"))[:OPEN_GROUPS_SHOWN]
    )
    return Campaign.objects.filter(
        sku__spu_id__in=product_ids, status=CampaignStatus.ACTIVE, starts_at__lte=now, ends_at__gt=now
    ).annotate(
        spu=F("sku__spu_id"),
        sort=F("ends_at"),
        tie=F("pk"),
        data=RowsData(
            campaign="pk",
            name="name",
            sku="sku_id",
            price="group_price",
            opener_price="opener_price",
            size="group_size",
            hours="hours",
            ends_at="ends_at",
            groups=ArraySubquery(groups),
        ),
    )


def group_buy_shape(data: dict, now: datetime) -> dict:
    """{"campaign","name","sku","group_price","opener_price","group_size","hours","ends_at","play","url",
    "open_groups":[{"group","places_left","expires_at","play","url"}]}: `play` what checkout takes to open a group
    (buy-now's `play`), each open group's to join it; `url` the campaign's page, a group's the link to share."""
    moment = IsoDateTimeField()
    opener = data["opener_price"]
    return {
        "campaign": data["campaign"],
        "name": data["name"],
        "sku": data["sku"],
        "group_price": money_text(data["price"]),
        "opener_price": money_text(opener) if opener is not None else None,
        "group_size": data["size"],
        "hours": data["hours"],
        "ends_at": moment.to_representation(datetime.fromisoformat(data["ends_at"])),
        "play": f"{GROUP_OPEN.kind}:{data['campaign']}",
        "url": reverse("storefront-group-buy", args=[data["campaign"]]),
        "open_groups": [
            {
                "group": group["group"],
                "places_left": group["left"],
                "expires_at": moment.to_representation(datetime.fromisoformat(group["expires_at"])),
                "play": f"{GROUP_JOIN.kind}:{group['group']}",
                "url": reverse("storefront-group", args=[group["group"]]),
            }
            for group in data["groups"] or []
        ],
    }


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
