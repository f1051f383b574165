"""Thin Celery tasks of reviews: take ids, call a service, safe to run twice."""

from celery import shared_task

from reviews import services
from reviews.models import ReviewPhoto


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def make_review_photo_thumbnails(photo_id: int) -> None:
    """After an upload commits: the photo's thumbnails (until then pages show the original, scaled down)."""
    photo = ReviewPhoto.objects.filter(pk=photo_id).first()
    if photo is not None:
        services.review_photo_make_thumbnails(photo=photo)
