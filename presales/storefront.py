"""The presale center's part of product responses (catalog.storefront_extras, field `presale`): a product's published
presales whose deposit window is open or to come, with the deposit, what it counts for, both windows, the limit per
member and the checkout's play choice, which the page counts down to. Read with the other plays' rows in one
statement (`register_rows`)."""

from datetime import datetime

from django.db.models import F
from django.urls import reverse

from catalog.storefront_extras import RowsData
from marketplace.amounts import money_text
from marketplace.api.serializers import IsoDateTimeField
from presales.models import Presale, PresaleStatus
from presales.plays import DepositPlay


def presale_rows(product_ids, now: datetime):
    """The presales of the products taking deposits now or soon, the soonest to open first."""
    return Presale.objects.filter(
        sku__spu_id__in=product_ids, status=PresaleStatus.PUBLISHED, deposit_ends_at__gt=now
    ).annotate(
        spu=F("sku__spu_id"),
        sort=F("deposit_starts_at"),
        tie=F("pk"),
        data=RowsData(
            presale="pk",
            name="name",
            sku="sku_id",
            deposit="deposit",
            counted="counted",
            limit="per_member_limit",
            starts_at="deposit_starts_at",
            ends_at="deposit_ends_at",
            balance_starts_at="balance_starts_at",
            balance_ends_at="balance_ends_at",
        ),
    )


def presale_shape(data: dict, now: datetime) -> dict:
    """{"presale","name","sku","deposit","counted","per_member_limit","starts_at","ends_at","balance_starts_at",
    "balance_ends_at","live","play","url"}: `starts_at` / `ends_at` the deposit window; `play` what checkout takes
    to pay the deposit (buy-now's `play`)."""
    moment = IsoDateTimeField()
    times = {
        key: datetime.fromisoformat(data[key])
        for key in ("starts_at", "ends_at", "balance_starts_at", "balance_ends_at")
    }
    return {
        "presale": data["presale"],
        "name": data["name"],
        "sku": data["sku"],
        "deposit": money_text(data["deposit"]),
        "counted": money_text(data["counted"]),
        "per_member_limit": data["limit"],
        **{key: moment.to_representation(value) for key, value in times.items()},
        "live": times["starts_at"] <= now,
        "play": f"{DepositPlay.kind}:{data['presale']}",
        "url": reverse("storefront-presale", args=[data["presale"]]),
    }
