"""Operators' group buys in the admin: created through the service (platform funded, its event), the service's
rules on the form, stopped from the list."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from groupbuys.models import Campaign, CampaignStatus, Event, EventType
from tests.catalog.factories import PhoneCatalog
from tests.factories import StoreFactory
from tests.groupbuys.helpers import live_campaign
from tests.orders.helpers import sku_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(operator):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(operator)
    return client


def form(sku_id: int, **overrides) -> dict:
    now = timezone.localtime()
    return {
        "name": "平台两人团",
        "sku": sku_id,
        "group_price": "3999.00",
        "group_size": "2",
        "hours": "24",
        "per_member_limit": "1",
        "starts_at_0": now.strftime("%Y-%m-%d"),
        "starts_at_1": now.strftime("%H:%M:%S"),
        "ends_at_0": (now + timedelta(days=3)).strftime("%Y-%m-%d"),
        "ends_at_1": now.strftime("%H:%M:%S"),
        "exclusive": "on",
        **overrides,
    }


def test_an_operator_creates_a_platform_campaign_on_any_stores_sku(admin_client):
    sku = sku_of(PhoneCatalog().phone(StoreFactory()))

    refused = admin_client.post("/admin/groupbuys/campaign/add/", form(sku.pk, group_price="6000.00"))
    assert refused.status_code == 200 and "A group price is below the SKU" in refused.content.decode()
    assert not Campaign.objects.exists()

    created = admin_client.post("/admin/groupbuys/campaign/add/", form(sku.pk))
    assert created.status_code == 302
    campaign = Campaign.objects.get()
    assert (campaign.store, campaign.sku_id, campaign.platform_funded) == (None, sku.pk, True)
    assert Event.objects.get().type == EventType.CAMPAIGN_CREATED


def test_the_stop_action_stops_the_chosen_campaigns(admin_client, store):
    campaign, _sku = live_campaign(store)

    response = admin_client.post(
        "/admin/groupbuys/campaign/", {"action": "stop", "_selected_action": [campaign.pk]}, follow=True
    )

    assert response.status_code == 200
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.STOPPED
