"""The rules a shopper, a store and an operator meet: reviews of received lines within the window, once each and
only by the order's shopper; the word filter masks or holds; one follow-up; one reply by that store only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.exceptions import InvalidInput, NotFound
from orders.models import OrderStatus
from reviews import services
from reviews.exceptions import AlreadyReviewed, ReviewNotAllowed
from reviews.models import FollowUp, Review, ReviewEvent, ReviewPhoto, ReviewStatus
from tests.factories import MembershipFactory, StoreFactory, UserFactory
from tests.reviews.helpers import bought, png

pytestmark = pytest.mark.django_db


def test_the_shopper_reviews_a_received_line_with_stars_text_and_photos(line, buyer):
    review = services.review_create(line=line, by=buyer, stars=4, text="很好用", photos=[png(), png("b.png")])

    assert (review.stars, review.text, review.status, review.has_photos) == (4, "很好用", ReviewStatus.PUBLISHED, True)
    assert (review.spu_id, review.store_id, review.order_id) == (line.spu_id, line.order.store_id, line.order_id)
    assert ReviewPhoto.objects.filter(review=review, follow_up=False).count() == 2
    assert list(ReviewEvent.objects.filter(review=review).values_list("type", flat=True)) == ["created"]


def test_a_line_is_reviewed_once(line, buyer):
    services.review_create(line=line, by=buyer, stars=5)

    with pytest.raises(AlreadyReviewed):
        services.review_create(line=line, by=buyer, stars=1, text="改主意了")

    assert Review.objects.get().stars == 5


def test_only_the_orders_shopper_may_review_its_line(line):
    with pytest.raises(NotFound):
        services.review_create(line=line, by=UserFactory(), stars=5)

    assert not Review.objects.exists()


@pytest.mark.parametrize("status", [OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.CLOSED])
def test_a_line_of_an_order_not_received_cannot_be_reviewed(phone, buyer, status):
    order = bought(phone, buyer, status=status)

    with pytest.raises(ReviewNotAllowed):
        services.review_create(line=order.lines.get(), by=buyer, stars=5)

    assert not Review.objects.exists()


def test_a_completed_order_can_be_reviewed_too(phone, buyer):
    order = bought(phone, buyer, status=OrderStatus.COMPLETED, received_days_ago=20)

    assert services.review_create(line=order.lines.get(), by=buyer, stars=3).stars == 3


def test_the_window_closes_the_set_number_of_days_after_receipt(phone, buyer, settings):
    settings.REVIEW_WINDOW_DAYS = 30
    inside = bought(phone, buyer, received_days_ago=29.9)
    outside = bought(phone, buyer, received_days_ago=30.1)

    services.review_create(line=inside.lines.get(), by=buyer, stars=5)
    with pytest.raises(ReviewNotAllowed) as refused:
        services.review_create(line=outside.lines.get(), by=buyer, stars=5)

    assert "30" in refused.value.detail
    assert Review.objects.count() == 1


@pytest.mark.parametrize("stars", [0, 6, -1])
def test_stars_are_one_to_five(line, buyer, stars):
    with pytest.raises(InvalidInput) as refused:
        services.review_create(line=line, by=buyer, stars=stars)

    assert "stars" in refused.value.fields
    assert not Review.objects.exists()


def test_text_longer_than_the_limit_is_refused(line, buyer):
    with pytest.raises(InvalidInput) as refused:
        services.review_create(line=line, by=buyer, stars=5, text="好" * (services.MAX_TEXT + 1))

    assert "text" in refused.value.fields


def test_more_than_five_photos_or_a_file_that_is_not_a_picture_is_refused(line, buyer):
    with pytest.raises(InvalidInput) as too_many:
        services.review_create(line=line, by=buyer, stars=5, photos=[png() for _ in range(6)])
    not_a_picture = png()
    not_a_picture.file.write(b"garbage")
    not_a_picture.file.seek(0)
    not_a_picture.file.truncate(10)
    with pytest.raises(InvalidInput) as bad:
        services.review_create(line=line, by=buyer, stars=5, photos=[not_a_picture])

    assert "photos" in too_many.value.fields and "photos" in bad.value.fields
    assert not Review.objects.exists() and not ReviewPhoto.objects.exists()


def test_mask_level_words_are_masked_and_the_review_published(line, buyer):
    review = services.review_create(line=line, by=buyer, stars=1, text="简直是垃圾店，ＦＵＣＫ")

    assert review.text == "简直是＊＊＊，＊＊＊＊"
    assert review.status == ReviewStatus.PUBLISHED


def test_a_hold_level_word_holds_the_review_for_moderation(line, buyer):
    review = services.review_create(line=line, by=buyer, stars=5, text="好评返现，加ＱＱ群 12345")

    assert review.status == ReviewStatus.HELD
    assert review.held_words == ["好评返现", "返现", "加ＱＱ", "ＱＱ群"]  # as written, each word found
    assert list(review.events.values_list("type", flat=True)) == ["created", "held"]


def test_an_operator_approves_a_held_review_and_hides_another_with_a_reason(phone, buyer, operator):
    held = services.review_create(line=bought(phone, buyer).lines.get(), by=buyer, stars=5, text="加微信有优惠")
    published = services.review_create(line=bought(phone, buyer).lines.get(), by=buyer, stars=2, text="一般")

    services.review_approve(review=held, by=operator)
    services.review_hide(review=published, by=operator, reason="与商品无关")
    with pytest.raises(InvalidInput):
        services.review_hide(review=held, by=operator, reason="")

    held.refresh_from_db()
    published.refresh_from_db()
    assert held.status == ReviewStatus.PUBLISHED
    assert (published.status, published.hidden_reason) == (ReviewStatus.HIDDEN, "与商品无关")
    assert published.events.get(type="hidden").by == operator


def test_one_follow_up_per_review_by_its_author(line, buyer):
    review = services.review_create(line=line, by=buyer, stars=4, text="先给四星")

    with pytest.raises(NotFound):
        services.review_follow_up(review=review, by=UserFactory(), text="别人的追评")
    follow_up = services.review_follow_up(review=review, by=buyer, text="用了一个月，很好", photos=[png()])
    with pytest.raises(AlreadyReviewed):
        services.review_follow_up(review=review, by=buyer, text="再追一次")

    assert FollowUp.objects.get() == follow_up and follow_up.text == "用了一个月，很好"
    assert ReviewPhoto.objects.get().follow_up is True
    review.refresh_from_db()
    assert review.has_photos is True


def test_an_empty_follow_up_is_refused_and_a_held_word_holds_it(line, buyer):
    review = services.review_create(line=line, by=buyer, stars=4)

    with pytest.raises(InvalidInput):
        services.review_follow_up(review=review, by=buyer, text="  ")
    follow_up = services.review_follow_up(review=review, by=buyer, text="想要便宜的加微信")

    assert follow_up.status == ReviewStatus.HELD


def test_the_store_replies_once_and_only_to_its_own_review(line, buyer, store, owner):
    review = services.review_create(line=line, by=buyer, stars=5, text="不错")
    other_store = StoreFactory()
    other_owner = MembershipFactory(store=other_store, role="owner").user

    with pytest.raises(NotFound):
        services.review_reply(review=review, store=other_store, by=other_owner, text="谢谢")
    services.review_reply(review=review, store=store, by=owner, text="感谢支持")
    with pytest.raises(AlreadyReviewed):
        services.review_reply(review=review, store=store, by=owner, text="再谢一次")

    review.refresh_from_db()
    assert (review.reply, review.replied_by) == ("感谢支持", owner)


def test_a_held_review_cannot_be_replied_to_until_approved(line, buyer, store, owner):
    review = services.review_create(line=line, by=buyer, stars=5, text="刷单的加微信")

    with pytest.raises(NotFound):
        services.review_reply(review=review, store=store, by=owner, text="谢谢")

    assert Review.objects.get().replied_at is None


def test_the_review_records_the_lines_snapshot_and_its_time(line, buyer):
    now = timezone.now() - timedelta(hours=3)

    review = services.review_create(line=line, by=buyer, stars=5, now=now)

    assert (review.title, review.specs, review.created_at) == (line.title, line.specs, now)
