import pytest

from stores.invitations import invitation_code_for
from stores.models import MemberSource, StaffRole
from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD, MembershipFactory, StoreFactory

pytestmark = pytest.mark.django_db(transaction=True)


def clerks_count(page) -> int:
    page.goto(page.base_url + "/seller/members/")
    return int(page.get_by_test_id("gained-total").inner_text())


def test_a_visitor_registers_through_a_clerks_qr_code_and_the_clerks_count_goes_up(browser, page):
    store = StoreFactory(name="静安门店")
    clerk = MembershipFactory(store=store, role=StaffRole.CLERK, user__username="clerk_li").user
    code = invitation_code_for(store=store, staff=clerk)

    clerk_context = browser.new_context(locale="zh-CN")
    clerk_page = clerk_context.new_page()
    clerk_page.base_url = page.base_url
    clerk_page.goto(page.base_url + "/accounts/login/")
    clerk_page.get_by_label("用户名").fill("clerk_li")
    clerk_page.get_by_label("密码").fill(PASSWORD)
    clerk_page.get_by_role("button", name="登录").click()
    clerk_page.wait_for_load_state()
    before = clerks_count(clerk_page)
    assert clerk_page.locator("[data-testid=qr-card] svg").count() == 1  # their own code, and only theirs

    page.goto(page.base_url + f"/join/{code.code}/")
    assert "静安门店" in page.inner_text("main") and "clerk_li" in page.inner_text("main")
    screenshot(page, "join-store")
    page.get_by_test_id("join").get_by_role("link", name="注册").click()
    page.get_by_label("用户名").fill("scanner")
    page.get_by_label("手机号").fill("13900007777")
    page.get_by_label("密码", exact=True).fill("scan-ner-pass-2026")
    page.get_by_label("确认密码").fill("scan-ner-pass-2026")
    page.get_by_role("button", name="注册").click()
    page.wait_for_url(page.base_url + f"/stores/{store.pk}/")

    assert MemberSource.objects.get(member__username="scanner").staff == clerk
    assert clerks_count(clerk_page) == before + 1
    screenshot(clerk_page, "seller-member-qr-codes")
    clerk_context.close()
