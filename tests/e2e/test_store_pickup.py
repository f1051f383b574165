"""A shopper chooses a franchise store on the store finder, buys its listing for pickup and pays; the store's
clerk types the pickup code at the counter and hands the order over (issue 15 items 1 and 2, decision 0037)."""

import re

import pytest

from catalog import selectors
from orders.models import OrderStatus, StoreOrder
from stores.models import StaffRole
from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD, MembershipFactory, UserFactory
from tests.orders.o2o import listed_phone, stock_of

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, username: str, password: str, then: str) -> None:
    page.goto(page.base_url + f"/accounts/login/?next={then}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_url("**" + then)


def test_a_shopper_picks_up_at_the_chosen_store_and_the_clerk_hands_it_over(browser, page, monkeypatch):
    monkeypatch.setattr(selectors, "FACETS_CACHE_SECONDS", 0)
    listed = listed_phone()
    shopper = UserFactory(username="wangwu")
    shopper.set_password("wang-wu-pass-2026")
    shopper.save()
    MembershipFactory(store=listed.franchise, role=StaffRole.CLERK, user__username="clerk_zhao")

    log_in(page, "wangwu", "wang-wu-pass-2026", "/stores/nearby/")
    page.goto(page.base_url + "/stores/nearby/?lat=31.2304&lng=121.4737")
    card = page.locator(f'[data-testid=store-card][data-store="{listed.franchise.pk}"]')
    assert "周一至周日 09:00-21:00" in card.inner_text()
    screenshot(page, "store-finder")
    card.locator("button[type=submit]").click()
    page.wait_for_url(f"**/stores/{listed.franchise.pk}/")

    page.goto(page.base_url + f"/products/{listed.sku.spu_id}/?store={listed.franchise.pk}")
    assert listed.franchise.name in page.get_by_test_id("seller").inner_text()
    for value in ("黑色", "128G"):
        choice = page.locator(f'.spec-value[data-value="{value}"]')
        if choice.get_attribute("aria-pressed") != "true":
            choice.click()
    page.locator("#add-button").click()
    page.locator("#cart-message.ok").wait_for()

    page.goto(page.base_url + "/checkout/")
    page.locator('[data-delivery="pickup"]').click()
    page.get_by_test_id("pickup-at").wait_for()
    assert page.get_by_test_id("payable").inner_text() == "¥5999.00"
    page.locator("#submit-order").click()
    page.wait_for_url(re.compile(r"/cashier/T\d+/$"))
    page.locator("#pay").click()
    page.wait_for_url(re.compile(r"/pay/simulated/P\d+/$"))
    page.locator("main").get_by_role("button", name=re.compile("5999.00")).click()
    page.get_by_test_id("paid").wait_for()
    order = StoreOrder.objects.get(user=shopper)
    assert (order.store_id, order.status) == (listed.franchise.pk, OrderStatus.PAID)
    page.goto(page.base_url + f"/orders/{order.order_no}/")
    code = page.get_by_test_id("pickup-code").inner_text()
    assert code == order.pickup_code
    assert page.locator("[data-testid=pickup] svg").count() == 1
    screenshot(page, "pickup-code")

    clerk_context = browser.new_context(locale="zh-CN")
    clerk = clerk_context.new_page()
    clerk.base_url = page.base_url
    log_in(clerk, "clerk_zhao", PASSWORD, "/seller/pickups/")
    assert order.order_no in clerk.locator("main").inner_text()
    clerk.locator("#pickup-code").fill(code)
    clerk.locator("[data-pickup-form] button[type=submit]").click()
    clerk.wait_for_url("**/seller/pickups/")
    screenshot(clerk, "seller-pickups")
    clerk.locator("#pickup-code").fill(code)
    clerk.locator("[data-pickup-form] button[type=submit]").click()
    clerk.locator("[data-pickup-error]").wait_for()
    clerk_context.close()

    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED
    assert stock_of(listed.sku, listed.franchise) == (2, 0)
    assert stock_of(listed.sku, listed.hq) == (10, 0)
