"""What the store application tests share: pictures to upload as documents, the top-level categories a merchant
may name, and an application's fields as the service takes them."""

from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from marketplace.models import Region
from tests.catalog.factories import BackendCategoryFactory


def picture(name: str = "licence.png", colour: str = "navy", format: str = "PNG") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{format.lower()}")


def not_a_picture(name: str = "licence.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 not a picture", content_type="image/png")


def categories() -> tuple:
    """Two top-level backend categories (what an application may name) and a child one (what it may not)."""
    fresh = BackendCategoryFactory(name="生鲜")
    digital = BackendCategoryFactory(name="数码")
    phones = BackendCategoryFactory(name="手机", parent=digital)
    return fresh, digital, phones


def application(**changes) -> dict:
    """An application as store_apply takes it (documents and categories added by the caller)."""
    return {
        "name": "鲜果铺子",
        "type": "third_party",
        "phone": "021-5555 0000",
        "region": Region.objects.get(pk="310104"),
        "address": "漕溪北路 88 号",
        "latitude": Decimal("31.188000"),
        "longitude": Decimal("121.437000"),
        "contact_name": "王芳",
        "contact_phone": "13811112222",
        **changes,
    }
