"""The product detail API says what is live for the product beside its flash sessions: its group buys (with the
groups a shopper may join), its running auctions (the price, the next bid, the bids so far) and its presales (the
deposit, what it counts for, both windows), each with what checkout takes to act; all three read in one statement,
so the endpoint's query count grows by one whatever is live."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from auctions.services import bid_place
from tests.auctions.helpers import deposit_paid, running_auction
from tests.catalog.factories import PhoneCatalog
from tests.conftest import english_client
from tests.factories import UserFactory
from tests.groupbuys.helpers import live_campaign, open_and_pay
from tests.orders.helpers import sku_of
from tests.presales.helpers import published_presale

pytestmark = pytest.mark.django_db


def detail(spu_id: int) -> dict:
    cache.clear()  # the response cache would answer the first rendering again
    response = english_client().get(f"/api/v1/catalog/products/{spu_id}/")
    assert response.status_code == 200, response.json()
    return response.json()


@pytest.fixture
def plays(store):
    """One phone with everything live: a group buy with an open group (one place left of two), an auction with
    two bids, a presale taking deposits. Another phone of the store with nothing."""
    catalog = PhoneCatalog()
    campaign, sku = live_campaign(store, catalog=catalog, opener_price=Decimal("3899.00"), stock=20)
    group = open_and_pay(UserFactory(), campaign, sku, expected="3899.00")
    auction = running_auction(store, sku=sku, starting="1000.00", increment="100.00", buyout="5000.00")
    for member, amount in ((UserFactory(), "1000.00"), (UserFactory(), "1100.00")):
        deposit_paid(auction, member)
        bid_place(auction_id=auction.pk, user=member, amount=Decimal(amount))
    presale, _ = published_presale(store, sku=sku)
    plain = sku_of(catalog.phone(store, title="无活动手机"))
    return {"sku": sku, "campaign": campaign, "group": group, "auction": auction, "presale": presale, "plain": plain}


def test_the_detail_names_the_live_group_buy_with_its_open_group_and_how_to_join(plays):
    campaign, group = plays["campaign"], plays["group"]
    [offer] = detail(plays["sku"].spu_id)["group_buy"]
    assert offer == {
        "campaign": campaign.pk,
        "name": "两人团",
        "sku": plays["sku"].pk,
        "group_price": "3999.00",
        "opener_price": "3899.00",
        "group_size": 2,
        "hours": 24,
        "ends_at": offer["ends_at"],
        "play": f"group_open:{campaign.pk}",
        "url": f"/group-buys/{campaign.pk}/",
        "open_groups": [
            {
                "group": group.pk,
                "places_left": 1,
                "expires_at": offer["open_groups"][0]["expires_at"],
                "play": f"group_join:{group.pk}",
                "url": f"/groups/{group.pk}/",
            }
        ],
    }
    group.refresh_from_db()
    assert offer["open_groups"][0]["expires_at"] == group.expires_at.isoformat()  # as the database holds it (UTC)


def test_the_detail_names_the_running_auction_its_price_the_next_bid_and_the_deposit(plays):
    auction = plays["auction"]
    [offer] = detail(plays["sku"].spu_id)["auction"]
    assert {key: offer[key] for key in offer if key not in ("starts_at", "ends_at")} == {
        "auction": auction.pk,
        "name": "iPhone 拍卖",
        "sku": plays["sku"].pk,
        "price": "1100.00",
        "next_minimum": "1200.00",
        "bid_count": 2,
        "deposit": "200.00",
        "buyout_price": "5000.00",
        "live": True,
        "url": f"/auctions/{auction.pk}/",
    }


def test_the_detail_names_the_presale_its_deposit_what_it_counts_for_and_both_windows(plays):
    presale = plays["presale"]
    [offer] = detail(plays["sku"].spu_id)["presale"]
    assert (offer["presale"], offer["deposit"], offer["counted"], offer["per_member_limit"]) == (
        presale.pk,
        "100.00",
        "300.00",
        2,
    )
    assert (offer["live"], offer["play"], offer["url"]) == (True, f"presale:{presale.pk}", f"/presale/{presale.pk}/")
    assert (offer["ends_at"], offer["balance_ends_at"]) == (
        presale.deposit_ends_at.isoformat(),
        presale.balance_ends_at.isoformat(),
    )


def test_a_full_group_ended_auction_and_closed_presale_are_not_offered(plays):
    from auctions.models import Auction
    from presales.models import Presale

    Auction.objects.filter(pk=plays["auction"].pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    Presale.objects.filter(pk=plays["presale"].pk).update(deposit_ends_at=timezone.now() - timedelta(seconds=1))
    body = detail(plays["sku"].spu_id)
    assert (body["auction"], body["presale"]) == ([], [])
    assert [offer["campaign"] for offer in body["group_buy"]] == [plays["campaign"].pk]


def test_the_plays_cost_one_query_with_or_without_anything_live(plays, django_assert_num_queries):
    # product; attributes; SKUs with availability; images; promotions; coupons; flash sessions; and one statement
    # for the group buys (their open groups in it), auctions and presales
    cache.clear()
    client = english_client()
    with django_assert_num_queries(8):
        body = client.get(f"/api/v1/catalog/products/{plays['sku'].spu_id}/").json()
    assert [len(body[field]) for field in ("group_buy", "auction", "presale")] == [1, 1, 1]
    with django_assert_num_queries(8):
        body = client.get(f"/api/v1/catalog/products/{plays['plain'].spu_id}/").json()
    assert [body[field] for field in ("group_buy", "auction", "presale")] == [[], [], []]
