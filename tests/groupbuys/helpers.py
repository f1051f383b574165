"""What group-buy tests share: a live campaign on a phone SKU (price 5999.00)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from groupbuys.services import CampaignInput, campaign_create
from tests.catalog.factories import PhoneCatalog
from tests.factories import OperatorFactory
from tests.orders.helpers import sku_of


def campaign_input(sku_id: int, **overrides) -> CampaignInput:
    now = timezone.now()
    values = {
        "name": "两人团",
        "sku_id": sku_id,
        "group_price": Decimal("3999.00"),
        "group_size": 2,
        "hours": 24,
        "starts_at": now - timedelta(minutes=1),
        "ends_at": now + timedelta(days=7),
    }
    return CampaignInput(**{**values, **overrides})


def live_campaign(store, *, stock: int = 10, platform: bool = False, catalog: PhoneCatalog | None = None, **overrides):
    """A live campaign of one phone SKU with `stock` units (of `catalog`, a new one by default); (campaign, sku)."""
    sku = sku_of((catalog or PhoneCatalog()).phone(store, stock=stock))
    campaign = campaign_create(
        store=None if platform else store, by=OperatorFactory(), data=campaign_input(sku.pk, **overrides)
    )
    return campaign, sku
