"""Issue 14 item 7 in Chromium: a member finds the presale from the home page, pays its deposit (¥100.00 counting as
¥300.00) through the checkout and the simulated gateway; the clock moves to the balance window, and the member pays
the balance (the phone's ¥5999.00 less ¥300.00) from the presale's page. The deposit order ends completed, its
goods went to the balance order."""

import re

import pytest

from orders.models import OrderStatus, StoreOrder
from presales.models import DepositStatus, PresaleDeposit
from tests.e2e.conftest import screenshot
from tests.factories import StoreFactory, UserFactory
from tests.orders.helpers import address_of, available, reserved
from tests.presales.helpers import move_to, published_presale

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def presale():
    presale, sku = published_presale(StoreFactory(name="华强数码"), stock=5)
    shopper = UserFactory(username="zhoushi")
    shopper.set_password("zhou-shi-pass-2026")
    shopper.save()
    address_of(shopper)
    return {"presale": presale, "sku": sku, "shopper": shopper}


def pay_at_the_cashier(page, amount: str) -> None:
    page.locator("#submit-order").click()
    page.wait_for_url(re.compile(r"/cashier/T\d+/$"))
    assert page.get_by_test_id("cashier-amount").inner_text() == amount
    page.locator("#pay").click()
    page.wait_for_url(re.compile(r"/pay/simulated/P\d+/$"))
    page.locator("main").get_by_role("button", name=re.compile(re.escape(amount.lstrip("¥")))).click()
    page.get_by_test_id("paid").wait_for()


def test_a_member_pays_a_deposit_then_the_balance(page, presale):
    sale, sku = presale["presale"], presale["sku"]
    page.goto(page.base_url + f"/products/{sku.spu_id}/")
    assert "¥300.00" in page.get_by_test_id("presale-badge").inner_text()

    page.goto(page.base_url + "/accounts/login/?next=/")
    page.get_by_label("用户名").fill("zhoushi")
    page.get_by_label("密码").fill("zhou-shi-pass-2026")
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_url(page.base_url + "/")
    page.get_by_test_id("home-presale-link").click()
    page.wait_for_url("**/presale/")
    page.get_by_test_id("presale").get_by_role("link", name=sale.name).click()
    page.wait_for_url(f"**/presale/{sale.pk}/")
    screenshot(page, "presale")

    page.get_by_test_id("presale-pay-deposit").click()
    page.wait_for_url(re.compile(r"/checkout/\?.*play=presale"))
    assert page.get_by_test_id("payable").inner_text() == "¥100.00"
    pay_at_the_cashier(page, "¥100.00")
    deposit = PresaleDeposit.objects.get(user=presale["shopper"])
    assert deposit.status == DepositStatus.PAID
    assert (available(sku), reserved(sku)) == (4, 1)

    move_to(sale, "balance")  # the clock moves on: the balance window is open
    page.goto(page.base_url + f"/presale/{sale.pk}/")
    page.get_by_test_id("presale-pay-balance").click()
    page.wait_for_url(re.compile(r"/checkout/\?.*play=presale_balance"))
    assert page.get_by_test_id("payable").inner_text() == "¥5699.00"
    screenshot(page, "presale-balance-checkout")
    pay_at_the_cashier(page, "¥5699.00")

    deposit.refresh_from_db()
    assert deposit.status == DepositStatus.COMPLETED
    assert StoreOrder.objects.get(pk=deposit.deposit_order_id).status == OrderStatus.COMPLETED
    assert StoreOrder.objects.get(pk=deposit.balance_order_id).status == OrderStatus.PAID
    assert (available(sku), reserved(sku)) == (4, 1)
