"""Issue 14 item 7 in Chromium: bob has opened a two-member group and paid; alice finds it from the home page,
joins through the group's page, pays on the simulated gateway, and sees the group complete and her order waiting to
ship."""

import re

import pytest

from groupbuys.models import Group, GroupStatus
from orders.models import OrderStatus, StoreOrder
from tests.e2e.conftest import screenshot
from tests.factories import StoreFactory, UserFactory
from tests.groupbuys.helpers import live_campaign, open_and_pay
from tests.orders.helpers import address_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def group():
    campaign, sku = live_campaign(StoreFactory(name="华强数码"), name="数码两人团")
    group = open_and_pay(UserFactory(username="bob_e2e", first_name="博", last_name="王"), campaign, sku)
    shopper = UserFactory(username="alice_e2e")
    shopper.set_password("alice-e2e-pass-2026")
    shopper.save()
    address_of(shopper)
    return {"campaign": campaign, "sku": sku, "group": group, "shopper": shopper}


def test_a_member_joins_a_group_pays_and_the_group_completes(page, group):
    page.goto(page.base_url + "/accounts/login/?next=/")
    page.get_by_label("用户名").fill("alice_e2e")
    page.get_by_label("密码").fill("alice-e2e-pass-2026")
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_url(page.base_url + "/")

    page.get_by_test_id("home-group-buy-link").click()
    page.wait_for_url("**/group-buys/")
    page.get_by_test_id("group-buy-campaign").get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/group-buys/\d+/$"))
    page.get_by_test_id("group-buy-group").get_by_role("link").click()
    page.wait_for_url(f"**/groups/{group['group'].pk}/")
    members = page.get_by_test_id("group-members").inner_text()
    assert "王**" in members or "博**" in members  # bob, masked
    page.wait_for_function("document.querySelector('[data-testid=group-status] .countdown').textContent.length > 0")
    screenshot(page, "group-buy-group")

    page.get_by_test_id("group-join").click()
    page.wait_for_url(re.compile(r"/checkout/\?.*play=group_join"))
    assert page.get_by_test_id("payable").inner_text() == "¥3999.00"
    page.locator("#submit-order").click()
    page.wait_for_url(re.compile(r"/cashier/T\d+/$"))
    assert page.get_by_test_id("cashier-amount").inner_text() == "¥3999.00"
    page.locator("#pay").click()
    page.wait_for_url(re.compile(r"/pay/simulated/P\d+/$"))
    page.locator("main").get_by_role("button", name=re.compile("3999.00")).click()
    page.get_by_test_id("paid").wait_for()

    page.goto(page.base_url + f"/groups/{group['group'].pk}/")
    assert "succeeded" in page.get_by_test_id("group-status").get_attribute("data-status")
    page.get_by_test_id("group-my-order").click()
    page.wait_for_url(re.compile(r"/orders/S\d+/$"))
    assert page.get_by_test_id("order-group-link").get_attribute("href") == f"/groups/{group['group'].pk}/"
    screenshot(page, "group-buy-order")

    group["group"].refresh_from_db()
    assert group["group"].status == GroupStatus.SUCCEEDED
    [order] = StoreOrder.objects.filter(user=group["shopper"])
    assert (order.status, order.shipping_held, order.payable) == (OrderStatus.PAID, False, 3999)
    assert not Group.objects.exclude(pk=group["group"].pk).exists()
