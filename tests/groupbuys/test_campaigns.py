"""Setting a group buy up: the rules in one place (service, API, seller page, admin form), a store's own SKUs only,
and stopping one."""

from datetime import timedelta
from decimal import Decimal

import pytest

from groupbuys.exceptions import InvalidInput, InvalidTransition
from groupbuys.models import Campaign, CampaignStatus, Event, EventType
from groupbuys.services import campaign_create, campaign_stop
from tests.catalog.factories import PhoneCatalog
from tests.factories import StoreFactory, UserFactory
from tests.groupbuys.helpers import campaign_input, live_campaign
from tests.orders.helpers import sku_of

pytestmark = pytest.mark.django_db


def test_a_store_creates_a_campaign_for_its_own_sku_with_its_event(store):
    campaign, sku = live_campaign(store, opener_price=Decimal("3899.00"), group_size=3, hours=12)

    assert (campaign.store_id, campaign.sku_id, campaign.group_price, campaign.opener_price) == (
        store.pk,
        sku.pk,
        Decimal("3999.00"),
        Decimal("3899.00"),
    )
    assert (campaign.group_size, campaign.hours, campaign.status) == (3, 12, CampaignStatus.ACTIVE)
    assert not campaign.platform_funded and not campaign.simulated_fill  # 凑团 is off unless asked for
    assert list(Event.objects.values_list("type", flat=True)) == [EventType.CAMPAIGN_CREATED]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"group_price": Decimal("5999.00")}, "group_price"),  # not below the SKU's price
        ({"opener_price": Decimal("4000.00")}, "opener_price"),  # above the group price
        ({"group_size": 1}, "group_size"),
        ({"hours": 0}, "hours"),
        ({"hours": 73}, "hours"),
        ({"per_member_limit": 0}, "per_member_limit"),
    ],
)
def test_a_campaign_breaking_a_rule_is_refused_naming_its_field(store, overrides, field):
    sku = sku_of(PhoneCatalog().phone(store))
    with pytest.raises(InvalidInput) as refused:
        campaign_create(store=store, by=UserFactory(), data=campaign_input(sku.pk, **overrides))
    assert list(refused.value.fields) == [field]
    assert not Campaign.objects.exists()


def test_a_campaign_ending_before_it_starts_is_refused(store):
    sku = sku_of(PhoneCatalog().phone(store))
    data = campaign_input(sku.pk)
    data = campaign_input(sku.pk, ends_at=data.starts_at - timedelta(hours=1))
    with pytest.raises(InvalidInput) as refused:
        campaign_create(store=store, by=UserFactory(), data=data)
    assert list(refused.value.fields) == ["ends_at"]


def test_a_store_may_not_use_another_stores_sku_but_an_operator_may(store):
    foreign = sku_of(PhoneCatalog().phone(StoreFactory()))
    with pytest.raises(InvalidInput) as refused:
        campaign_create(store=store, by=UserFactory(), data=campaign_input(foreign.pk))
    assert list(refused.value.fields) == ["sku"]

    platform = campaign_create(store=None, by=UserFactory(), data=campaign_input(foreign.pk))
    assert platform.platform_funded


def test_a_stopped_campaign_stops_once(store):
    campaign, _sku = live_campaign(store)
    by = UserFactory()
    campaign_stop(campaign=campaign, by=by)
    with pytest.raises(InvalidTransition):
        campaign_stop(campaign=campaign, by=by)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.STOPPED
    assert Event.objects.filter(type=EventType.CAMPAIGN_STOPPED).count() == 1
