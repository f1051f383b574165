"""Pictures of after-sales evidence (售后凭证): the shopper's photos of the goods, with the request or the appeal to
the platform, and the store's with its rejection.

Each is checked as the catalog checks product pictures (catalog.images: a JPEG, PNG or WebP of sane bytes and
pixels), at most MAX_EVIDENCE at each step, and stored under a random name with the extension of what it really is:
the uploaded name may say who sent it, and an extension the sender chose could make the media server call a picture
a page. Media are served by name (production serves them from its storage), so an unguessable name is what keeps a
photo taken in someone's home to the people who see its request's pages. Thumbnails are made after commit."""

from collections.abc import Sequence
from datetime import timedelta
from uuid import uuid4

from django.core.files import File
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.images import make_thumbnails
from marketplace.exceptions import InvalidInput
from marketplace.images import validate_image
from marketplace.tasks import enqueue
from members.models import User
from orders import tasks
from orders.models import Refund, RefundEvidence

MAX_EVIDENCE = 5  # pictures at each step, as Tmall and JD take them
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
# Thumbnails are normally made seconds after the upload; older than this without any, the task was lost.
THUMBNAIL_GRACE = timedelta(minutes=10)


def _checked(files: Sequence[File]) -> list[str]:
    """Raise InvalidInput (field `evidence`) unless there are at most MAX_EVIDENCE files, each a picture the
    catalog would take; return their formats."""
    if len(files) > MAX_EVIDENCE:
        message = _("At most %(n)d pictures.") % {"n": MAX_EVIDENCE}
        raise InvalidInput(message, fields={"evidence": [message]})
    formats = []
    for file in files:
        try:
            formats.append(validate_image(file))
        except InvalidInput as refused:
            message = f"{file.name}: {refused.detail}"
            raise InvalidInput(message, fields={"evidence": [message]}) from None
    return formats


def evidence_add(*, refund: Refund, stage: str, by: User, files: Sequence[File]) -> list[RefundEvidence]:
    """Keep the pictures `by` gave at `stage` of `refund`, or none if one is refused (InvalidInput, field
    `evidence`). Call it last in the step's transaction, once the step itself went through: a file stored for a
    step refused afterwards would stay behind its rolled-back row. Thumbnails follow once it commits."""
    formats = _checked(files)
    kept = []
    for file, format in zip(files, formats, strict=True):
        file.name = f"{uuid4().hex}{EXTENSIONS[format]}"
        kept.append(RefundEvidence.objects.create(refund=refund, stage=stage, by=by, image=file))
    for evidence in kept:
        enqueue(tasks.make_evidence_thumbnails, evidence.pk)
    return kept


def evidence_make_thumbnails(*, evidence: RefundEvidence) -> RefundEvidence:
    """(Re)make the fixed-size thumbnails of one picture; safe to run twice."""
    stem = evidence.image.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    evidence.thumbnails = make_thumbnails(evidence.image.name, prefix=f"refunds/thumbs/{stem}")
    evidence.save(update_fields=["thumbnails"])
    return evidence


def evidence_missing_thumbnails(limit: int = 500) -> list[int]:
    """Pictures still without thumbnails after the grace time: their task was lost."""
    missing = RefundEvidence.objects.filter(thumbnails={}, uploaded_at__lt=timezone.now() - THUMBNAIL_GRACE)
    return list(missing.order_by("pk").values_list("pk", flat=True)[:limit])
