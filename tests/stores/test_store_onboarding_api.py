import pytest

from stores.models import StaffRole, Store, StoreEvent, StoreMembership, StoreStatus
from tests.conftest import client_for
from tests.factories import MembershipFactory, StoreFactory, UserFactory
from tests.stores.application import categories, not_a_picture, picture

pytestmark = pytest.mark.django_db

APPLICATION = {
    "name": "鲜果铺子",
    "type": "third_party",
    "phone": "13811112222",
    "region": "310104",
    "address": "上海市徐汇区漕溪北路 88 号",
    "latitude": "31.188000",
    "longitude": "121.437000",
}


def test_a_user_applies_an_operator_approves_and_the_applicant_owns_the_store(shopper_api, operator_api):
    applied = shopper_api.post("/api/v1/stores/applications/", APPLICATION)

    assert applied.status_code == 201
    assert applied.json()["status"] == "applying"
    store = Store.objects.get(pk=applied.json()["id"])
    assert not StoreMembership.objects.filter(store=store).exists()

    approved = operator_api.post(f"/api/v1/platform/stores/{store.pk}/approve/")

    assert approved.status_code == 200
    assert approved.json()["status"] == "active"
    membership = StoreMembership.objects.get(store=store)
    assert (membership.user, membership.role) == (shopper_api.user, StaffRole.OWNER)
    assert list(store.events.order_by("id").values_list("type", "by")) == [
        ("applied", shopper_api.user.pk),
        ("approved", operator_api.user.pk),
    ]
    assert shopper_api.get("/api/v1/seller/store/").json()["role"] == "owner"


@pytest.mark.parametrize(
    "phone", ["021-5555 0000", "02155550000", "0571-8888 6666", "010-62345678", "0931 123 4567", "400-820-8820"]
)
def test_a_store_phone_may_be_a_landline_or_a_service_number(shopper_api, phone):
    response = shopper_api.post("/api/v1/stores/applications/", {**APPLICATION, "phone": phone})

    assert response.status_code == 201
    assert Store.objects.get().phone == phone


@pytest.mark.parametrize(
    "phone", ["021-555", "0215555000000", "12345678901", "5555 0000", "021-5555-000a", "(021) 5555 0000", "123"]
)
def test_a_store_phone_that_no_one_could_dial_is_refused(shopper_api, phone):
    response = shopper_api.post("/api/v1/stores/applications/", {**APPLICATION, "phone": phone})

    assert (response.status_code, list(response.json()["fields"])) == (400, ["phone"])
    assert not Store.objects.exists()


def test_a_member_phone_stays_mobile_only(api):
    response = api.post(
        "/api/v1/auth/register/", {"username": "landline", "password": "a-Good-pass-2026", "phone": "02155550000"}
    )

    assert (response.status_code, list(response.json()["fields"])) == (400, ["phone"])


def test_an_anonymous_application_is_401(api):
    response = api.post("/api/v1/stores/applications/", APPLICATION)

    assert response.status_code == 401
    assert not Store.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("type", "pawn_shop"), ("region", "31"), ("region", "999999"), ("latitude", "91"), ("phone", "12"), ("name", "")],
)
def test_a_bad_application_names_the_field_and_creates_nothing(shopper_api, field, value):
    response = shopper_api.post("/api/v1/stores/applications/", {**APPLICATION, field: value})

    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert field in response.json()["fields"]
    assert not Store.objects.exists()


def test_a_second_pending_application_is_refused(shopper_api):
    shopper_api.post("/api/v1/stores/applications/", APPLICATION)

    response = shopper_api.post("/api/v1/stores/applications/", {**APPLICATION, "name": "另一家"})

    assert response.status_code == 400
    assert Store.objects.count() == 1


def test_only_operators_approve(shopper_api, owner_api):
    store = StoreFactory(status=StoreStatus.APPLYING)

    for client in (shopper_api, owner_api):
        response = client.post(f"/api/v1/platform/stores/{store.pk}/approve/")
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"
    store.refresh_from_db()
    assert store.status == StoreStatus.APPLYING


def test_approving_twice_is_an_invalid_transition_and_changes_nothing(operator_api):
    store = StoreFactory(status=StoreStatus.APPLYING)
    operator_api.post(f"/api/v1/platform/stores/{store.pk}/approve/")

    again = operator_api.post(f"/api/v1/platform/stores/{store.pk}/approve/")

    assert again.status_code == 409
    assert again.json()["code"] == "invalid_transition"
    assert StoreMembership.objects.filter(store=store).count() == 1
    assert StoreEvent.objects.filter(store=store, type="approved").count() == 1


def test_approving_a_store_that_does_not_exist_is_404(operator_api):
    response = operator_api.post("/api/v1/platform/stores/999999/approve/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_frozen_store_can_look_but_not_change(operator_api, owner_api, store):
    frozen = operator_api.post(f"/api/v1/platform/stores/{store.pk}/status/", {"status": "frozen", "reason": "投诉"})
    assert frozen.status_code == 200

    assert owner_api.get("/api/v1/seller/warehouses/").status_code == 200
    refused = owner_api.post("/api/v1/seller/warehouses/", {"name": "二仓", "region": "310101", "address": "x"})
    assert refused.status_code == 403
    assert not store.warehouses.exists()
    event = store.events.get(type="status_changed")
    assert (event.data, event.reason) == ({"old": "active", "new": "frozen"}, "投诉")


def test_a_closed_store_cannot_be_reopened(operator_api, store):
    operator_api.post(f"/api/v1/platform/stores/{store.pk}/status/", {"status": "closed", "reason": "到期"})

    response = operator_api.post(f"/api/v1/platform/stores/{store.pk}/status/", {"status": "active", "reason": "x"})

    assert response.status_code == 409
    store.refresh_from_db()
    assert store.status == StoreStatus.CLOSED


def test_staff_of_a_closed_store_are_no_longer_staff(store):
    membership = MembershipFactory(store=store)
    store.status = StoreStatus.CLOSED
    store.save()

    assert client_for(membership.user).get("/api/v1/seller/store/").status_code == 403


def test_nearby_lists_active_stores_within_the_radius_nearest_first(api):
    people_square = ("31.231706", "121.472644")
    near = StoreFactory(name="近", latitude="31.235929", longitude="121.480539")  # about 0.9 km
    far = StoreFactory(name="远", latitude="31.188000", longitude="121.437000")  # about 6 km
    StoreFactory(name="杭州", latitude="30.277900", longitude="120.131500")  # about 165 km
    StoreFactory(name="待审", latitude="31.231800", longitude="121.472700", status=StoreStatus.APPLYING)

    response = api.get("/api/v1/stores/nearby/", {"lat": people_square[0], "lng": people_square[1], "radius_km": 20})

    assert response.status_code == 200
    results = response.json()["results"]
    assert [store["id"] for store in results] == [near.pk, far.pk]
    assert 0.5 < results[0]["distance_km"] < 1.5
    assert 5 < results[1]["distance_km"] < 7


def test_nearby_without_coordinates_is_a_validation_error(api):
    response = api.get("/api/v1/stores/nearby/", {"lat": "abc"})

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"lat", "lng"}


def test_a_user_who_already_applied_and_owns_nothing_yet_is_not_staff(shopper_api):
    shopper_api.post("/api/v1/stores/applications/", APPLICATION)

    assert shopper_api.get("/api/v1/seller/store/").status_code == 403


def test_an_applicant_who_became_staff_elsewhere_cannot_also_be_approved_as_owner(operator_api):
    applicant = UserFactory()
    store = StoreFactory(status=StoreStatus.APPLYING, applicant=applicant)
    MembershipFactory(user=applicant, role=StaffRole.CLERK)

    response = operator_api.post(f"/api/v1/platform/stores/{store.pk}/approve/")

    assert response.status_code == 409
    store.refresh_from_db()
    assert store.status == StoreStatus.APPLYING


# --- The application with its documents (multipart), the applicant's own list, rejection by an operator


def test_an_application_with_documents_and_categories_is_sent_as_multipart(shopper_api):
    fresh, digital, _phones = categories()

    response = shopper_api.post(
        "/api/v1/stores/applications/",
        {
            **APPLICATION,
            "business_licence": picture(),
            "id_card": picture("id.png"),
            "business_categories": [fresh.pk, digital.pk],
            "contact_name": "王芳",
            "contact_phone": "13811112222",
        },
        format="multipart",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["has_business_licence"], body["has_id_card"]) == (True, True)
    assert body["business_categories"] == [fresh.pk, digital.pk]
    assert "business_licence" not in body  # the pictures are shown only on the applicant's and operators' pages
    store = Store.objects.get(pk=body["id"])
    assert store.business_licence.storage.exists(store.business_licence.name)


def test_a_document_that_is_not_a_picture_is_a_validation_error_naming_it(shopper_api):
    response = shopper_api.post(
        "/api/v1/stores/applications/", {**APPLICATION, "business_licence": not_a_picture()}, format="multipart"
    )

    assert (response.status_code, response.json()["code"]) == (400, "validation_error")
    assert list(response.json()["fields"]) == ["business_licence"]
    assert not Store.objects.exists()


def test_an_applicant_lists_only_their_own_applications_with_the_reason_of_a_rejection(shopper_api, operator_api):
    shopper_api.post("/api/v1/stores/applications/", APPLICATION)
    StoreFactory(name="别人的申请", status=StoreStatus.APPLYING)
    store = Store.objects.get(applicant=shopper_api.user)

    rejected = operator_api.post(f"/api/v1/platform/stores/{store.pk}/reject/", {"reason": "请上传营业执照"})

    assert (rejected.status_code, rejected.json()["status"]) == (200, "rejected")
    listed = shopper_api.get("/api/v1/stores/applications/").json()
    assert [(a["name"], a["status"], a["rejection_reason"]) for a in listed["results"]] == [
        ("鲜果铺子", "rejected", "请上传营业执照")
    ]


def test_a_rejection_without_a_reason_is_refused_and_only_operators_reject(shopper_api, operator_api):
    store = StoreFactory(status=StoreStatus.APPLYING)

    blank = operator_api.post(f"/api/v1/platform/stores/{store.pk}/reject/", {"reason": " "})
    assert (blank.status_code, blank.json()["code"]) == (400, "validation_error")
    assert shopper_api.post(f"/api/v1/platform/stores/{store.pk}/reject/", {"reason": "x"}).status_code == 403

    store.refresh_from_db()
    assert store.status == StoreStatus.APPLYING
    assert not store.events.filter(type="rejected").exists()
