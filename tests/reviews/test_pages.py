"""The review pages as people meet them: the order's Review button and form, my reviews and the follow-up, the
product page's rating and reviews (cached for visitors, yet fresh), the seller's reviews and reply."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reviews import services
from reviews.models import Review, ReviewPhoto, ReviewStatus
from tests.factories import UserFactory
from tests.reviews.helpers import bought, png

pytestmark = pytest.mark.django_db
# The product page with reviews: the catalog's twelve with none (tests/catalog/test_pages.py, the rating and the
# count among them), then the page of reviews with their authors and follow-ups, and their photos.
QUERIES = 14


def browser(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def html(response) -> str:
    return response.content.decode()


def test_a_received_orders_page_has_a_review_button_per_line(order, line, buyer, phone):
    unreceived = bought(phone, buyer, status="paid")

    received_page = html(browser(buyer).get(f"/orders/{order.order_no}/"))
    paid_page = html(browser(buyer).get(f"/orders/{unreceived.order_no}/"))

    assert f'href="/orders/{order.order_no}/lines/{line.pk}/review/"' in received_page
    assert "评价" in received_page
    assert "/review/" not in paid_page


def test_a_reviewed_line_offers_its_review_and_a_line_past_the_window_offers_nothing(order, line, buyer, phone):
    review = services.review_create(line=line, by=buyer, stars=5, text="好")
    late = bought(phone, buyer, received_days_ago=31)  # the window is 30 days

    reviewed_page = html(browser(buyer).get(f"/orders/{order.order_no}/"))
    late_page = html(browser(buyer).get(f"/orders/{late.order_no}/"))

    assert f'href="/me/reviews/{review.pk}/" data-testid="see-review">查看评价<' in reviewed_page
    assert 'data-testid="review-line"' not in reviewed_page
    assert "/review/" not in late_page and "see-review" not in late_page


def test_the_shopper_reviews_a_line_from_the_form_and_lands_on_the_review(order, line, buyer):
    client = browser(buyer)
    form = client.get(f"/orders/{order.order_no}/lines/{line.pk}/review/")
    assert form.status_code == 200 and "发表评价" in html(form)

    response = client.post(
        f"/orders/{order.order_no}/lines/{line.pk}/review/",
        {"stars": "4", "text": "手感很好", "photos": [png()], "anonymous": "on"},
    )

    review = Review.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/me/reviews/{review.pk}/"
    assert (review.stars, review.text, review.anonymous) == (4, "手感很好", True)
    assert ReviewPhoto.objects.filter(review=review).count() == 1
    page = html(client.get(response["Location"]))
    assert "手感很好" in page and "感谢您的评价" in page
    # The line's form now leads to the review itself.
    assert client.get(f"/orders/{order.order_no}/lines/{line.pk}/review/")["Location"] == f"/me/reviews/{review.pk}/"


def test_a_refused_review_shows_the_reason_on_the_form(phone, buyer):
    order = bought(phone, buyer, received_days_ago=40)
    line = order.lines.get()

    page = html(browser(buyer).get(f"/orders/{order.order_no}/lines/{line.pk}/review/"))

    assert "评价已于" in page and "发表评价" not in page
    assert not Review.objects.exists()


def test_another_shoppers_line_is_a_404_page(order, line):
    assert browser(UserFactory()).get(f"/orders/{order.order_no}/lines/{line.pk}/review/").status_code == 404


def test_my_reviews_show_a_held_review_to_its_author_with_its_status_and_take_a_follow_up(line, buyer):
    held = services.review_create(line=line, by=buyer, stars=5, text="加微信送礼品")
    client = browser(buyer)

    listing = html(client.get("/me/reviews/"))
    followed = client.post(f"/me/reviews/{held.pk}/follow-up/", {"text": "追加一句"})

    assert "加微信送礼品" in listing and "待审核" in listing
    assert followed.status_code == 302
    assert "追加一句" in html(client.get(f"/me/reviews/{held.pk}/"))
    assert browser(UserFactory()).get(f"/me/reviews/{held.pk}/").status_code == 404


def product_page(spu, query: str = "", client=None) -> str:
    response = (client or Client()).get(f"/products/{spu.pk}/{query}")
    assert response.status_code == 200
    return html(response)


def test_the_product_page_shows_the_rating_counts_by_star_and_the_reviews_newest_first(phone, buyer, store, owner):
    old = services.review_create(line=bought(phone, buyer).lines.get(), by=buyer, stars=5, text="老评价")
    services.review_reply(review=old, store=store, by=owner, text="谢谢老顾客")
    services.review_create(line=bought(phone, buyer).lines.get(), by=buyer, stars=2, text="新评价", anonymous=True)
    services.review_create(line=bought(phone, buyer).lines.get(), by=buyer, stars=1, text="加微信刷单")  # held

    page = product_page(phone)

    assert re.search(r'data-testid="rating-average">3\.5<', page)
    assert re.search(r'data-testid="star-count-5">1<', page) and re.search(r'data-testid="star-count-2">1<', page)
    assert re.search(r'data-testid="star-count-1">0<', page)
    assert page.index("新评价") < page.index("老评价")
    assert "谢谢老顾客" in page and "z**" in page
    assert "加微信刷单" not in page


def test_the_store_page_shows_the_stores_rating_from_its_published_reviews(phone, buyer, store):
    before = html(browser().get(f"/stores/{store.pk}/"))
    services.review_create(line=bought(phone, buyer).lines.get(), by=buyer, stars=5, text="很好")
    services.review_create(line=bought(phone, buyer).lines.get(), by=buyer, stars=4, text="不错")
    services.review_create(line=bought(phone, buyer).lines.get(), by=buyer, stars=1, text="加微信刷单")  # held

    after = html(browser().get(f"/stores/{store.pk}/"))

    assert "store-rating" not in before  # no reviews yet: no rating, not a zero
    assert 'data-rating="4.5"' in after and "评分 4.5 / 5（2 条评价）" in after


def test_the_with_photos_and_stars_filters_narrow_the_reviews(phone, buyer):
    services.review_create(line=bought(phone, buyer).lines.get(), by=buyer, stars=5, text="有图的", photos=[png()])
    services.review_create(line=bought(phone, buyer).lines.get(), by=buyer, stars=4, text="没图的")

    with_photos = product_page(phone, "?with_photos=1")
    four = product_page(phone, "?stars=4")

    assert "有图的" in with_photos and "没图的" not in with_photos
    assert "没图的" in four and "有图的" not in four


def test_reviews_are_paginated_with_the_shared_pager(phone, buyer, monkeypatch):
    from reviews import storefront

    monkeypatch.setattr(storefront, "PAGE_SIZE", 2)
    for number in range(3):
        services.review_create(line=bought(phone, buyer).lines.get(), by=buyer, stars=5, text=f"第{number}条")

    first, second = product_page(phone), product_page(phone, "?page=2")

    assert "第2条" in first and "第1条" in first and "第0条" not in first
    assert "第0条" in second and 'class="pager"' in first


def test_a_visitors_cached_product_page_shows_a_review_published_or_approved_after_it_was_cached(
    phone, buyer, operator, settings, django_capture_on_commit_callbacks
):
    settings.CATALOG_RESPONSE_CACHE_SECONDS = 60
    assert "暂无评价" in product_page(phone)  # now cached for visitors
    first, second = bought(phone, buyer).lines.get(), bought(phone, buyer).lines.get()

    with django_capture_on_commit_callbacks(execute=True):
        services.review_create(line=first, by=buyer, stars=4, text="刚发表的")
    assert "刚发表的" in product_page(phone)
    with django_capture_on_commit_callbacks(execute=True):
        held = services.review_create(line=second, by=buyer, stars=5, text="加微信的")
    assert "加微信的" not in product_page(phone)

    with django_capture_on_commit_callbacks(execute=True):
        services.review_approve(review=held, by=operator)

    assert "加微信的" in product_page(phone)


def test_the_product_page_costs_the_same_queries_for_one_review_or_many(catalog, store, buyer):
    few = catalog.phone(store, title="少评 手机", stock=50)
    many = catalog.phone(store, title="多评 手机", stock=50)
    services.review_create(line=bought(few, buyer).lines.get(), by=buyer, stars=5, photos=[png()])
    for stars in (5, 4, 3, 2, 1, 5, 4):
        review = services.review_create(line=bought(many, buyer).lines.get(), by=buyer, stars=stars, photos=[png()])
        services.review_follow_up(review=review, by=buyer, text="追评", photos=[png()])

    def queries(spu) -> int:
        with CaptureQueriesContext(connection) as captured:
            product_page(spu)  # the tests' settings keep no response cache: rendered every time
        return len(captured)

    assert queries(few) == queries(many) == QUERIES


def test_the_store_lists_its_reviews_filters_them_and_replies_from_the_seller_backend(phone, buyer, owner):
    review = services.review_create(line=bought(phone, buyer).lines.get(), by=buyer, stars=2, text="有点慢")
    services.review_create(line=bought(phone, buyer).lines.get(), by=buyer, stars=5, text="很满意")
    client = browser(owner)

    two = html(client.get("/seller/reviews/?stars=2"))
    replied = client.post(
        f"/seller/reviews/{review.pk}/reply/", {"text": "抱歉，已加快发货", "next": "/seller/reviews/"}
    )
    unreplied = html(client.get("/seller/reviews/?replied=no"))

    assert "有点慢" in two and "很满意" not in two
    assert replied.status_code == 302
    assert Review.objects.get(pk=review.pk).reply == "抱歉，已加快发货"
    assert "很满意" in unreplied and "有点慢" not in unreplied
    assert "抱歉，已加快发货" in product_page(phone)


def test_another_stores_review_cannot_be_replied_to_from_its_backend(phone, buyer):
    from tests.factories import MembershipFactory, StoreFactory

    review = services.review_create(line=bought(phone, buyer).lines.get(), by=buyer, stars=2)
    stranger = MembershipFactory(store=StoreFactory(), role="owner").user

    response = browser(stranger).post(f"/seller/reviews/{review.pk}/reply/", {"text": "不是我家的"})

    assert response.status_code == 404
    assert Review.objects.get().reply == ""


def test_operators_approve_and_hide_with_a_reason_in_the_admin(phone, buyer, operator):
    held = services.review_create(line=bought(phone, buyer).lines.get(), by=buyer, stars=5, text="加微信便宜")
    rude = services.review_create(line=bought(phone, buyer).lines.get(), by=buyer, stars=1, text="不好")
    client = browser(operator)

    queue = html(client.get("/admin/reviews/review/?moderation=held"))
    client.post("/admin/reviews/review/", {"action": "approve", "_selected_action": [held.pk]})
    asked = client.post("/admin/reviews/review/", {"action": "hide", "_selected_action": [rude.pk]})
    client.post("/admin/reviews/review/", {"action": "hide", "_selected_action": [rude.pk], "reason": "辱骂"})

    assert "加微信便宜" in queue and "不好" not in queue
    assert asked.status_code == 200 and "reason" in html(asked)
    held.refresh_from_db()
    rude.refresh_from_db()
    assert held.status == ReviewStatus.PUBLISHED
    assert (rude.status, rude.hidden_reason) == (ReviewStatus.HIDDEN, "辱骂")


@pytest.mark.parametrize("path", ["/seller/reviews/", "/me/reviews/"])
def test_the_stores_and_the_shoppers_review_lists_cost_the_same_queries_for_one_review_or_many(
    path, phone, buyer, owner
):
    client = browser(owner if path.startswith("/seller/") else buyer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    services.review_create(line=bought(phone, buyer).lines.get(), by=buyer, stars=5, photos=[png()])
    one = queries()
    for stars in (4, 3, 2, 1):
        review = services.review_create(line=bought(phone, buyer).lines.get(), by=buyer, stars=stars, photos=[png()])
        services.review_follow_up(review=review, by=buyer, text="追评", photos=[png()])

    assert queries() == one


@pytest.mark.parametrize("junk", ["9", "0", "x", "-1", "５"])
def test_a_stars_filter_that_is_not_one_to_five_shows_every_review(phone, buyer, junk):
    services.review_create(line=bought(phone, buyer).lines.get(), by=buyer, stars=5, text="五星的")
    services.review_create(line=bought(phone, buyer).lines.get(), by=buyer, stars=2, text="两星的")

    page = product_page(phone, f"?stars={junk}")

    assert "五星的" in page and "两星的" in page
