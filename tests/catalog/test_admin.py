import pytest
from django.test import Client
from django.utils import timezone

from catalog.models import ImageKind, Spu, SpuImage, SpuStatus
from tests.factories import OperatorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(db):
    client = Client(headers={"accept-language": "en"})  # the messages asserted below are the English ones
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def pending(catalog, store):
    spu = catalog.phone(store, approve=False)
    spu.status = SpuStatus.PENDING_REVIEW
    spu.save(update_fields=["status"])
    return spu


@pytest.mark.parametrize(
    "model",
    [
        "backendcategory",
        "storefrontcategory",
        "brand",
        "attribute",
        "spu",
        "spureview",
        "stock",
        "stockmovement",
        "storelisting",
    ],
)
def test_every_catalog_page_of_the_admin_opens(admin_client_, catalog, pending, model):
    assert admin_client_.get(f"/admin/catalog/{model}/").status_code == 200


def test_the_product_page_shows_its_skus_and_events(admin_client_, pending):
    response = admin_client_.get(f"/admin/catalog/spu/{pending.pk}/change/")

    assert response.status_code == 200
    assert "黑色" in response.content.decode()


def test_the_review_queue_lists_only_products_waiting_and_approves_through_the_service(admin_client_, catalog, store):
    waiting = catalog.phone(store, approve=False)
    Spu.objects.filter(pk=waiting.pk).update(status=SpuStatus.PENDING_REVIEW)
    catalog.phone(store, title="已上架 手机")

    page = admin_client_.get("/admin/catalog/spureview/").content.decode()
    assert "华为 Mate 60 Pro 手机" in page
    assert "已上架" not in page

    admin_client_.post("/admin/catalog/spureview/", {"action": "approve", "_selected_action": [waiting.pk]})

    waiting.refresh_from_db()
    assert waiting.status == SpuStatus.ON_SHELF
    assert waiting.events.filter(type="approved").exists()


def test_rejecting_in_the_admin_asks_for_a_reason_first(admin_client_, pending):
    form = admin_client_.post("/admin/catalog/spureview/", {"action": "reject", "_selected_action": [pending.pk]})
    assert form.status_code == 200
    assert "reason" in form.content.decode()
    assert Spu.objects.get(pk=pending.pk).status == SpuStatus.PENDING_REVIEW

    admin_client_.post(
        "/admin/catalog/spureview/",
        {"action": "reject", "_selected_action": [pending.pk], "apply": "1", "reason": "图片模糊"},
    )

    pending.refresh_from_db()
    assert (pending.status, pending.reject_reason) == (SpuStatus.REJECTED, "图片模糊")


def test_a_fifth_level_backend_category_is_refused_by_the_form(admin_client_, catalog):
    level_4 = catalog.phones.children.create(name="折叠屏")
    level_4.refresh_from_db()

    response = admin_client_.post(
        "/admin/catalog/backendcategory/add/",
        {
            "name": "第五层",
            "parent": level_4.pk,
            "is_active": "on",
            "attributes-TOTAL_FORMS": "0",
            "attributes-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "at most 4 levels" in response.content.decode()


def test_a_products_history_in_the_admin_reads_in_words_and_beijing_time(catalog, store):
    """Issue 13 item 3: the review page showed "submitted of 61 at … (UTC, English)"."""
    spu = catalog.phone(store)
    event = spu.events.order_by("at").first()

    assert event.type_label != event.type  # a label, not the code
    assert str(event) == f"{event.type_label} · {timezone.localtime(event.at):%Y-%m-%d %H:%M}"


@pytest.fixture
def operator_client(db):
    client = Client(headers={"accept-language": "en"})
    client.force_login(OperatorFactory())
    return client


def test_an_operator_reviews_a_product_on_its_page_with_pictures_and_specs_and_no_delete(operator_client, pending):
    """Issue 13 item 10: approve / reject on the review page, image previews, specs as a table, no delete."""
    SpuImage.objects.create(spu=pending, kind=ImageKind.MAIN, image="spu/main.png")

    page = operator_client.get(f"/admin/catalog/spureview/{pending.pk}/change/").content.decode()

    assert 'name="_approve"' in page and 'name="_reject"' in page and 'name="reason"' in page
    assert 'class="admin-preview"' in page and "spu/main.png" in page
    assert "颜色: 黑色 / 内存: 128G" in page
    assert f"/admin/catalog/spureview/{pending.pk}/delete/" not in page
    assert operator_client.post(f"/admin/catalog/spu/{pending.pk}/delete/", {"post": "yes"}).status_code == 403


def test_rejecting_on_the_page_needs_a_reason_and_approving_shelves_it(operator_client, pending, catalog, store):
    url = f"/admin/catalog/spureview/{pending.pk}/change/"

    operator_client.post(url, {"_reject": "Reject", "reason": ""})
    pending.refresh_from_db()
    assert pending.status == SpuStatus.PENDING_REVIEW  # no reason: nothing done

    operator_client.post(url, {"_reject": "Reject", "reason": "图片模糊"})
    pending.refresh_from_db()
    assert pending.status == SpuStatus.REJECTED and pending.events.filter(type="rejected", reason="图片模糊").exists()

    other = catalog.phone(store, title="荣耀 Magic6 手机", approve=False)
    Spu.objects.filter(pk=other.pk).update(status=SpuStatus.PENDING_REVIEW)
    operator_client.post(f"/admin/catalog/spureview/{other.pk}/change/", {"_approve": "Approve"})
    other.refresh_from_db()
    assert other.status == SpuStatus.ON_SHELF
