"""The applicant's pages under /me/store/ (开店) and the operators' review of an application in the admin: what each
person sees and may do, in the site's language (Chinese)."""

import pytest
from django.test import Client

from marketplace.notifications.models import Message, MessageKind
from stores.models import StaffRole, Store, StoreEventType, StoreStatus
from stores.services import store_apply, store_reject
from tests.factories import FinanceFactory, MembershipFactory, OperatorFactory, UserFactory
from tests.stores.application import application, categories, not_a_picture, picture

pytestmark = pytest.mark.django_db


@pytest.fixture
def offered():
    return categories()


def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form(offered, **changes) -> dict:
    fresh, digital, _phones = offered
    return {
        "name": "鲜果铺子",
        "type": "third_party",
        "business_licence": picture("licence.png"),
        "id_card": picture("id.png", "white"),
        "business_categories": [fresh.pk, digital.pk],
        "contact_name": "王芳",
        "contact_phone": "13811112222",
        "phone": "021-5555 0000",
        "province": "310000",
        "city": "310100",
        "district": "310104",
        "address": "漕溪北路 88 号",
        "latitude": "31.188000",
        "longitude": "121.437000",
        **changes,
    }


def applied(user, offered, **changes) -> Store:
    fresh, _digital, _phones = offered
    return store_apply(
        applicant=user,
        **application(business_licence=picture(), id_card=picture("id.png"), business_categories=[fresh.pk], **changes),
    )


def test_a_shopper_applies_on_the_page_and_sees_it_under_review(offered):
    shopper = UserFactory()
    page = browser(shopper)

    assert page.get("/me/store/")["Location"] == "/me/store/apply/"
    blank = page.get("/me/store/apply/").content.decode()
    assert "我要开店" in blank and "营业执照" in blank and "数码" in blank
    assert f'value="{offered[2].pk}"' not in blank  # a child category is not a category of business

    response = page.post("/me/store/apply/", form(offered))

    assert (response.status_code, response["Location"]) == (302, "/me/store/")
    store = Store.objects.get(applicant=shopper)
    assert (store.status, store.region_id, store.contact_name) == (StoreStatus.APPLYING, "310104", "王芳")
    assert store.business_licence and store.id_card
    status = page.get("/me/store/").content.decode()
    assert "审核中" in status and "鲜果铺子" in status and "生鲜、数码" in status
    assert page.get("/me/store/documents/business_licence/")["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"business_licence": ""}, "id_business_licence"),
        ({"id_card": not_a_picture("id.png")}, "id_id_card"),
        ({"latitude": "91"}, "id_latitude"),
        ({"longitude": "-181"}, "id_longitude"),
        ({"business_categories": []}, "id_business_categories_0"),
    ],
)
def test_a_missing_document_a_bad_picture_or_coordinates_out_of_range_are_shown_on_the_form(offered, changes, field):
    page = browser(UserFactory())

    response = page.post("/me/store/apply/", form(offered, **changes))

    assert response.status_code == 400
    assert 'class="field invalid"' in response.content.decode()
    assert not Store.objects.exists()


def test_another_users_application_is_not_visible(offered):
    store = applied(UserFactory(), offered, name="甲的秘密小店")
    store_reject(store=store, by=OperatorFactory(), reason="甲的执照模糊")
    other = browser(UserFactory())

    assert other.get("/me/store/")["Location"] == "/me/store/apply/"
    page = other.get("/me/store/apply/").content.decode()
    assert "甲的秘密小店" not in page and "甲的执照模糊" not in page
    assert other.get("/me/store/documents/business_licence/").status_code == 404
    assert Client().get("/me/store/documents/business_licence/").status_code == 302


def test_a_second_application_is_not_offered_while_one_is_under_review(offered):
    shopper = UserFactory()
    applied(shopper, offered)
    page = browser(shopper)

    response = page.post("/me/store/apply/", form(offered, name="第二家"))

    assert (response.status_code, response["Location"]) == (302, "/me/store/")
    assert Store.objects.filter(applicant=shopper).count() == 1
    assert "审核中" in page.get("/me/store/").content.decode()


def test_a_rejected_applicant_reads_the_reason_and_resubmits_the_corrected_application(offered):
    shopper = UserFactory()
    store = applied(shopper, offered)
    store_reject(store=store, by=OperatorFactory(), reason="营业执照照片模糊")
    page = browser(shopper)

    status = page.get("/me/store/").content.decode()
    assert "已驳回" in status and "营业执照照片模糊" in status and "修改并重新提交" in status
    correcting = page.get("/me/store/apply/").content.decode()
    assert "营业执照照片模糊" in correcting and 'value="鲜果铺子"' in correcting

    response = page.post("/me/store/apply/", form(offered, name="鲜果铺子二店", id_card=""))

    assert response.status_code == 302
    store.refresh_from_db()
    assert (store.status, store.name) == (StoreStatus.APPLYING, "鲜果铺子二店")
    assert store.events.filter(type=StoreEventType.RESUBMITTED).exists()
    assert Store.objects.filter(applicant=shopper).count() == 1


def test_store_staff_are_told_they_already_have_a_store_and_find_the_seller_backend():
    clerk = MembershipFactory(role=StaffRole.CLERK).user
    page = browser(clerk)

    response = page.get("/me/store/apply/")

    assert response["Location"] == "/me/store/"
    status = page.get("/me/store/").content.decode()
    assert "您已经开有店铺" in status and 'href="/seller/"' in status
    assert 'data-testid="seller-link"' in page.get("/me/").content.decode()


def test_the_storefront_footer_and_the_account_menu_link_to_opening_a_store():
    page = browser(UserFactory())

    me = page.get("/me/").content.decode()

    assert 'href="/me/store/"' in me and "我要开店" in me
    assert 'data-testid="seller-link"' not in me
    assert 'data-testid="open-a-store"' in Client().get("/").content.decode()


# --- The operators' review in the admin


def test_an_operator_sees_the_documents_categories_contact_and_coordinates_of_an_application(offered):
    store = applied(UserFactory(), offered)
    operator = browser(OperatorFactory())

    page = operator.get(f"/admin/stores/store/{store.pk}/change/").content.decode()

    assert f'src="/admin/stores/store/{store.pk}/documents/business_licence/"' in page
    assert f'src="/admin/stores/store/{store.pk}/documents/id_card/"' in page
    assert "生鲜" in page and "王芳" in page and "31.188000" in page and "审核此入驻申请" in page
    document = operator.get(f"/admin/stores/store/{store.pk}/documents/business_licence/")
    assert (document.status_code, document["Content-Type"]) == (200, "image/png")
    assert operator.get(f"/admin/stores/store/{store.pk}/documents/passport/").status_code == 404


def test_an_operator_rejects_only_with_a_reason_and_the_applicant_reads_it(offered):
    applicant = UserFactory()
    store = applied(applicant, offered)
    operator = browser(OperatorFactory())

    operator.post(f"/admin/stores/store/{store.pk}/review/reject/", {"reason": "  "})
    store.refresh_from_db()
    assert store.status == StoreStatus.APPLYING

    response = operator.post(f"/admin/stores/store/{store.pk}/review/reject/", {"reason": "经营类目与执照不符"})

    assert response["Location"] == f"/admin/stores/store/{store.pk}/change/"
    store.refresh_from_db()
    assert store.status == StoreStatus.REJECTED
    assert store.events.get(type=StoreEventType.REJECTED).reason == "经营类目与执照不符"
    assert Message.objects.get(recipient=applicant).kind == MessageKind.STORE_REJECTED
    assert "经营类目与执照不符" in browser(applicant).get("/me/store/").content.decode()
    messages = browser(applicant).get("/me/messages/").content.decode()
    assert "开店申请被驳回" in messages and "请按原因修改后重新提交" in messages and "经营类目与执照不符" in messages


def test_an_operator_approves_and_the_applicant_becomes_the_owner(offered):
    applicant = UserFactory()
    store = applied(applicant, offered)

    browser(OperatorFactory()).post(f"/admin/stores/store/{store.pk}/review/approve/")

    store.refresh_from_db()
    assert store.status == StoreStatus.ACTIVE
    assert store.memberships.get().user == applicant
    assert browser(applicant).get("/seller/").status_code == 200
    messages = browser(applicant).get("/me/messages/").content.decode()
    assert "开店申请已通过" in messages and "已开业，您是店主" in messages


def test_finance_sees_an_application_but_cannot_decide_it(offered):
    store = applied(UserFactory(), offered)
    finance = browser(FinanceFactory())

    page = finance.get(f"/admin/stores/store/{store.pk}/change/").content.decode()
    assert "审核此入驻申请" not in page

    assert finance.post(f"/admin/stores/store/{store.pk}/review/approve/").status_code == 403
    assert finance.post(f"/admin/stores/store/{store.pk}/review/reject/", {"reason": "不行"}).status_code == 403
    store.refresh_from_db()
    assert store.status == StoreStatus.APPLYING
    assert not store.memberships.exists()


def test_shoppers_and_store_staff_are_kept_out_of_the_review_and_the_documents(offered):
    store = applied(UserFactory(), offered)
    for user in (UserFactory(), MembershipFactory(role=StaffRole.OWNER).user):
        page = browser(user)
        assert page.get(f"/admin/stores/store/{store.pk}/documents/business_licence/")["Location"].startswith(
            "/admin/login/"
        )
        assert page.post(f"/admin/stores/store/{store.pk}/review/approve/")["Location"].startswith("/admin/login/")
    store.refresh_from_db()
    assert store.status == StoreStatus.APPLYING
