"""A shopper reviews a received line with stars, words and a photo; the product page shows it with the rating and
the counts by star, and its with-photo filter finds it; the store replies from the seller backend and the reply
shows on the product page. A review with a hold-level word stays off the page until an operator approves it."""

import re
from io import BytesIO

import pytest
from PIL import Image

from reviews.models import Review, ReviewStatus
from tests.catalog.factories import PhoneCatalog
from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD, MembershipFactory, OperatorFactory, StoreFactory, UserFactory
from tests.reviews.helpers import bought

pytestmark = pytest.mark.django_db(transaction=True)


def picture() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (320, 240), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def log_in(page, username: str, *, to: str) -> None:
    page.context.clear_cookies()
    page.goto(page.base_url + f"/accounts/login/?next={to}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(re.compile(re.escape(to) + "$"))


def review_from_the_order_page(page, order, *, stars: str, text: str, photo: bool) -> None:
    page.goto(page.base_url + f"/orders/{order.order_no}/")
    page.get_by_test_id("review-line").first.click()
    page.check(f"input[name=stars][value='{stars}']")
    page.fill("textarea[name=text]", text)
    if photo:
        page.set_input_files(
            "input[name=photos]", files=[{"name": "photo.png", "mimeType": "image/png", "buffer": picture()}]
        )
    screenshot(page, "review-form")
    page.get_by_role("button", name="发表评价").click()
    page.wait_for_url(re.compile(r"/me/reviews/\d+/$"))


def test_a_shopper_reviews_the_store_replies_and_an_operator_approves_a_held_review(page):
    store = StoreFactory(name="评价旗舰店")
    MembershipFactory(store=store, role="owner", user=UserFactory(username="store_owner"))
    phone = PhoneCatalog().phone(store, title="好评 手机", stock=20)
    shopper = UserFactory(username="wangwu")
    first, second = bought(phone, shopper), bought(phone, shopper)
    operator = OperatorFactory()

    # The shopper reviews the first order's line: four stars, words and a photo.
    log_in(page, "wangwu", to=f"/orders/{first.order_no}/")
    review_from_the_order_page(page, first, stars="4", text="屏幕清晰，续航不错", photo=True)
    assert "感谢您的评价" in page.content()

    # The product page: the rating, the counts by star, the review; the with-photo filter finds it.
    page.goto(page.base_url + f"/products/{phone.pk}/")
    assert page.get_by_test_id("rating-average").inner_text() == "4.0"
    assert page.get_by_test_id("star-count-4").inner_text() == "1"
    assert page.get_by_test_id("star-count-5").inner_text() == "0"
    page.get_by_test_id("with-photos").click()
    page.wait_for_url(re.compile(r"with_photos=1"))
    assert page.locator(".review .review-text").first.inner_text() == "屏幕清晰，续航不错"
    assert page.locator(".review-photos img").count() == 1
    screenshot(page, "product-reviews")

    # The store replies from the seller backend.
    log_in(page, "store_owner", to="/seller/reviews/")
    screenshot(page, "seller-reviews")
    page.fill("textarea[name=text]", "感谢支持，欢迎再来")
    page.get_by_role("button", name="发布回复").click()
    page.wait_for_url(re.compile(r"/seller/reviews/$"))
    assert "回复已随评价发布" in page.content()

    page.context.clear_cookies()
    page.goto(page.base_url + f"/products/{phone.pk}/")
    assert page.get_by_test_id("store-reply").inner_text().endswith("感谢支持，欢迎再来")

    # A review with a hold-level word waits for the operator.
    log_in(page, "wangwu", to=f"/orders/{second.order_no}/")
    review_from_the_order_page(page, second, stars="5", text="很好，要优惠的加微信 wx888", photo=False)
    assert page.get_by_test_id("review-status").inner_text() == "待审核"
    page.context.clear_cookies()
    page.goto(page.base_url + f"/products/{phone.pk}/")
    assert "加微信" not in page.content()
    assert page.get_by_test_id("review-count").inner_text() == "(1)"

    log_in(page, operator.username, to="/admin/reviews/review/?moderation=held")
    held = Review.objects.get(status=ReviewStatus.HELD)
    page.check(f"input[name=_selected_action][value='{held.pk}']")
    screenshot(page, "operator-review-moderation")
    page.select_option("select[name=action]", label="审核通过：发布待审核的评价和追评")
    page.locator("button[name=index], input[name=index]").first.click()
    page.wait_for_load_state()

    page.context.clear_cookies()
    page.goto(page.base_url + f"/products/{phone.pk}/")
    assert "很好，要优惠的加微信 wx888" in page.content()
    assert page.get_by_test_id("rating-average").inner_text() == "4.5"
    assert page.get_by_test_id("review-count").inner_text() == "(2)"
