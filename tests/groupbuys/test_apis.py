"""The group-buy API: the live campaigns, a group's public view, and the seller's campaigns."""

from datetime import timedelta

import pytest
from django.utils import timezone

from groupbuys.models import Campaign, CampaignStatus, Group, GroupStatus
from tests.catalog.factories import PhoneCatalog
from tests.conftest import english_client
from tests.factories import StoreFactory
from tests.groupbuys.helpers import live_campaign
from tests.orders.helpers import sku_of

pytestmark = pytest.mark.django_db


def body(sku_id: int, **overrides) -> dict:
    now = timezone.now()
    return {
        "name": "三人团",
        "sku": sku_id,
        "group_price": "3999.00",
        "opener_price": "3899.00",
        "group_size": 3,
        "hours": 24,
        "starts_at": (now - timedelta(minutes=1)).isoformat(),
        "ends_at": (now + timedelta(days=3)).isoformat(),
        **overrides,
    }


def test_the_storefront_lists_live_campaigns_only(store):
    catalog = PhoneCatalog()
    live, sku = live_campaign(store, catalog=catalog)
    live_campaign(store, catalog=catalog, starts_at=timezone.now() + timedelta(days=1))
    stopped, _ = live_campaign(store, catalog=catalog)
    Campaign.objects.filter(pk=stopped.pk).update(status=CampaignStatus.STOPPED)

    response = english_client().get("/api/v1/group-buys/")

    assert response.status_code == 200
    [row] = response.json()["results"]
    assert (row["id"], row["sku"], row["price"], row["group_price"], row["group_size"], row["funded_by"]) == (
        live.pk,
        sku.pk,
        "5999.00",
        "3999.00",
        2,
        "store",
    )


def test_a_groups_public_view_shows_places_left_and_no_forming_group(store, shopper):
    campaign, _sku = live_campaign(store)
    now = timezone.now()
    group = Group.objects.create(
        campaign=campaign, opener=shopper, size=2, status=GroupStatus.OPEN, opened_at=now, expires_at=now
    )
    forming = Group.objects.create(campaign=campaign, opener=shopper, size=2)

    response = english_client().get(f"/api/v1/groups/{group.pk}/")
    assert response.status_code == 200
    assert (response.json()["places_left"], response.json()["members"]) == (2, [])
    assert english_client().get(f"/api/v1/groups/{forming.pk}/").json()["code"] == "not_found"


def test_a_manager_creates_a_campaign_and_a_clerk_reads_it(owner_api, clerk_api, store):
    sku = sku_of(PhoneCatalog().phone(store))

    created = owner_api.post("/api/v1/seller/group-buys/", body(sku.pk), format="json")

    assert created.status_code == 201, created.json()
    assert (created.json()["opener_price"], created.json()["simulated_fill"]) == ("3899.00", False)
    assert clerk_api.post("/api/v1/seller/group-buys/", body(sku.pk), format="json").status_code == 403
    [row] = clerk_api.get("/api/v1/seller/group-buys/").json()["results"]
    assert row["id"] == created.json()["id"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"group_price": "6000.00"}, "group_price"), ({"group_size": 1}, "group_size"), ({"unknown": 1}, "unknown")],
)
def test_a_bad_campaign_is_a_400_naming_the_field(owner_api, store, overrides, field):
    sku = sku_of(PhoneCatalog().phone(store))
    response = owner_api.post("/api/v1/seller/group-buys/", body(sku.pk, **overrides), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert field in response.json()["fields"]


def test_another_stores_sku_or_campaign_is_not_the_sellers(owner_api, store):
    catalog = PhoneCatalog()
    foreign_sku = sku_of(catalog.phone(StoreFactory()))
    refused = owner_api.post("/api/v1/seller/group-buys/", body(foreign_sku.pk), format="json")
    assert (refused.status_code, list(refused.json()["fields"])) == (400, ["sku"])

    foreign, _ = live_campaign(StoreFactory(), catalog=catalog)
    assert owner_api.post(f"/api/v1/seller/group-buys/{foreign.pk}/stop/").status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == CampaignStatus.ACTIVE


def test_stopping_twice_is_an_invalid_transition(owner_api, store):
    campaign, _sku = live_campaign(store)
    assert owner_api.post(f"/api/v1/seller/group-buys/{campaign.pk}/stop/").json()["status"] == "stopped"
    again = owner_api.post(f"/api/v1/seller/group-buys/{campaign.pk}/stop/")
    assert (again.status_code, again.json()["code"]) == (409, "invalid_transition")
