"""Product pictures: add (validated, thumbnails made after commit) and remove."""

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from catalog import tasks
from catalog.exceptions import InvalidInput
from catalog.images import make_thumbnails
from catalog.models import ImageKind, Spu, SpuImage
from marketplace.images import validate_image
from marketplace.tasks import enqueue
from members.models import User


@transaction.atomic
def spu_image_add(*, spu: Spu, by: User | None, image: File, kind: str, spec_value: str = "") -> SpuImage:
    """Attach a main or detail picture, or the picture of one value of the product's first spec (a colour:
    seed 002 puts pictures on one spec only). Thumbnails follow from a task once the row is committed."""
    if kind not in ImageKind.values:
        raise InvalidInput(_("Unknown kind of picture."), fields={"kind": [_("Choose main, detail or spec.")]})
    if kind == ImageKind.SPEC:
        values = spu.specs[0]["values"] if spu.specs else []
        if spec_value not in values:
            raise InvalidInput(
                _("A spec picture belongs to a value of the first spec."),
                fields={"spec_value": [_("Choose one of: %(values)s.") % {"values": ", ".join(values) or "-"}]},
            )
    elif spec_value:
        raise InvalidInput(_("Only spec pictures name a spec value."), fields={"spec_value": [_("Leave this empty.")]})
    validate_image(image)
    last = spu.images.filter(kind=kind).order_by("-sort_order").values_list("sort_order", flat=True).first()
    picture = SpuImage.objects.create(
        spu=spu, kind=kind, spec_value=spec_value, image=image, sort_order=0 if last is None else last + 1
    )
    enqueue(tasks.make_spu_thumbnails, picture.pk)
    return picture


def spu_image_make_thumbnails(*, image: SpuImage) -> SpuImage:
    """(Re)make the fixed-size thumbnails of one picture; safe to run twice."""
    image.thumbnails = make_thumbnails(image.image.name, prefix=f"spu/thumbs/{image.pk}")
    image.save(update_fields=["thumbnails"])
    return image


@transaction.atomic
def spu_image_remove(*, image: SpuImage, by: User | None) -> None:
    names = [image.image.name, *image.thumbnails.values()]
    storage = image.image.storage
    image.delete()

    def delete_files():
        for name in names:
            storage.delete(name)

    # Files go only once the row is gone for good; a rolled-back delete keeps them.
    transaction.on_commit(delete_files)
