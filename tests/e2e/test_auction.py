"""Issue 14 item 7 in Chromium: bid and win. A member finds the running auction from the home page, pays the
deposit on the simulated gateway, bids above another member, the auction closes (the close job, run here), and the
winner checks out at the final price and pays; the losers' deposits go back."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from auctions.models import Auction, AuctionStatus, Deposit, DepositStatus
from auctions.services import auctions_close_due, bid_place
from orders.models import OrderStatus, StoreOrder
from tests.auctions.helpers import deposit_paid, running_auction
from tests.e2e.conftest import screenshot
from tests.factories import StoreFactory, UserFactory
from tests.orders.helpers import address_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def auction():
    auction = running_auction(StoreFactory(name="华强数码"), stock=2, starting="1000.00", increment="100.00")
    rival = UserFactory(username="rival")
    deposit_paid(auction, rival)
    bid_place(auction_id=auction.pk, user=rival, amount=Decimal("1000.00"))
    shopper = UserFactory(username="zhoushi")
    shopper.set_password("zhou-shi-pass-2026")
    shopper.save()
    address_of(shopper)
    return auction


def test_a_member_pays_the_deposit_bids_wins_and_pays_the_final_price(page, auction):
    page.goto(page.base_url + "/accounts/login/?next=/")
    page.get_by_label("用户名").fill("zhoushi")
    page.get_by_label("密码").fill("zhou-shi-pass-2026")
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_url(page.base_url + "/")
    page.get_by_test_id("home-auction").get_by_role("link").click()
    page.wait_for_url(f"**/auctions/{auction.pk}/")
    page.wait_for_function("document.querySelector('.auction-page .countdown').textContent.includes('距结束')")
    assert page.get_by_test_id("current-price").inner_text() == "¥1000.00"

    page.get_by_test_id("deposit-form").locator("button").click()  # the deposit, on the simulated gateway
    page.wait_for_url(re.compile(r"/pay/simulated/P\d+/$"))
    assert page.get_by_test_id("amount").inner_text() == "¥200.00"
    page.locator("main").get_by_role("button", name=re.compile("200.00")).click()
    page.get_by_test_id("paid").wait_for()
    page.get_by_test_id("back").click()
    page.wait_for_url(f"**/auctions/{auction.pk}/")

    page.get_by_test_id("bid-form").locator('input[name="amount"]').fill("1100.00")
    page.get_by_test_id("bid-form").locator("button").click()
    page.wait_for_url(f"**/auctions/{auction.pk}/")
    assert page.get_by_test_id("current-price").inner_text() == "¥1100.00"
    screenshot(page, "auction-bid")

    ends_at = Auction.objects.get(pk=auction.pk).ends_at
    assert auctions_close_due(now=ends_at + timedelta(seconds=1)) == 1  # the close job, at the end
    Auction.objects.filter(pk=auction.pk).update(pay_by=timezone.now() + timedelta(hours=24))
    page.reload()
    assert "¥1100.00" in page.get_by_test_id("won").inner_text()
    page.get_by_test_id("buy-won").click()
    page.wait_for_url(re.compile(r"/checkout/\?.*play=auction"))
    assert page.get_by_test_id("payable").inner_text() == "¥1100.00"
    screenshot(page, "auction-checkout")
    page.locator("#submit-order").click()
    page.wait_for_url(re.compile(r"/cashier/T\d+/$"))
    assert page.get_by_test_id("cashier-amount").inner_text() == "¥1100.00"
    page.locator("#pay").click()
    page.wait_for_url(re.compile(r"/pay/simulated/P\d+/$"))
    page.locator("main").get_by_role("button", name=re.compile("1100.00")).click()
    page.get_by_test_id("paid").wait_for()

    order = StoreOrder.objects.get(user__username="zhoushi")
    assert (order.status, order.payable) == (OrderStatus.PAID, Decimal("1100.00"))
    assert Auction.objects.get(pk=auction.pk).status == AuctionStatus.SOLD
    assert set(Deposit.objects.values_list("user__username", "status")) == {
        ("rival", DepositStatus.REFUNDED),
        ("zhoushi", DepositStatus.REFUNDED),
    }
