"""After-sales to the end (issue 13 item 9): a preset reason that fits the request's kind, photos checked as product
pictures are, the appeal to the platform by the request's own shopper once the store rejected it, and the
operator's written ruling that the shopper and the store both read; nobody else sees any of it."""

import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from marketplace.notifications.models import Message
from orders.aftersales.evidence import MAX_EVIDENCE
from orders.aftersales.services import refund_arbitrate, refund_escalate
from orders.exceptions import InvalidInput, NotFound
from orders.models import EvidenceStage, OrderEvent, OrderStatus, Refund, RefundEvidence, RefundStatus, StoreOrder
from tests.conftest import client_for
from tests.factories import MembershipFactory, OperatorFactory, StoreFactory, UserFactory
from tests.orders.test_refunds import ask, paid_order

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def api(member):
    return client_for(member)


@pytest.fixture
def browser(member):
    client = Client()
    client.force_login(member)
    return client


def photo(name="goods.jpg", format="JPEG", size=(64, 48)) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{format.lower()}")


def html(response) -> str:
    return response.content.decode()


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html(response)))


def shipped(order: StoreOrder) -> StoreOrder:
    StoreOrder.objects.filter(pk=order.pk).update(status=OrderStatus.SHIPPED, shipped_at=timezone.now())
    order.refresh_from_db()
    return order


def request_body(order, **fields) -> dict:
    [line] = order.lines.all()
    return {"kind": "refund_only", "lines": [{"line": line.pk, "quantity": 1}], **fields}


# --- Preset reasons -----------------------------------------------------------------------------------------------


def test_a_reason_code_of_the_kind_is_kept_and_read_as_its_label(api, member, store):
    order = paid_order(api, member, store, quantity=1)

    response = api.post(
        f"/api/v1/orders/{order.order_no}/refunds/", request_body(order, reason_code="unwanted"), format="json"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["reason_code"], body["reason"]) == ("unwanted", "")
    assert body["reason_label"] == "No longer wanted / ordered by mistake"  # in the request's language (English here)
    assert body["evidence"] == [] and body["ruling"] == "" and body["ruling_granted"] is None


def test_a_reason_of_the_other_kind_or_other_without_words_is_refused_and_changes_nothing(api, member, store):
    order = paid_order(api, member, store, quantity=1)
    url = f"/api/v1/orders/{order.order_no}/refunds/"

    wrong_kind = api.post(url, request_body(order, reason_code="seven_days"), format="json")  # a return's reason
    wordless = api.post(url, request_body(order, reason_code="other", reason="  "), format="json")
    unknown = api.post(url, request_body(order, reason_code="bored"), format="json")

    assert [r.status_code for r in (wrong_kind, wordless, unknown)] == [400, 400, 400]
    assert wrong_kind.json()["code"] == "validation_error" and "reason_code" in wrong_kind.json()["fields"]
    assert "reason" in wordless.json()["fields"]
    assert "reason_code" in unknown.json()["fields"]
    assert not Refund.objects.exists()


def test_a_request_naming_no_code_is_other_with_its_words_as_before(api, member, store):
    order = paid_order(api, member, store, quantity=1)

    body = ask(api, order, 1).json()  # {"kind", "lines", "reason": "不想要了"}: the API as it was

    assert (body["reason_code"], body["reason"]) == ("other", "不想要了")


def test_the_page_offers_each_kinds_reasons_and_keeps_the_chosen_one_with_photos(browser, api, member, store):
    order = shipped(paid_order(api, member, store, quantity=1))
    [line] = order.lines.all()
    form = html(browser.get(f"/orders/{order.order_no}/refund/"))
    assert 'data-kind="refund_only" value="unwanted"' not in form  # the option's attributes come in Django's order
    assert re.search(
        r'value="seven_days"[^>]*data-kind="return_refund"|data-kind="return_refund"[^>]*value="seven_days"', form
    )
    assert 'enctype="multipart/form-data"' in form

    done = browser.post(
        f"/orders/{order.order_no}/refund/",
        {
            "kind": "return_refund",
            "reason_code": "damaged",
            "reason": "屏幕有裂痕",
            f"line_{line.pk}": "1",
            "evidence": [photo("IMG_0001.jpg"), photo("屏幕.png", "PNG")],
        },
        follow=True,
    )

    refund = Refund.objects.get(order=order)
    assert (refund.kind, refund.reason_code, refund.reason) == ("return_refund", "damaged", "屏幕有裂痕")
    pictures = list(refund.evidence.all())
    assert [(p.stage, p.by_id) for p in pictures] == [(EvidenceStage.REQUEST, member.pk)] * 2
    # Stored under a random name with the extension of what each really is; the uploaded names are gone.
    assert [p.image.name.rsplit(".", 1)[1] for p in pictures] == ["jpg", "png"]
    assert not any("IMG_0001" in p.image.name or "屏幕" in p.image.name for p in pictures)
    page = html(done)
    assert done.redirect_chain[-1][0] == f"/refunds/{refund.pk}/"
    assert "收到商品破损" in page and "屏幕有裂痕" in page
    assert all(p.image.url in page for p in pictures)


def test_the_thumbnails_are_made_after_the_request_commits(api, member, store, django_capture_on_commit_callbacks):
    order = shipped(paid_order(api, member, store, quantity=1))
    [line] = order.lines.all()
    browser = Client()
    browser.force_login(member)
    body = {
        "kind": "return_refund",
        "reason_code": "quality",
        f"line_{line.pk}": "1",
        "evidence": photo(size=(900, 600)),
    }

    with django_capture_on_commit_callbacks(execute=True):
        browser.post(f"/orders/{order.order_no}/refund/", body)

    picture = RefundEvidence.objects.get()
    assert set(picture.thumbnails) == {"120", "360", "800"}
    assert picture.thumbnail_url.endswith(".jpg") and "thumbs" in picture.thumbnail_url


# --- Photos: checked as product pictures are ----------------------------------------------------------------------


def test_more_than_five_photos_or_one_that_is_not_a_picture_are_refused_and_nothing_is_asked(
    browser, api, member, store
):
    order = paid_order(api, member, store, quantity=1)
    [line] = order.lines.all()
    url = f"/orders/{order.order_no}/refund/"
    body = {"kind": "refund_only", "reason_code": "unwanted", f"line_{line.pk}": "1"}

    too_many = browser.post(url, {**body, "evidence": [photo(f"{n}.jpg") for n in range(MAX_EVIDENCE + 1)]})
    not_a_picture = browser.post(
        url, {**body, "evidence": [photo(), SimpleUploadedFile("fake.png", b"<html>hi</html>", "image/png")]}
    )
    a_gif = browser.post(url, {**body, "evidence": [photo("anim.gif", "GIF")]})

    assert too_many.status_code == not_a_picture.status_code == a_gif.status_code == 200
    assert "最多 5 张图片" in text(too_many)
    assert "fake.png" in text(not_a_picture)
    assert 'class="field invalid"' in html(a_gif)
    assert not Refund.objects.exists() and not RefundEvidence.objects.exists()


# --- The store's rejection, with its photos -------------------------------------------------------------------------


def seller(store, user=None):
    client = Client()
    client.force_login(user or MembershipFactory(store=store, role="manager").user)
    return client


def test_the_store_rejects_with_photos_that_the_shopper_sees(browser, api, member, store, owner):
    refund = ask(api, paid_order(api, member, store, quantity=1), 1).json()
    store_page = seller(store, owner)

    store_page.post(f"/seller/refunds/{refund['id']}/reject/", {"reason": "商品已拆封使用", "evidence": [photo()]})

    refund = Refund.objects.get(pk=refund["id"])
    assert (refund.status, refund.reject_reason) == (RefundStatus.REJECTED, "商品已拆封使用")
    [picture] = refund.rejection_evidence
    assert picture.by == owner
    page = html(browser.get(f"/refunds/{refund.pk}/"))
    assert "商品已拆封使用" in page and picture.image.url in page
    assert f'action="/refunds/{refund.pk}/escalate/"' in page  # the appeal's form, now that it is rejected


def test_a_rejection_with_a_file_that_is_not_a_picture_is_refused_and_the_request_still_waits(
    api, member, store, owner
):
    refund = ask(api, paid_order(api, member, store, quantity=1), 1).json()

    response = seller(store, owner).post(
        f"/seller/refunds/{refund['id']}/reject/",
        {"reason": "已拆封", "evidence": [SimpleUploadedFile("note.webp", b"not a picture", "image/webp")]},
    )

    assert response.status_code == 400
    row = html(response).split(f'id="refund-{refund["id"]}"')[1].split("</tr>")[0]
    assert "note.webp" in row and 'name="evidence"' in row
    assert Refund.objects.get(pk=refund["id"]).status == RefundStatus.REQUESTED
    assert not RefundEvidence.objects.exists()


# --- The appeal to the platform ---------------------------------------------------------------------------------


def test_only_a_rejected_request_is_taken_to_the_platform(api, member, store):
    refund = Refund.objects.get(pk=ask(api, paid_order(api, member, store, quantity=1), 1).json()["id"])

    response = api.post(f"/api/v1/refunds/{refund.pk}/escalate/", {"reason": "商家不理"}, format="json")
    page = Client()
    page.force_login(member)
    refused_page = page.post(f"/refunds/{refund.pk}/escalate/", {"reason": "商家不理"}, follow=True)

    assert response.status_code == 409 and response.json()["code"] == "invalid_transition"
    assert f'action="/refunds/{refund.pk}/escalate/"' not in html(page.get(f"/refunds/{refund.pk}/"))
    assert "只有被商家拒绝的申请" in text(refused_page)
    refund.refresh_from_db()
    assert (refund.status, refund.escalate_reason) == (RefundStatus.REQUESTED, "")


def test_only_the_requests_own_shopper_takes_it_to_the_platform(api, member, store, owner):
    refund = Refund.objects.get(pk=ask(api, paid_order(api, member, store, quantity=1), 1).json()["id"])
    client_for(owner).post(f"/api/v1/seller/refunds/{refund.pk}/reject/", {"reason": "已发货"}, format="json")
    stranger = UserFactory()
    stranger_page = Client()
    stranger_page.force_login(stranger)

    with pytest.raises(NotFound):
        refund_escalate(refund=refund, user=stranger, reason="我也要")
    assert stranger_page.get(f"/refunds/{refund.pk}/").status_code == 404
    assert stranger_page.post(f"/refunds/{refund.pk}/escalate/", {"reason": "我也要"}).status_code == 404
    assert client_for(stranger).post(f"/api/v1/refunds/{refund.pk}/escalate/").status_code == 404
    assert Refund.objects.get(pk=refund.pk).status == RefundStatus.REJECTED


def test_the_shopper_appeals_from_the_page_with_a_statement_and_more_photos(browser, api, member, store, owner):
    refund = Refund.objects.get(pk=ask(api, paid_order(api, member, store, quantity=1), 1).json()["id"])
    client_for(owner).post(f"/api/v1/seller/refunds/{refund.pk}/reject/", {"reason": "已发货"}, format="json")

    wordless = browser.post(f"/refunds/{refund.pk}/escalate/", {"reason": ""})
    done = browser.post(
        f"/refunds/{refund.pk}/escalate/",
        {"reason": "快递显示未签收", "evidence": [photo("track.png", "PNG")]},
        follow=True,
    )

    assert wordless.status_code == 400 and 'class="field invalid"' in html(wordless)
    refund.refresh_from_db()
    assert (refund.status, refund.escalate_reason) == (RefundStatus.ARBITRATING, "快递显示未签收")
    assert [p.stage for p in refund.evidence.all()] == [EvidenceStage.ESCALATION]
    assert "平台仲裁中" in text(done) and "快递显示未签收" in text(done)
    assert OrderEvent.objects.filter(refund=refund, type="refund_escalated", reason="快递显示未签收").exists()
    assert Message.objects.filter(kind="store_refund_escalated", store=store, recipient=owner).exists()


# --- The ruling ---------------------------------------------------------------------------------------------------


def escalated(api, member, store, owner) -> Refund:
    refund = Refund.objects.get(pk=ask(api, paid_order(api, member, store, quantity=1), 1).json()["id"])
    client_for(owner).post(f"/api/v1/seller/refunds/{refund.pk}/reject/", {"reason": "已发货"}, format="json")
    api.post(f"/api/v1/refunds/{refund.pk}/escalate/", {"reason": "没收到货"}, format="json")
    refund.refresh_from_db()
    return refund


@pytest.mark.parametrize("ruling", ["", "   "])
def test_a_ruling_is_always_written(api, member, store, owner, ruling):
    refund = escalated(api, member, store, owner)

    with pytest.raises(InvalidInput):
        refund_arbitrate(refund=refund, by=OperatorFactory(), grant=True, ruling=ruling)
    response = client_for(OperatorFactory()).post(
        f"/api/v1/platform/refunds/{refund.pk}/arbitrate/", {"grant": True, "reason": ruling}, format="json"
    )

    assert response.status_code == 400 and response.json()["code"] == "validation_error"
    refund.refresh_from_db()
    assert (refund.status, refund.ruling, refund.ruled_at) == (RefundStatus.ARBITRATING, "", None)


def test_the_ruling_is_kept_and_both_sides_read_it_and_are_told(browser, api, member, store, owner):
    refund = escalated(api, member, store, owner)
    ruling = "物流记录显示未签收，支持买家退款。"

    response = client_for(OperatorFactory()).post(
        f"/api/v1/platform/refunds/{refund.pk}/arbitrate/", {"grant": True, "reason": ruling}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["ruling"], response.json()["ruling_granted"]) == (
        "refunded",
        ruling,
        True,
    )
    event = OrderEvent.objects.get(refund=refund, type="refund_refunded")
    assert event.reason == ruling and event.by.is_staff
    shopper_page = text(browser.get(f"/refunds/{refund.pk}/"))
    assert "平台裁决" in shopper_page and ruling in shopper_page
    store_page = seller(store, owner)
    assert ruling in text(store_page.get(f"/seller/refunds/{refund.pk}/"))
    assert ruling in text(store_page.get("/seller/refunds/?status=refunded"))
    told = Message.objects.filter(params__refund_no=refund.refund_no, params__reason=ruling)
    assert set(told.values_list("kind", flat=True)) == {"refund_arbitrated_refunded", "store_refund_granted"}


def test_a_refusal_is_read_as_one_by_both_sides(browser, api, member, store, owner):
    refund = escalated(api, member, store, owner)

    refund_arbitrate(refund=refund, by=OperatorFactory(), grant=False, ruling="商家已提供签收凭证。")

    refund.refresh_from_db()
    assert (refund.status, refund.ruling_granted) == (RefundStatus.CLOSED, False)
    assert "驳回" in text(browser.get(f"/refunds/{refund.pk}/"))
    assert Message.objects.filter(kind="store_refund_refused", store=store).exists()


def test_another_store_or_shopper_sees_none_of_it(api, member, store, owner):
    refund = escalated(api, member, store, owner)
    refund_arbitrate(refund=refund, by=OperatorFactory(), grant=False, ruling="驳回")
    other_store = seller(StoreFactory(name="别家店"))
    other_shopper = Client()
    other_shopper.force_login(UserFactory())

    assert other_store.get(f"/seller/refunds/{refund.pk}/").status_code == 404
    assert "驳回" not in text(other_store.get("/seller/refunds/?status="))
    assert other_shopper.get(f"/refunds/{refund.pk}/").status_code == 404
    assert client_for(UserFactory()).get(f"/api/v1/refunds/{refund.pk}/").status_code == 404
