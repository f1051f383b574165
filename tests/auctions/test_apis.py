"""The auction API and pages: the storefront's list and detail, deposit through the gateway, bids with their
error codes, and the seller's auctions (own SKUs only, managers write, clerks read, another store's is 404)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from auctions.models import Auction, AuctionStatus, Deposit
from tests.auctions.helpers import deposit_paid, running_auction
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for, english_client
from tests.factories import StoreFactory, UserFactory
from tests.orders.helpers import available, callback, sku_of

pytestmark = pytest.mark.django_db


def test_the_storefront_lists_running_auctions(store):
    auction = running_auction(store, starting="1000.00")
    body = english_client().get("/api/v1/auctions/").json()
    assert [(row["id"], row["starting_price"], row["next_minimum"]) for row in body["results"]] == [
        (auction.pk, "1000.00", "1000.00")
    ]


def test_a_member_pays_the_deposit_through_the_gateway_then_bids(store):
    auction = running_auction(store, deposit="200.00", starting="1000.00", increment="100.00")
    member = UserFactory()
    api = client_for(member)
    refused = api.post(f"/api/v1/auctions/{auction.pk}/bids/", {"amount": "1000.00"}, format="json")
    assert (refused.status_code, refused.json()["code"]) == (409, "auction_deposit_required")

    payment = api.post(f"/api/v1/auctions/{auction.pk}/deposit/", {"method": "alipay"}, format="json").json()
    assert (payment["amount"], payment["orders"]) == ("200.00", [])
    assert payment["pay_url"].endswith(f"/pay/simulated/{payment['payment_no']}/")
    assert callback(api, payment["payment_no"], payment["amount"]).status_code == 200

    placed = api.post(f"/api/v1/auctions/{auction.pk}/bids/", {"amount": "1000.00"}, format="json")
    assert placed.status_code == 201, placed.json()
    low = api.post(f"/api/v1/auctions/{auction.pk}/bids/", {"amount": "1050.00"}, format="json")
    assert (low.status_code, low.json()["code"]) == (409, "auction_bid_too_low")
    detail = api.get(f"/api/v1/auctions/{auction.pk}/").json()
    assert detail["deposit_paid"] is True
    assert (detail["auction"]["current_price"], detail["auction"]["next_minimum"]) == ("1000.00", "1100.00")
    assert detail["bids"] == [
        {"amount": "1000.00", "buyout": False, "created_at": detail["bids"][0]["created_at"], "mine": True}
    ]


def test_a_bid_after_the_end_is_not_live(store):
    auction = running_auction(store, lasts=timedelta(minutes=2))
    member = UserFactory()
    deposit_paid(auction, member)
    Auction.objects.filter(pk=auction.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    response = client_for(member).post(f"/api/v1/auctions/{auction.pk}/bids/", {"amount": "5000"}, format="json")
    assert (response.status_code, response.json()["code"]) == (409, "auction_not_live")


def test_a_draft_is_not_found_on_the_storefront(store, owner_api):
    sku = sku_of(PhoneCatalog().phone(store, stock=1))
    created = owner_api.post("/api/v1/seller/auctions/", seller_body(sku), format="json")
    assert english_client().get(f"/api/v1/auctions/{created.json()['id']}/").status_code == 404


def seller_body(sku, **changes) -> dict:
    starts = timezone.now() + timedelta(hours=1)
    return {
        "name": "限量拍卖",
        "sku": sku.pk,
        "starting_price": "100.00",
        "increment": "10.00",
        "deposit": "50.00",
        "buyout_price": "900.00",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=2)).isoformat(),
        **changes,
    }


def test_a_manager_creates_and_publishes_an_auction_of_the_stores_own_sku(store, owner_api):
    sku = sku_of(PhoneCatalog().phone(store, stock=2))
    created = owner_api.post("/api/v1/seller/auctions/", seller_body(sku), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["status"], body["funded_by"], body["buyout_price"]) == ("draft", "store", "900.00")

    published = owner_api.post(f"/api/v1/seller/auctions/{body['id']}/publish/")
    assert (published.status_code, published.json()["status"]) == (200, "running")
    assert available(sku) == 1
    again = owner_api.post(f"/api/v1/seller/auctions/{body['id']}/publish/")
    assert (again.status_code, again.json()["code"]) == (409, "invalid_transition")


def test_another_stores_sku_is_refused_and_its_auction_not_found(store, owner_api, other_store_owner_api):
    catalog = PhoneCatalog()
    foreign = sku_of(catalog.phone(StoreFactory(), stock=1))
    refused = owner_api.post("/api/v1/seller/auctions/", seller_body(foreign), format="json")
    assert (refused.status_code, refused.json()["code"]) == (400, "validation_error")
    assert "sku" in refused.json()["fields"]

    auction = running_auction(store, sku=sku_of(catalog.phone(store, stock=1, title="另一台手机")))
    assert other_store_owner_api.post(f"/api/v1/seller/auctions/{auction.pk}/publish/").status_code == 404


def test_clerks_read_the_stores_auctions_but_do_not_create(store, clerk_api):
    sku = sku_of(PhoneCatalog().phone(store, stock=2))
    running_auction(store, sku=sku)
    assert clerk_api.get("/api/v1/seller/auctions/").json()["count"] == 1
    assert clerk_api.post("/api/v1/seller/auctions/", seller_body(sku), format="json").status_code == 403


def test_the_auction_page_takes_the_deposit_then_the_bid(store, client):
    auction = running_auction(store, deposit="200.00", starting="1000.00")
    member = UserFactory()
    client.force_login(member)
    page = client.get(f"/auctions/{auction.pk}/")
    assert 'data-testid="deposit-form"' in page.content.decode()

    response = client.post(f"/auctions/{auction.pk}/deposit/", {"method": "alipay"})
    payment_no = Deposit.objects.get().payment_no
    assert response.url == f"/pay/simulated/{payment_no}/"
    gateway_page = client.get(response.url)
    assert gateway_page.status_code == 200 and f"/auctions/{auction.pk}/" in gateway_page.content.decode()
    client.post(response.url)
    assert Deposit.objects.get().status == "paid"

    client.post(f"/auctions/{auction.pk}/bid/", {"amount": "1000.00"})
    page = client.get(f"/auctions/{auction.pk}/").content.decode()
    assert 'data-testid="bid-form"' in page and ('data-testid="current-price">¥1000.00' in page)
    auction.refresh_from_db()
    assert (auction.current_price, auction.leader) == (Decimal("1000.00"), member)


def test_the_auctions_page_lists_the_running_ones(store, client):
    auction = running_auction(store)
    page = client.get("/auctions/").content.decode()
    assert auction.name in page and f"/auctions/{auction.pk}/" in page


def test_the_seller_page_creates_an_auction(store, owner, client):
    sku = sku_of(PhoneCatalog().phone(store, stock=1))
    client.force_login(owner)
    starts = timezone.localtime() + timedelta(hours=1)
    form = {
        "name": "页面拍卖",
        "sku": sku.pk,
        "starting_price": "100.00",
        "increment": "10.00",
        "deposit": "0.00",
        "reserve_price": "",
        "buyout_price": "",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "extend_window_minutes": "5",
        "extend_by_minutes": "5",
        "payment_hours": "24",
        "exclusive": "on",
    }
    response = client.post("/seller/auctions/new/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    auction = Auction.objects.get()
    assert (auction.name, auction.status, auction.reserve_price, auction.exclusive) == (
        "页面拍卖",
        AuctionStatus.DRAFT,
        None,
        True,
    )
    refused = client.post("/seller/auctions/new/", form | {"reserve_price": "50.00"})
    assert refused.status_code == 200 and Auction.objects.count() == 1
