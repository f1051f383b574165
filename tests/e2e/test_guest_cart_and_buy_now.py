"""Issue 13 item 12 in Chromium: a visitor fills a cart before logging in and finds it at checkout once logged in;
a member buys one phone now from its page, past the cart, and pays; the header counts the cart all along."""

import re

import pytest

from catalog import selectors
from orders.models import CartItem, StoreOrder
from tests.catalog.factories import PhoneCatalog
from tests.e2e.conftest import screenshot
from tests.factories import StoreFactory, UserFactory
from tests.orders.helpers import address_of, sku_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shop(monkeypatch):
    monkeypatch.setattr(selectors, "FACETS_CACHE_SECONDS", 0)
    phone = PhoneCatalog().phone(StoreFactory(name="华强数码"), title="华为 Mate 60 Pro 手机")
    shopper = UserFactory(username="qianba")
    shopper.set_password("qian-ba-pass-2026")
    shopper.save()
    address_of(shopper)
    return {"phone": phone, "shopper": shopper}


def log_in(page) -> None:
    page.get_by_label("用户名").fill("qianba")
    page.get_by_label("密码").fill("qian-ba-pass-2026")
    page.locator("main").get_by_role("button", name="登录").click()


def choose(page, memory: str) -> None:
    choice = page.locator(f'.spec-value[data-value="{memory}"]')
    if choice.get_attribute("aria-pressed") != "true":
        choice.click()


def test_a_visitors_cart_waits_for_the_login_and_goes_to_checkout(page, shop):
    phone = shop["phone"]
    page.goto(page.base_url + f"/products/{phone.pk}/")
    assert page.get_by_test_id("cart-count").is_hidden()
    choose(page, "256G")
    page.locator(".step[data-step='1']").click()
    page.locator("#add-button").click()
    page.wait_for_load_state()
    assert "已加入购物车" in page.locator(".messages").inner_text()
    assert page.get_by_test_id("cart-count").inner_text() == "2"

    page.locator(".cart-link").click()
    page.wait_for_url("**/cart/")
    assert page.get_by_test_id("cart-total").inner_text() == "¥13998.00"  # 2 x 6999.00
    screenshot(page, "guest-cart")
    page.get_by_role("link", name="登录后结算").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    log_in(page)
    page.wait_for_url("**/checkout/")
    assert page.get_by_test_id("payable").inner_text() == "¥13998.00"
    assert page.get_by_test_id("cart-count").inner_text() == "2"
    line = CartItem.objects.get(user=shop["shopper"])
    assert (line.sku_id, line.quantity) == (sku_of(phone, "256G").pk, 2)


def test_a_member_buys_one_phone_now_and_the_cart_stays_as_it_was(page, shop):
    phone = shop["phone"]
    page.goto(page.base_url + f"/accounts/login/?next=/products/{phone.pk}/")
    log_in(page)
    page.wait_for_url(f"**/products/{phone.pk}/")
    choose(page, "128G")
    page.locator("#add-button").click()  # into the cart, through the API
    page.locator("#cart-message.ok").wait_for()
    assert page.get_by_test_id("cart-count").inner_text() == "1"

    choose(page, "256G")
    screenshot(page, "product-buy-now")
    page.locator("#buy-now").click()
    page.wait_for_url(re.compile(r"/checkout/\?.*buy=1"))
    assert page.get_by_test_id("payable").inner_text() == "¥6999.00"  # the 256G alone, not the cart's 128G
    screenshot(page, "buy-now-checkout")
    page.locator("#submit-order").click()
    page.wait_for_url(re.compile(r"/cashier/T\d+/$"))
    assert page.get_by_test_id("cashier-amount").inner_text() == "¥6999.00"
    page.locator("#pay").click()
    page.wait_for_url(re.compile(r"/pay/simulated/P\d+/$"))
    assert page.get_by_test_id("amount").inner_text() == "¥6999.00"

    [order] = StoreOrder.objects.filter(user=shop["shopper"])
    assert [(line.sku_id, line.quantity) for line in order.lines.all()] == [(sku_of(phone, "256G").pk, 1)]
    assert list(CartItem.objects.filter(user=shop["shopper"]).values_list("sku_id", flat=True)) == [
        sku_of(phone, "128G").pk
    ]
