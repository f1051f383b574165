"""The shopper's own plays: "my groups", "my auctions" (bids and deposits) and "my presale deposits", as pages under
/me/ and as APIs under /api/v1/me/: only the asker's rows (another member's id is not found), each in a number of
queries that does not grow with the page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from auctions.models import Auction
from auctions.services import auction_close, bid_place
from tests.auctions.helpers import deposit_paid, running_auction
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.groupbuys.helpers import buy, live_campaign, open_and_pay, order_of
from tests.presales.helpers import move_to, pay_deposit, published_presale
from tests.settlement.test_finance_pages import browser

pytestmark = pytest.mark.django_db


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_my_groups_say_state_places_left_and_the_link_to_share(store):
    catalog = PhoneCatalog()
    campaign, sku = live_campaign(store, catalog=catalog, group_size=3)
    alice, bob = UserFactory(), UserFactory()
    group = open_and_pay(alice, campaign, sku)
    order_of(buy(bob, sku, f"group_join:{group.pk}"))  # placed, not paid: holds a place
    mine = client_for(alice).get("/api/v1/me/groups/").json()

    [place] = mine["results"]
    assert (place["group"], place["is_opener"], place["status"], place["group_status"]) == (
        group.pk,
        True,
        "paid",
        "open",
    )
    assert (place["group_size"], place["places_left"], place["group_price"]) == (3, 1, "3999.00")
    assert place["share_url"] == f"http://testserver/groups/{group.pk}/"
    assert client_for(bob).get(f"/api/v1/me/groups/{place['id']}/").json()["code"] == "not_found"
    [bobs] = client_for(bob).get("/api/v1/me/groups/").json()["results"]
    assert (bobs["is_opener"], bobs["status"], bobs["places_left"]) == (False, "pending", 1)
    page = browser(alice).get("/me/groups/").content.decode()
    assert f'href="/groups/{group.pk}/" data-testid="share-link"' in page


def test_my_auctions_say_my_highest_bid_the_outcome_and_the_deposit(store):
    auction = running_auction(store, deposit="200.00", starting="1000.00", increment="100.00")
    alice, bob, carol = UserFactory(), UserFactory(), UserFactory()
    for member, amount in ((alice, "1000.00"), (bob, "1100.00"), (alice, "1200.00")):
        if member.pk not in auction.deposits.values_list("user_id", flat=True):
            deposit_paid(auction, member)
        bid_place(auction_id=auction.pk, user=member, amount=Decimal(amount))
    deposit_paid(auction, carol)  # a deposit, no bid

    running = {
        member.username: client_for(member).get(f"/api/v1/me/auctions/{auction.pk}/").json()
        for member in (alice, bob, carol)
    }
    assert [(row["outcome"], row["my_highest_bid"], row["deposit_status"]) for row in running.values()] == [
        ("leading", "1200.00", "paid"),
        ("outbid", "1100.00", "paid"),
        ("no_bid", None, "paid"),
    ]
    auction.refresh_from_db()
    auction_close(auction_id=auction.pk, now=auction.ends_at + timedelta(seconds=1))
    Auction.objects.filter(pk=auction.pk).update(pay_by=timezone.now() + timedelta(hours=1))
    won = client_for(alice).get("/api/v1/me/auctions/").json()["results"][0]
    lost = client_for(bob).get("/api/v1/me/auctions/").json()["results"][0]
    assert (won["outcome"], won["price"], won["deposit"], won["deposit_status"]) == ("won", "1200.00", "200.00", "paid")
    assert won["pay_url"] == f"/checkout/?buy=1&sku={auction.sku_id}&quantity=1&play=auction%3A{auction.pk}"
    assert (lost["outcome"], lost["deposit_status"], lost["pay_url"]) == ("lost", "refunded", None)
    stranger = client_for(UserFactory())
    assert stranger.get(f"/api/v1/me/auctions/{auction.pk}/").json()["code"] == "not_found"
    assert stranger.get("/api/v1/me/auctions/").json()["count"] == 0
    page = browser(alice).get("/me/auctions/").content.decode()
    assert 'data-outcome="won"' in page and 'data-testid="pay-won"' in page


def test_my_presale_deposits_say_what_was_paid_and_open_the_balance_in_its_window(store):
    presale, sku = published_presale(store)
    alice = UserFactory()
    deposit = pay_deposit(alice, presale, sku, quantity=2)

    waiting = client_for(alice).get(f"/api/v1/me/presale-deposits/{deposit.pk}/").json()
    assert (waiting["deposit_paid"], waiting["counts_for"], waiting["status"]) == ("200.00", "600.00", "paid")
    assert (waiting["balance_open"], waiting["balance_url"]) == (False, None)
    move_to(presale, "balance")
    due = client_for(alice).get("/api/v1/me/presale-deposits/").json()["results"][0]
    assert due["balance_open"] is True
    assert due["balance_url"].endswith(f"play=presale_balance%3A{deposit.pk}")
    assert client_for(UserFactory()).get(f"/api/v1/me/presale-deposits/{deposit.pk}/").status_code == 404
    page = browser(alice).get("/me/presale-deposits/").content.decode()
    assert 'data-testid="pay-balance"' in page and "¥600.00" in page


def test_each_list_costs_the_same_queries_for_one_row_and_for_three(store):
    catalog, alice = PhoneCatalog(), UserFactory()
    client = client_for(alice)
    paths = ("/api/v1/me/groups/", "/api/v1/me/auctions/", "/api/v1/me/presale-deposits/")
    pages = ("/me/groups/", "/me/auctions/", "/me/presale-deposits/")

    def one_more_of_each():
        campaign, sku = live_campaign(store, catalog=catalog)
        open_and_pay(alice, campaign, sku)
        auction = running_auction(store, sku=sku)
        deposit_paid(auction, alice)
        bid_place(auction_id=auction.pk, user=alice, amount=Decimal("1000.00"))
        presale, _ = published_presale(store, sku=sku)
        pay_deposit(alice, presale, sku)

    one_more_of_each()
    pager = browser(alice)
    with_one = [queries(client, path) for path in paths] + [queries(pager, path) for path in pages]
    one_more_of_each()
    one_more_of_each()
    assert [client.get(path).json()["count"] for path in paths] == [3, 3, 3]
    assert [queries(client, path) for path in paths] + [queries(pager, path) for path in pages] == with_one
