"""A demo application to open a store, waiting for review, so that an operator of `make run` finds one in the admin
(/admin/stores/store/?status__exact=applying) with its documents to look at. Seeded after the catalog, whose top-level
categories it names; through the service, as an applicant's would be. Running the seed again changes nothing."""

from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from marketplace.models import Region
from members.demo import demo_user
from stores.business_categories import category_choices
from stores.models import Store
from stores.services import store_apply


def _document(title: str, colour: str) -> SimpleUploadedFile:
    """A stand-in picture of a document: a coloured card with its title (no real licence or ID in the demo)."""
    image = Image.new("RGB", (640, 420), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((16, 16, 623, 403), outline="white", width=4)
    draw.text((40, 40), f"{title} - DEMO SAMPLE", fill="white")
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile(f"{title.lower().replace(' ', '-')}.png", buffer.getvalue(), content_type="image/png")


def seed(demo: dict) -> None:
    applicant = demo_user("applicant", phone="13900009999")
    demo["accounts"].append(("store applicant", applicant.username, "/me/store/ (under review)"))
    if Store.objects.filter(applicant=applicant).exists():
        return
    store_apply(
        applicant=applicant,
        name="田园鲜果铺",
        type="third_party",
        phone="021-6432 1888",
        region=Region.objects.get(pk="310104"),
        address="上海市徐汇区漕溪北路 88 号",
        latitude=Decimal("31.188000"),
        longitude=Decimal("121.437000"),
        intro="产地直采的时令水果。",
        business_licence=_document("BUSINESS LICENCE", "#1f4e79"),
        id_card=_document("ID CARD", "#7a3e00"),
        business_categories=[pk for pk, _name in category_choices()[:2]],
        contact_name="田园",
        contact_phone="13900009999",
    )
