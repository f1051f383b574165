"""Issue 15 item 5 in Chromium: a member buys a tea tasting sold as e-vouchers through the checkout and the simulated
gateway, finds its code and QR code under "my e-vouchers"; a clerk of the store types the code at the counter page
and the voucher is used up, the redemption listed with its value."""

import re

import pytest

from stores.models import StaffRole
from tests.e2e.conftest import screenshot
from tests.e2e.test_presale import pay_at_the_cashier
from tests.factories import MembershipFactory, StoreFactory, UserFactory
from tests.orders.helpers import address_of
from tests.vouchers.helpers import tea_tasting
from vouchers.models import Voucher, VoucherStatus

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, username: str, password: str, then: str) -> None:
    page.goto(page.base_url + f"/accounts/login/?next={then}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_url(page.base_url + then)


def user_with_password(username: str, password: str, **fields):
    user = UserFactory(username=username, **fields)
    user.set_password(password)
    user.save()
    return user


def test_a_member_buys_an_e_voucher_and_a_clerk_redeems_it(page):
    store = StoreFactory(name="西湖茶馆")
    sku = tea_tasting(store, price="88.00")
    shopper = user_with_password("chayou", "cha-you-pass-2026")
    address_of(shopper)
    clerk = user_with_password("dianyuan", "dian-yuan-pass-2026")
    MembershipFactory(store=store, user=clerk, role=StaffRole.CLERK)

    log_in(page, "chayou", "cha-you-pass-2026", "/")
    page.goto(page.base_url + f"/checkout/?buy=1&sku={sku.pk}&quantity=1")
    assert page.get_by_test_id("payable").inner_text() == "¥88.00"
    pay_at_the_cashier(page, "¥88.00")
    page.goto(page.base_url + "/me/vouchers/")
    code = page.get_by_test_id("voucher-code").inner_text()
    voucher = Voucher.objects.get(user=shopper)
    assert code == voucher.code and page.get_by_test_id("voucher").locator("svg").count() == 1
    screenshot(page, "my-e-vouchers")

    page.context.clear_cookies()
    log_in(page, "dianyuan", "dian-yuan-pass-2026", "/seller/vouchers/")
    page.get_by_label(re.compile("电子券码|E-voucher code")).fill(code)
    page.get_by_test_id("voucher-redeem-form").locator("button[type=submit]").click()
    page.get_by_test_id("voucher-redemption").first.wait_for()
    assert "88.00" in page.get_by_test_id("voucher-redemption").first.inner_text()
    screenshot(page, "voucher-redeemed")
    voucher.refresh_from_db()
    assert (voucher.status, voucher.uses_left) == (VoucherStatus.USED, 0)
