"""What an uploaded picture must be before it is stored: product pictures (catalog.images), a merchant's
application documents (stores: business licence, ID), after-sales evidence and review photos are checked by this one
function.

Pillow decodes untrusted files, so the checks run on the header first: the format must be one we serve and
the pixel count must be sane before any pixel is decoded (a 50 KB PNG can claim 100,000 x 100,000 pixels and
take gigabytes to open: a decompression bomb)."""

import warnings

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from marketplace.exceptions import InvalidInput

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # 8000 x 5000: more than any product picture or scanned document needs


def validate_image(file, *, field: str = "image") -> str:
    """Raise InvalidInput (naming `field`) unless `file` is a JPEG, PNG or WebP of sane bytes and pixels; return its
    format ("JPEG", "PNG", "WEBP"), which says what it is where its name may not."""

    def refuse(message: str) -> InvalidInput:
        return InvalidInput(message, fields={field: [message]})

    if file.size > MAX_IMAGE_BYTES:
        raise refuse(_("The file is larger than %(mb)d MB.") % {"mb": MAX_IMAGE_BYTES // (1024 * 1024)})
    file.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice it; here that is a refusal like any other bomb.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:  # reads the header only
                if image.format not in ALLOWED_FORMATS:
                    raise refuse(_("Upload a JPEG, PNG or WebP picture."))
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise refuse(_("The picture has more than %(n)d pixels.") % {"n": MAX_IMAGE_PIXELS})
                image.verify()  # walks the file's structure without keeping pixels
                return image.format
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise refuse(_("The picture has more than %(n)d pixels.") % {"n": MAX_IMAGE_PIXELS}) from error
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise refuse(_("The file is not a picture.")) from error
    finally:
        file.seek(0)
