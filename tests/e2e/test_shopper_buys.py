"""A shopper buys from two stores in Chromium: product pages, the cart, checkout with a coupon, the simulated
gateway, and the orders paid."""

import re
from decimal import Decimal

import pytest
from django.utils import translation

from catalog import selectors
from coupons import services as coupon_services
from orders.models import OrderStatus, StoreOrder
from tests.catalog.factories import PhoneCatalog
from tests.coupons.factories import coupon_template
from tests.e2e.conftest import screenshot
from tests.factories import StoreFactory, UserFactory
from tests.orders.helpers import address_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def market(monkeypatch):
    monkeypatch.setattr(selectors, "FACETS_CACHE_SECONDS", 0)
    catalog = PhoneCatalog()
    phone = catalog.phone(StoreFactory(name="华强数码"), title="华为 Mate 60 Pro 手机")
    case = catalog.phone(StoreFactory(name="配件小店"), title="手机壳 保护套", prices=("39.00", "49.00"))
    shopper = UserFactory(username="sunqi")
    shopper.set_password("sun-qi-pass-2026")
    shopper.save()
    address_of(shopper)  # the default, in Shanghai
    office = address_of(shopper, region="110105")
    coupon = coupon_services.coupon_claim(
        template=coupon_template(name="平台满5000减200", value=Decimal("200"), threshold=Decimal("5000")), user=shopper
    )
    return {"phone": phone, "case": case, "shopper": shopper, "office": office, "coupon": coupon}


def add_to_cart(page, spu, memory: str) -> None:
    page.goto(page.base_url + f"/products/{spu.pk}/")
    for value in ("黑色", memory):  # a spec with one value comes chosen already; clicking it again unchooses it
        choice = page.locator(f'.spec-value[data-value="{value}"]')
        if choice.get_attribute("aria-pressed") != "true":
            choice.click()
    page.locator("#add-button").click()
    page.locator("#cart-message.ok").wait_for()


def test_a_shopper_buys_from_two_stores_with_a_coupon_and_pays(page, market):
    page.goto(page.base_url + "/accounts/login/?next=/cart/")
    page.get_by_label("用户名").fill("sunqi")
    page.get_by_label("密码").fill("sun-qi-pass-2026")
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_url("**/cart/")

    add_to_cart(page, market["phone"], "128G")
    add_to_cart(page, market["case"], "128G")
    page.goto(page.base_url + "/cart/")
    assert page.locator(".cart-store").count() == 2
    assert page.get_by_test_id("cart-total").inner_text() == "¥6038.00"  # 5999.00 + 39.00
    screenshot(page, "shopper-cart")

    page.locator(".checkout-bar a.button").click()
    page.wait_for_url("**/checkout/")
    page.locator(f'.address-choice[data-address="{market["office"].pk}"]').click()
    page.wait_for_url(re.compile(rf"address={market['office'].pk}"))
    assert page.locator(".address-choice.selected").get_attribute("data-address") == str(market["office"].pk)
    applied = page.locator(".ticket.applied")
    assert applied.count() == 1 and "平台满5000减200" in applied.inner_text()
    assert page.get_by_test_id("payable").inner_text() == "¥5838.00"  # 6038.00 less the 200.00 coupon
    screenshot(page, "shopper-checkout")

    page.locator("#submit-order").click()
    page.wait_for_url(re.compile(r"/cashier/T\d+/$"))  # 收银台: choose how to pay
    assert page.get_by_test_id("cashier-amount").inner_text() == "¥5838.00"
    assert page.locator('input[name="method"][value="alipay"]').is_checked()  # the first, with nothing paid yet
    page.get_by_label("微信支付").check()
    screenshot(page, "shopper-cashier")
    page.locator("#pay").click()
    page.wait_for_url(re.compile(r"/pay/simulated/P\d+/$"))
    assert page.get_by_test_id("amount").inner_text() == "¥5838.00"
    assert page.get_by_test_id("channel").inner_text() == "微信支付"
    screenshot(page, "shopper-gateway")
    page.locator("main").get_by_role("button", name=re.compile("5838.00")).click()
    page.get_by_test_id("paid").wait_for()

    page.locator(".back-links a").click()
    page.wait_for_url("**/orders/")
    cards = page.locator(".order-card")
    assert cards.count() == 2
    with translation.override("zh-hans"):
        paid = str(OrderStatus.PAID.label)
    assert {status.strip() for status in page.locator(".order-card .status").all_inner_texts()} == {paid}
    screenshot(page, "shopper-orders")

    orders = StoreOrder.objects.filter(user=market["shopper"])
    assert set(orders.values_list("status", flat=True)) == {OrderStatus.PAID}
    assert sum(order.payable for order in orders) == Decimal("5838.00")
    assert set(orders.values_list("receiver_region_id", flat=True)) == {"110105"}

    # Each order says how it was paid.
    page.locator(".order-card a", has_text="订单详情").first.click()
    page.wait_for_url(re.compile(r"/orders/S\d+/$"))
    assert page.get_by_test_id("paid-with").inner_text() == "微信支付"
    screenshot(page, "shopper-order-paid-with")
