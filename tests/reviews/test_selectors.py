"""Ratings: the count of each star, the average to 0.1 (halves up), per product and per store."""

from decimal import Decimal

import pytest

from reviews import selectors, services
from reviews.models import ReviewStatus
from tests.factories import StoreFactory
from tests.reviews.helpers import bought, png

pytestmark = pytest.mark.django_db


def review(phone, buyer, stars, **kwargs):
    return services.review_create(line=bought(phone, buyer).lines.get(), by=buyer, stars=stars, **kwargs)


def test_a_products_rating_counts_each_star_and_averages_to_a_tenth(phone, buyer):
    for stars in (5, 5, 4, 2):
        review(phone, buyer, stars)
    review(phone, buyer, 3, photos=[png()])
    review(phone, buyer, 1, text="加微信返现")  # held: not counted

    rating = selectors.product_rating(spu_id=phone.pk)

    assert rating.count == 5
    assert rating.average == Decimal("3.8")  # 19 / 5
    assert rating.by_star == {5: 2, 4: 1, 3: 1, 2: 1, 1: 0}
    assert rating.with_photos == 1


def test_the_average_rounds_half_up():
    assert selectors.one_decimal(Decimal("4.45")) == Decimal("4.5")
    assert selectors.one_decimal(4.666666) == Decimal("4.7")
    assert selectors.one_decimal(None) == Decimal("0.0")


def test_a_product_without_reviews_has_a_zero_rating(phone):
    rating = selectors.product_rating(spu_id=phone.pk)

    assert (rating.count, rating.average, rating.with_photos) == (0, Decimal("0.0"), 0)


def test_store_rating_averages_each_stores_published_reviews(catalog, store, phone, buyer, operator):
    for stars in (5, 4, 4):
        review(phone, buyer, stars)
    hidden = review(phone, buyer, 1)
    services.review_hide(review=hidden, by=operator, reason="广告")
    other = StoreFactory()
    other_phone = catalog.phone(other, title="别家 手机", stock=5)
    review(other_phone, buyer, 2)
    quiet = StoreFactory()

    ratings = selectors.store_rating([store.pk, other.pk, quiet.pk])

    assert ratings[store.pk] == selectors.StoreRating(average=Decimal("4.3"), count=3)
    assert ratings[other.pk] == selectors.StoreRating(average=Decimal("2.0"), count=1)
    assert quiet.pk not in ratings


def test_product_reviews_are_newest_first_and_filter_by_stars_and_photos(phone, buyer):
    first = review(phone, buyer, 5)
    second = review(phone, buyer, 3, photos=[png()])
    third = review(phone, buyer, 5)

    assert list(selectors.product_reviews(spu_id=phone.pk)) == [third, second, first]
    assert list(selectors.product_reviews(spu_id=phone.pk, stars=5)) == [third, first]
    assert list(selectors.product_reviews(spu_id=phone.pk, with_photos=True)) == [second]


def test_a_held_review_is_seen_only_by_its_author(phone, buyer):
    held = review(phone, buyer, 4, text="加微信")

    assert held.status == ReviewStatus.HELD
    assert list(selectors.product_reviews(spu_id=phone.pk)) == []
    assert list(selectors.member_reviews(user=buyer)) == [held]
