"""What group-buy tests share: a live campaign on a phone SKU (price 5999.00)."""

from datetime import timedelta
from decimal import Decimal

from django.test import TestCase
from django.utils import timezone

from groupbuys.models import Group
from groupbuys.services import CampaignInput, campaign_create
from orders.models import StoreOrder
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.factories import OperatorFactory
from tests.orders.helpers import address_of, pay, sku_of, submit


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


def buy(user, sku, play: str, *, expected: str = "3999.00", quantity: int = 1):
    """`user` checks out one line of `sku` through `play` ("group_open:<campaign>", "group_join:<group>") through
    the API; the response."""
    if not user.addresses.exists():
        address_of(user)
    return submit(
        client_for(user),
        [(sku, quantity)],
        address=user.addresses.first().pk,
        expected=expected,
        play=play,
    )


def order_of(response) -> StoreOrder:
    assert response.status_code == 201, response.json()
    [placed] = response.json()["orders"]
    return StoreOrder.objects.get(order_no=placed["order_no"])


def pay_order(order: StoreOrder) -> StoreOrder:
    with TestCase.captureOnCommitCallbacks(execute=True):
        pay(client_for(order.user), order.trade.trade_no)
    order.refresh_from_db()
    return order


def open_and_pay(user, campaign, sku, *, expected: str = "3999.00") -> Group:
    """`user` opens a group of `campaign` and pays: the group is open."""
    order = pay_order(order_of(buy(user, sku, f"group_open:{campaign.pk}", expected=expected)))
    return Group.objects.get(members__order=order)
