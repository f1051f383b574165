"""Issue 14 item 7 in Chromium: a member finds the live flash sale from the home page, grabs the phone, checks
out at the flash price and reaches the cashier; the product page shows the badge counting down."""

import re

import pytest

from flashsales.models import FlashHold, HoldStatus
from orders.models import StoreOrder
from tests.e2e.conftest import screenshot
from tests.factories import StoreFactory, UserFactory
from tests.flashsales.helpers import clear_gates, published_session
from tests.orders.helpers import address_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def flash_sale():
    clear_gates()
    session, sku = published_session(StoreFactory(name="华强数码"), stock=10, quantity=3, price="4999.00")
    shopper = UserFactory(username="sunjiu")
    shopper.set_password("sun-jiu-pass-2026")
    shopper.save()
    address_of(shopper)
    yield {"session": session, "sku": sku, "shopper": shopper}
    clear_gates()


def test_a_member_wins_a_flash_sale_and_checks_out_at_the_flash_price(page, flash_sale):
    sku = flash_sale["sku"]
    page.goto(page.base_url + f"/products/{sku.spu_id}/")
    badge = page.get_by_test_id("flash-badge")
    assert "秒杀" in badge.inner_text() and "¥4999.00" in badge.inner_text()
    page.wait_for_function("document.querySelector('.flash-badge .countdown').textContent.includes('距结束')")

    page.goto(page.base_url + "/accounts/login/?next=/")
    page.get_by_label("用户名").fill("sunjiu")
    page.get_by_label("密码").fill("sun-jiu-pass-2026")
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_url(page.base_url + "/")
    page.get_by_test_id("home-flash-link").click()
    page.wait_for_url("**/flash/")
    assert "10点场" in page.get_by_test_id("flash-session").inner_text()
    screenshot(page, "flash-sale")

    page.get_by_role("button", name="立即抢购").click()
    page.wait_for_url(re.compile(r"/checkout/\?.*buy=1"))
    assert page.get_by_test_id("payable").inner_text() == "¥4999.00"
    screenshot(page, "flash-checkout")
    page.locator("#submit-order").click()
    page.wait_for_url(re.compile(r"/cashier/T\d+/$"))
    assert page.get_by_test_id("cashier-amount").inner_text() == "¥4999.00"

    [order] = StoreOrder.objects.filter(user=flash_sale["shopper"])
    assert [(line.sku_id, line.payable) for line in order.lines.all()] == [(sku.pk, 4999)]
    assert FlashHold.objects.get().status == HoldStatus.CONSUMED
