from io import StringIO

import pytest
from django.core.management import call_command

from auctions.models import Auction, AuctionStatus, Deposit

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_running_auction_with_bids_on_the_home_page_and_seeding_twice_adds_nothing(
    django_capture_on_commit_callbacks, client
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    auction = Auction.objects.get(status=AuctionStatus.RUNNING)
    assert auction.bid_count == 3 and auction.bids.count() == 3
    assert Deposit.objects.filter(auction=auction, status="paid").count() == 3

    home = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f'href="/auctions/{auction.pk}/"' in home and auction.name in home
    page = client.get(f"/auctions/{auction.pk}/").content.decode()
    assert f"¥{auction.current_price}" in page

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    assert Auction.objects.count() == 1
