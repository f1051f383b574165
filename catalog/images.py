"""Product pictures: what an upload must be before it is stored, and the fixed-size thumbnails made of it.

Pillow decodes untrusted files, so the checks run on the header first: the format must be one we serve and
the pixel count must be sane before any pixel is decoded (a 50 KB PNG can claim 100,000 x 100,000 pixels and
take gigabytes to open: a decompression bomb)."""

import warnings
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from marketplace.exceptions import InvalidInput

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # 8000 x 5000: more than any product picture needs
THUMBNAIL_SIZES = (120, 360, 800)  # list thumbnail, list card, detail page (longest side, pixels)


def _refuse(message: str) -> InvalidInput:
    return InvalidInput(message, fields={"image": [message]})


def validate_image(file) -> str:
    """Raise InvalidInput (field `image`) unless `file` is a JPEG, PNG or WebP of sane bytes and pixels; return its
    format ("JPEG", "PNG", "WEBP"), which says what it is where its name may not."""
    if file.size > MAX_IMAGE_BYTES:
        raise _refuse(_("The file is larger than %(mb)d MB.") % {"mb": MAX_IMAGE_BYTES // (1024 * 1024)})
    file.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice it; here that is a refusal like any other bomb.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:  # reads the header only
                if image.format not in ALLOWED_FORMATS:
                    raise _refuse(_("Upload a JPEG, PNG or WebP picture."))
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise _refuse(_("The picture has more than %(n)d pixels.") % {"n": MAX_IMAGE_PIXELS})
                image.verify()  # walks the file's structure without keeping pixels
                return image.format
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _refuse(_("The picture has more than %(n)d pixels.") % {"n": MAX_IMAGE_PIXELS}) from error
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise _refuse(_("The file is not a picture.")) from error
    finally:
        file.seek(0)


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
