from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from catalog import tasks
from catalog.models import SpuImage
from tests.factories import StoreFactory

pytestmark = pytest.mark.django_db


def picture(format="PNG", size=(1200, 900), mode="RGB", name="photo.png") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new(mode, size, "navy" if mode == "RGB" else 0).save(buffer, format)
    return SimpleUploadedFile(name, buffer.getvalue())


def upload(client, spu, **fields):
    return client.post(f"/api/v1/seller/products/{spu.pk}/images/", fields, format="multipart")


def test_an_uploaded_picture_is_stored_and_gets_its_thumbnails_after_commit(
    owner_api, store, catalog, media_root, django_capture_on_commit_callbacks
):
    spu = catalog.phone(store, approve=False)

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(owner_api, spu, image=picture(), kind="main")

    assert response.status_code == 201, response.json()
    image = SpuImage.objects.get(spu=spu)
    assert (image.kind, image.spec_value, image.sort_order) == ("main", "", 0)
    assert response.json()["url"] == f"http://testserver/media/{image.image.name}"
    assert sorted(image.thumbnails, key=int) == ["120", "360", "800"]
    with Image.open(media_root / image.thumbnails["360"]) as thumbnail:
        assert (thumbnail.format, thumbnail.size) == ("JPEG", (360, 270))


def test_a_colour_picture_must_name_a_value_of_the_first_spec(owner_api, store, catalog):
    spu = catalog.phone(store, colours=("黑色", "白色"), approve=False)

    wrong = upload(owner_api, spu, image=picture(), kind="spec", spec_value="128G")
    right = upload(owner_api, spu, image=picture(), kind="spec", spec_value="白色")

    assert wrong.status_code == 400
    assert "spec_value" in wrong.json()["fields"]
    assert right.status_code == 201
    assert list(SpuImage.objects.values_list("spec_value", flat=True)) == ["白色"]


@pytest.mark.parametrize(
    "file",
    [
        SimpleUploadedFile("photo.png", b"this is not a picture at all"),
        picture(format="GIF", name="photo.gif"),
        picture(format="PNG", mode="1", size=(10_000, 10_000)),  # 100 megapixels in a few KB: a bomb
    ],
    ids=["text", "gif", "decompression-bomb"],
)
def test_files_that_are_not_allowed_pictures_are_refused(owner_api, store, catalog, file):
    spu = catalog.phone(store, approve=False)

    response = upload(owner_api, spu, image=file, kind="main")

    assert response.status_code == 400
    assert "image" in response.json()["fields"]
    assert not SpuImage.objects.exists()


def test_a_file_over_the_byte_limit_is_refused(owner_api, store, catalog, monkeypatch):
    monkeypatch.setattr("marketplace.images.MAX_IMAGE_BYTES", 1024)  # the limit product pictures share
    spu = catalog.phone(store, approve=False)

    response = upload(owner_api, spu, image=picture(size=(600, 600)), kind="detail")

    assert response.status_code == 400
    assert "larger than" in response.json()["fields"]["image"][0]


def test_pictures_of_another_stores_product_are_404(owner_api, catalog):
    theirs = catalog.phone(StoreFactory(), approve=False)

    assert upload(owner_api, theirs, image=picture(), kind="main").status_code == 404


def test_removing_a_picture_deletes_the_row_and_its_files_after_commit(
    owner_api, store, catalog, media_root, django_capture_on_commit_callbacks
):
    spu = catalog.phone(store, approve=False)
    with django_capture_on_commit_callbacks(execute=True):
        image_id = upload(owner_api, spu, image=picture(), kind="main").json()["id"]
    files = list((media_root / "spu").rglob("*.*"))
    assert len(files) == 4

    with django_capture_on_commit_callbacks(execute=True):
        response = owner_api.delete(f"/api/v1/seller/products/{spu.pk}/images/{image_id}/")

    assert response.status_code == 204
    assert not SpuImage.objects.exists()
    assert not any(path.exists() for path in files)


def test_the_sweep_makes_the_thumbnails_a_lost_task_never_made(owner_api, store, catalog):
    spu = catalog.phone(store, approve=False)
    image_id = upload(owner_api, spu, image=picture(), kind="main").json()["id"]  # its task never ran: no commit
    fresh_id = upload(owner_api, spu, image=picture(), kind="detail").json()["id"]
    SpuImage.objects.filter(pk=image_id).update(uploaded_at=timezone.now() - timedelta(hours=1))

    assert tasks.sweep_missing_thumbnails() == 1

    assert sorted(SpuImage.objects.get(pk=image_id).thumbnails, key=int) == ["120", "360", "800"]
    assert SpuImage.objects.get(pk=fresh_id).thumbnails == {}  # still within its grace time
