"""Product pictures: what an upload must be before it is stored (marketplace.images.validate_image, shared with
the stores center's application documents), and the fixed-size thumbnails made of it."""

from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

__all__ = ["THUMBNAIL_SIZES", "make_thumbnails"]

THUMBNAIL_SIZES = (120, 360, 800)  # list thumbnail, list card, detail page (longest side, pixels)


def make_thumbnails(name: str, *, prefix: str) -> dict[str, str]:
    """JPEG thumbnails of the stored picture `name`, one per THUMBNAIL_SIZES, stored as
    `<prefix>-<size>.jpg` (so making them again overwrites, never piles up). Returns {size: stored name}."""
    with default_storage.open(name, "rb") as stored, Image.open(stored) as original:
        picture = original.convert("RGB")
    thumbnails = {}
    for size in THUMBNAIL_SIZES:
        thumbnail = picture.copy()
        thumbnail.thumbnail((size, size))
        buffer = BytesIO()
        thumbnail.save(buffer, "JPEG", quality=85, optimize=True)
        target = f"{prefix}-{size}.jpg"
        if default_storage.exists(target):
            default_storage.delete(target)
        thumbnails[str(size)] = default_storage.save(target, ContentFile(buffer.getvalue()))
    return thumbnails
