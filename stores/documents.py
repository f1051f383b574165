"""Where a merchant's application documents (business licence, the legal person's ID) are kept.

They are personal data, so they are not uploaded pictures like a product's: they live outside MEDIA_ROOT, under
settings.PRIVATE_MEDIA_ROOT, which no web server serves. Only two views hand them out, each after its own check: the
applicant's (stores.views.application_document, their own application only) and the operators' in the admin
(stores.admin, the store's view permission)."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible


@deconstructible
class DocumentStorage(FileSystemStorage):
    """FileSystemStorage rooted at settings.PRIVATE_MEDIA_ROOT, read at each use (tests point it elsewhere), and
    with no URL: a document is read through a view, never linked to as a file."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


DOCUMENT_KINDS = ("business_licence", "id_card")
CONTENT_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}


def document_response(store, kind: str) -> FileResponse:
    """The picture of one of the application's documents, for a view that has checked who asks: never cached by a
    shared cache, never guessed into another type by the browser. A kind it lacks is not found."""
    if kind not in DOCUMENT_KINDS:
        raise Http404
    file = getattr(store, kind)
    if not file or not file.storage.exists(file.name):
        raise Http404
    content_type = CONTENT_TYPES.get(os.path.splitext(file.name)[1].lower(), "application/octet-stream")
    response = FileResponse(file.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
