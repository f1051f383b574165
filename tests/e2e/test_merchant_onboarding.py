"""A shopper opens a store, in Chromium: applies with the licence and ID pictures and the shop's location (from the
browser's geolocation), sees the application under review; an operator, in the admin, sees the documents and rejects
it with a reason; the applicant reads the reason, corrects and resubmits; the operator approves; the applicant,
now the owner, reaches the seller backend. Screenshots go to test-artifacts/."""

import re
from io import BytesIO

import pytest
from PIL import Image

from marketplace.notifications.models import Message, MessageKind
from stores.models import StaffRole, Store, StoreStatus
from tests.catalog.factories import BackendCategoryFactory
from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD, OperatorFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def picture(colour: str) -> dict:
    buffer = BytesIO()
    Image.new("RGB", (320, 200), colour).save(buffer, "PNG")
    return {"name": f"{colour}.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def log_in(page, username: str, path: str) -> None:
    page.goto(page.base_url + path)
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")


def choose_region(page) -> None:
    """Province, city and district, each select filled by the one above it (from /api/v1/regions/)."""
    page.select_option("#id_province", "310000")
    page.wait_for_selector("#id_city option[value='310100']", state="attached")
    page.select_option("#id_city", "310100")
    page.wait_for_selector("#id_district option[value='310104']", state="attached")
    page.select_option("#id_district", "310104")


def documents_shown(page) -> bool:
    """Both document pictures are in the page and were loaded (a picture that failed has no natural width)."""
    images = page.locator(".store-document img")
    return images.count() == 2 and all(
        images.nth(i).evaluate("img => img.complete && img.naturalWidth > 0") for i in range(2)
    )


def test_a_shopper_applies_is_rejected_resubmits_and_is_approved_into_the_seller_backend(page, browser):
    from playwright.sync_api import expect  # where Chromium is missing, the browser fixture skips before this

    BackendCategoryFactory(name="生鲜")
    BackendCategoryFactory(name="数码")
    shopper = UserFactory(username="li_fruit")
    operator = OperatorFactory(username="hq_reviewer")
    page.context.grant_permissions(["geolocation"], origin=page.base_url)
    page.context.set_geolocation({"latitude": 31.188, "longitude": 121.437})

    # The shopper finds "open a store" in the account menu and applies.
    log_in(page, shopper.username, "/accounts/login/?next=/me/")
    page.wait_for_url(re.compile(r"/me/$"))
    page.locator(".me-nav").get_by_role("link", name="我要开店").click()
    page.wait_for_url(re.compile(r"/me/store/apply/$"))
    page.fill("#id_name", "李记鲜果")
    page.select_option("#id_type", "third_party")
    page.set_input_files("#id_business_licence", picture("navy"))
    page.set_input_files("#id_id_card", picture("white"))
    page.get_by_label("生鲜").check()
    page.fill("#id_contact_name", "李芳")
    page.fill("#id_contact_phone", "13811112222")
    page.fill("#id_phone", "021-5555 0000")
    choose_region(page)
    page.fill("#id_address", "漕溪北路 88 号")
    page.get_by_role("button", name="使用我的位置").click()
    # Polled by Playwright's own assertion: a predicate given as a string would be evaluated, which the
    # Content-Security-Policy (no 'unsafe-eval') refuses.
    expect(page.locator("#id_latitude")).to_have_value("31.188000")
    expect(page.locator("#id_longitude")).to_have_value("121.437000")
    screenshot(page, "store-application-form")
    page.get_by_role("button", name="提交申请").click()

    page.wait_for_url(re.compile(r"/me/store/$"))
    assert "审核中" in page.inner_text("[data-testid=application-status]")
    store = Store.objects.get(applicant=shopper)
    assert store.status == StoreStatus.APPLYING
    screenshot(page, "store-application-under-review")

    # The operator opens the application in the admin, sees the documents and rejects it with a reason.
    console = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    console.base_url = page.base_url
    log_in(console, operator.username, "/admin/login/?next=/admin/")
    console.wait_for_url(re.compile(r"/admin/$"))
    console.goto(f"{page.base_url}/admin/stores/store/?status__exact=applying")
    console.get_by_role("link", name="李记鲜果").click()
    console.wait_for_selector("#store-review")
    assert documents_shown(console)
    assert "生鲜" in console.inner_text("#content-main")
    screenshot(console, "operator-reviews-store-application")
    console.fill("#id_reject_reason", "营业执照照片不清晰，请重新拍摄")
    console.get_by_role("button", name="驳回申请").click()
    console.wait_for_selector(".messagelist")
    store.refresh_from_db()
    assert store.status == StoreStatus.REJECTED

    # The applicant reads the reason, corrects the licence and resubmits.
    page.reload()
    assert "营业执照照片不清晰，请重新拍摄" in page.inner_text("[data-testid=rejection-reason]")
    assert Message.objects.filter(recipient=shopper, kind=MessageKind.STORE_REJECTED).exists()
    screenshot(page, "store-application-rejected")
    page.get_by_role("link", name="修改并重新提交").click()
    page.wait_for_url(re.compile(r"/me/store/apply/$"))
    assert page.input_value("#id_name") == "李记鲜果"
    page.set_input_files("#id_business_licence", picture("green"))
    page.get_by_role("button", name="重新提交申请").click()
    page.wait_for_url(re.compile(r"/me/store/$"))
    assert "审核中" in page.inner_text("[data-testid=application-status]")

    # The operator approves; the applicant is the owner and reaches the seller backend.
    console.goto(f"{page.base_url}/admin/stores/store/{store.pk}/change/")
    assert documents_shown(console)
    console.get_by_role("button", name="通过申请").click()
    console.wait_for_selector(".messagelist")
    store.refresh_from_db()
    assert store.status == StoreStatus.ACTIVE
    assert store.memberships.get().user == shopper and store.memberships.get().role == StaffRole.OWNER
    console.context.close()

    page.goto(page.base_url + "/me/")
    page.get_by_test_id("seller-link").click()
    page.wait_for_url(re.compile(r"/seller/$"))
    assert "李记鲜果" in page.inner_text("body")
    screenshot(page, "new-owner-seller-backend")
