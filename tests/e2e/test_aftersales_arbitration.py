"""After-sales to the end in Chromium (issue 13 item 9): a shopper asks for a return with a preset reason and a photo,
the store rejects it with its reason and a photo, the shopper takes it to the platform from the refund page, an
operator opens the arbitration page, sees both sides' photos and grants it with a written ruling, and the shopper
and the store both read that ruling."""

from io import BytesIO

import pytest
from django.utils import timezone
from PIL import Image

from orders.models import OrderStatus, Refund, RefundStatus, StoreOrder
from tests.conftest import client_for
from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD, MembershipFactory, OperatorFactory, StoreFactory, UserFactory
from tests.orders.test_refunds import paid_order

pytestmark = pytest.mark.django_db(transaction=True)

RULING = "商家未能证明商品完好，支持买家退货退款。"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def picture(tmp_path, name: str, colour: str) -> str:
    path = tmp_path / name
    buffer = BytesIO()
    Image.new("RGB", (320, 240), colour).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def log_in(page, username: str, *, admin: bool = False) -> None:
    page.context.clear_cookies()
    page.goto(page.base_url + ("/admin/login/" if admin else "/accounts/login/"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit], main button[type=submit]").first.click()
    page.wait_for_load_state()


def test_a_rejected_return_is_taken_to_the_platform_and_its_ruling_read_by_both_sides(page, tmp_path):
    store = StoreFactory(name="数码专营店")
    owner = MembershipFactory(store=store, role="owner").user
    operator = OperatorFactory(username="arbiter")
    shopper = UserFactory(username="zhao_shopper")
    order = paid_order(client_for(shopper), shopper, store, quantity=1)
    StoreOrder.objects.filter(pk=order.pk).update(status=OrderStatus.SHIPPED, shipped_at=timezone.now())
    [line] = order.lines.all()

    # The shopper asks for a return: a preset reason of the return's list, their words and a photo.
    log_in(page, shopper.username)
    page.goto(page.base_url + f"/orders/{order.order_no}/refund/")
    page.fill(f"#id_line_{line.pk}", "1")
    page.get_by_label("退货退款").check()
    # Only a return's reasons are offered now (shopper.js): "changed my mind" is a refund-only reason.
    assert page.locator("#id_reason_code option[value=unwanted]").get_attribute("disabled") is not None
    assert page.locator("#id_reason_code option[value=damaged]").get_attribute("disabled") is None
    page.select_option("#id_reason_code", label="收到商品破损")
    page.fill("#id_reason", "屏幕左上角有裂痕")
    page.set_input_files("#id_evidence", picture(tmp_path, "crack.jpg", "firebrick"))
    screenshot(page, "aftersales-request")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/refunds/*/")
    refund = Refund.objects.get(order=order)
    assert (refund.kind, refund.reason_code) == ("return_refund", "damaged")
    assert page.get_by_test_id("refund-reason").inner_text() == "收到商品破损"
    assert page.locator("[data-evidence] img").count() == 1

    # The store rejects it, with its reason and a photo of its own.
    log_in(page, owner.username)
    page.goto(page.base_url + "/seller/refunds/")
    row = page.locator(f"#refund-{refund.pk}")
    assert row.locator("[data-evidence] img").count() == 1  # the shopper's photo, in the queue
    row.locator("input[name=reason]").fill("发货前已验机，屏幕完好")
    row.locator("input[name=evidence]").set_input_files(picture(tmp_path, "check.jpg", "seagreen"))
    screenshot(page, "aftersales-seller-queue")
    row.get_by_role("button", name="驳回").click()
    page.wait_for_load_state()
    refund.refresh_from_db()
    assert refund.status == RefundStatus.REJECTED and len(refund.rejection_evidence) == 1

    # The shopper takes it to the platform from the refund page.
    log_in(page, shopper.username)
    page.goto(page.base_url + f"/refunds/{refund.pk}/")
    assert "发货前已验机，屏幕完好" in page.inner_text("main")
    page.fill("#id_reason", "签收时外包装完好，开箱即发现裂痕，有开箱照片")
    page.set_input_files("#id_evidence", picture(tmp_path, "unboxing.jpg", "navy"))
    page.locator("[data-action=escalate]").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("refund-status").inner_text() == "平台仲裁中"

    # The operator opens the arbitration page: both sides' reasons and photos; grants it with a written ruling.
    log_in(page, operator.username, admin=True)
    page.goto(page.base_url + "/admin/orders/refund/?status__exact=arbitrating")
    page.get_by_role("link", name="裁决").first.click()
    page.wait_for_url(f"**/admin/orders/refund/{refund.pk}/arbitrate/")
    shopper_side, store_side = page.locator("[data-side=shopper]"), page.locator("[data-side=store]")
    assert shopper_side.locator("img").count() == 2  # with the request and with the appeal
    assert store_side.locator("img").count() == 1
    assert "屏幕左上角有裂痕" in shopper_side.inner_text() and "发货前已验机" in store_side.inner_text()
    screenshot(page, "aftersales-arbitration")
    page.get_by_label("支持退款：售后继续进行").check()
    page.fill("#id_ruling", RULING)
    page.get_by_role("button", name="提交裁决").click()
    page.wait_for_load_state()
    refund.refresh_from_db()
    assert (refund.status, refund.ruling, refund.ruling_granted) == (RefundStatus.RETURNING, RULING, True)

    # Both sides read the ruling.
    log_in(page, shopper.username)
    page.goto(page.base_url + f"/refunds/{refund.pk}/")
    assert RULING in page.locator("[data-ruling]").inner_text()
    screenshot(page, "aftersales-ruling-shopper")
    log_in(page, owner.username)
    page.goto(page.base_url + f"/seller/refunds/{refund.pk}/")
    assert RULING in page.locator("[data-ruling]").inner_text()
    screenshot(page, "aftersales-ruling-store")
