"""The group buy's pages: the storefront's list, a campaign with its groups, a group's shareable page (names masked,
places and time left, the join link), the product page's badge, the home page's section; the seller's list, the new
campaign form (the API's rules, errors next to their field) and stop."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from groupbuys.models import Campaign, CampaignStatus, Group, GroupStatus
from stores.models import StaffRole
from tests.catalog.factories import PhoneCatalog
from tests.factories import MembershipFactory, StoreFactory, UserFactory
from tests.groupbuys.helpers import live_campaign
from tests.orders.helpers import sku_of
from tests.stores.seller import field_error, html, seller_client

pytestmark = pytest.mark.django_db


def english() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def open_group(campaign, opener, *, hours: int = 24) -> Group:
    now = timezone.now()
    return Group.objects.create(
        campaign=campaign,
        opener=opener,
        size=campaign.group_size,
        status=GroupStatus.OPEN,
        opened_at=now,
        expires_at=now + timedelta(hours=hours),
    )


def test_the_storefront_shows_a_live_campaign_with_its_groups_and_the_open_link(store):
    campaign, _sku = live_campaign(store, group_size=3)
    group = open_group(campaign, UserFactory())

    listing = html(english().get("/group-buys/"))
    page = html(english().get(f"/group-buys/{campaign.pk}/"))

    assert "¥3999.00" in listing and "3-member group" in listing
    assert f"play=group_open%3A{campaign.pk}" in page  # "Open a group" goes to checkout with the play
    assert f'href="/groups/{group.pk}/"' in page and "3 places left" in page


def test_a_groups_page_masks_members_and_offers_the_join_link_to_others_only(store):
    campaign, sku = live_campaign(store)
    opener = UserFactory(username="zhangsan", first_name="三", last_name="张")
    group = open_group(campaign, opener)

    page = html(english().get(f"/groups/{group.pk}/"))

    assert "2 places left" in page and 'data-ends-at="' in page
    assert f"/checkout/?buy=1&amp;sku={sku.pk}&amp;quantity=1&amp;play=group_join%3A{group.pk}" in page
    assert "zhangsan" not in page


def test_a_forming_or_unknown_group_is_not_found(store):
    campaign, _sku = live_campaign(store)
    forming = Group.objects.create(campaign=campaign, opener=UserFactory(), size=2)
    assert english().get(f"/groups/{forming.pk}/").status_code == 404
    assert english().get("/groups/999999/").status_code == 404
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.STOPPED)
    assert english().get(f"/group-buys/{campaign.pk}/").status_code == 404


def test_the_product_page_and_the_home_page_show_the_group_buy(store):
    campaign, sku = live_campaign(store)

    product = html(english().get(f"/products/{sku.spu_id}/"))
    home = html(english().get("/"))

    assert 'data-testid="group-buy-badge"' in product and "¥3999.00" in product
    assert f'href="/group-buys/{campaign.pk}/"' in home and 'data-testid="home-group-buy-link"' in home


def test_a_manager_creates_a_campaign_from_the_page(owner, store):
    sku = sku_of(PhoneCatalog().phone(store))
    client = seller_client(owner)
    now = timezone.localtime()
    form = {
        "name": "两人团",
        "sku": sku.pk,
        "group_price": "3999.00",
        "group_size": "2",
        "hours": "24",
        "per_member_limit": "1",
        "starts_at": now.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (now + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        "exclusive": "on",
    }

    refused = client.post("/seller/group-buys/new/", {**form, "group_price": "7000.00"})
    assert field_error(refused, "id_group_price") == ["A group price is below the SKU&#x27;s price."]
    assert not Campaign.objects.exists()

    created = client.post("/seller/group-buys/new/", form)
    assert created.status_code == 302
    campaign = Campaign.objects.get()
    assert (campaign.store_id, campaign.sku_id, str(campaign.group_price), campaign.exclusive) == (
        store.pk,
        sku.pk,
        "3999.00",
        True,
    )
    assert "两人团" in html(client.get("/seller/group-buys/"))


def test_a_clerk_reads_the_list_with_its_groups_without_the_buttons_and_cannot_stop(store):
    campaign, _sku = live_campaign(store)
    open_group(campaign, UserFactory())
    Group.objects.create(campaign=campaign, opener=UserFactory(), size=2, status=GroupStatus.FAILED)
    clerk = MembershipFactory(store=store, role=StaffRole.CLERK).user
    client = seller_client(clerk)

    page = html(client.get("/seller/group-buys/"))

    assert campaign.name in page and "/seller/group-buys/new/" not in page and "/stop/" not in page
    assert '<td class="num" data-testid="seller-group-counts">1 / 0 / 1</td>' in page
    assert client.post(f"/seller/group-buys/{campaign.pk}/stop/").status_code == 403


def test_a_manager_stops_a_campaign_and_not_another_stores(owner, store):
    catalog = PhoneCatalog()
    campaign, _sku = live_campaign(store, catalog=catalog)
    foreign, _sku = live_campaign(StoreFactory(), catalog=catalog)
    client = seller_client(owner)

    assert client.post(f"/seller/group-buys/{campaign.pk}/stop/").status_code == 302
    assert client.post(f"/seller/group-buys/{foreign.pk}/stop/").status_code == 404
    assert list(Campaign.objects.order_by("pk").values_list("status", flat=True)) == ["stopped", "active"]
