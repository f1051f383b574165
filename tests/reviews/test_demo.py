"""seed_demo reviews a few products (stars, photos, a follow-up, the stores' replies, one held for moderation);
a second seed adds none."""

from io import StringIO

import pytest
from django.core.management import call_command

from reviews import selectors
from reviews.models import FollowUp, Review, ReviewPhoto, ReviewStatus

pytestmark = pytest.mark.django_db


def test_the_demo_reviews_a_few_products_and_seeding_twice_adds_none(
    django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    count = Review.objects.count()

    call_command("seed_demo", stdout=StringIO())

    assert Review.objects.count() == count == 22  # 5 on each of two products of two stores, 1 held per store
    assert Review.objects.filter(status=ReviewStatus.HELD).count() == 2
    assert Review.objects.exclude(reply="").count() == 8
    assert FollowUp.objects.count() == 4 and ReviewPhoto.objects.count() == 8
    reviewed = sorted(set(Review.objects.published().values_list("spu_id", flat=True)))
    assert len(reviewed) == 4
    rating = selectors.product_rating(spu_id=reviewed[0])
    assert rating.count == 5 and rating.with_photos == 2
    assert ReviewPhoto.objects.exclude(thumbnails={}).count() == 8  # made by the task after the upload
