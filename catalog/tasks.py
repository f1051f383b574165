"""Thin Celery tasks of the catalog: take ids, call a service, safe to run twice."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from catalog import services
from catalog.models import SpuImage

# A picture's thumbnails are normally made seconds after its upload; older than this without any, its task
# was lost (a broker restart) and the sweep sends it again.
THUMBNAIL_GRACE = timedelta(minutes=10)


@shared_task
def apply_shelf_schedule() -> dict[str, int]:
    """Every minute: put on / take off the shelf the products whose scheduled time has come."""
    return services.spu_apply_shelf_schedule()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def make_spu_thumbnails(image_id: int) -> None:
    """After an upload commits: the picture's fixed-size thumbnails. A picture deleted meanwhile needs none."""
    image = SpuImage.objects.filter(pk=image_id).first()
    if image is not None:
        services.spu_image_make_thumbnails(image=image)


@shared_task
def sweep_missing_thumbnails() -> int:
    """Every 15 minutes: send again the thumbnail tasks of pictures that still have none after the grace time."""
    missing = SpuImage.objects.filter(thumbnails={}, uploaded_at__lt=timezone.now() - THUMBNAIL_GRACE)
    image_ids = list(missing.order_by("pk").values_list("pk", flat=True)[:500])
    for image_id in image_ids:
        make_spu_thumbnails.delay(image_id)
    return len(image_ids)
