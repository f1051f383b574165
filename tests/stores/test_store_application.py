"""Applying to open a store (商家入驻) through the services: what an application must be, one open application per
user, rejection with a reason and resubmission, approval making the owner, and the applicant told of each decision."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.exceptions import InvalidInput, InvalidTransition
from marketplace.notifications.models import Message, MessageKind
from settlement.selectors import stores_with_terms
from stores.models import StaffRole, Store, StoreEvent, StoreEventType, StoreMembership, StoreStatus
from stores.services import store_apply, store_approve, store_reject, store_resubmit
from tests.factories import MembershipFactory, OperatorFactory, StoreFactory, UserFactory
from tests.stores.application import application, categories, not_a_picture, picture

pytestmark = pytest.mark.django_db


@pytest.fixture
def offered():
    return categories()


def apply(user, offered, **changes):
    fresh, digital, _phones = offered
    documents = {
        "business_licence": picture("licence.png"),
        "id_card": picture("id.jpg", "white", "JPEG"),
        "business_categories": [fresh.pk, digital.pk],
    }
    return store_apply(applicant=user, **application(**{**documents, **changes}))


def test_an_application_keeps_its_documents_categories_contact_and_coordinates(offered):
    user = UserFactory()

    store = apply(user, offered)

    store.refresh_from_db()
    assert store.status == StoreStatus.APPLYING
    assert store.business_categories == [offered[0].pk, offered[1].pk]
    assert (store.contact_name, store.contact_phone) == ("王芳", "13811112222")
    assert (str(store.latitude), str(store.longitude)) == ("31.188000", "121.437000")
    assert store.business_licence.name.startswith("store-documents/") and store.business_licence.name.endswith(".png")
    assert store.id_card.storage.exists(store.id_card.name)
    assert "licence" not in store.business_licence.name  # a random name says nothing of whose document it is
    assert list(store.events.values_list("type", flat=True)) == [StoreEventType.APPLIED]
    assert not StoreMembership.objects.filter(user=user).exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"business_licence": not_a_picture()}, "business_licence"),
        ({"id_card": not_a_picture("id.png")}, "id_card"),
        ({"type": "self_operated"}, "type"),
        ({"type": "direct"}, "type"),
    ],
)
def test_a_bad_document_or_a_type_hq_keeps_is_refused_and_nothing_is_written(offered, changes, field):
    with pytest.raises(InvalidInput) as refused:
        apply(UserFactory(), offered, **changes)

    assert field in refused.value.fields
    assert not Store.objects.exists()


def test_only_top_level_categories_offered_now_may_be_named(offered):
    _fresh, _digital, phones = offered

    with pytest.raises(InvalidInput) as refused:
        apply(UserFactory(), offered, business_categories=[phones.pk])

    assert "business_categories" in refused.value.fields
    assert not Store.objects.exists()


def test_a_second_application_waits_until_the_first_is_decided(offered):
    user = UserFactory()
    apply(user, offered)

    with pytest.raises(InvalidInput):
        apply(user, offered, name="第二家")

    assert Store.objects.filter(applicant=user).count() == 1


def test_the_database_itself_refuses_two_open_applications_of_one_user():
    user = UserFactory()
    StoreFactory(applicant=user, status=StoreStatus.APPLYING)

    with pytest.raises(IntegrityError), transaction.atomic():
        StoreFactory(applicant=user, status=StoreStatus.APPLYING)


def test_store_staff_cannot_apply_for_another_store(offered):
    clerk = MembershipFactory(role=StaffRole.CLERK).user

    with pytest.raises(InvalidInput):
        apply(clerk, offered)

    assert not Store.objects.filter(applicant=clerk).exists()


def test_a_rejection_needs_a_reason_and_without_one_changes_nothing(offered):
    store = apply(UserFactory(), offered)

    for reason in ("", "   "):
        with pytest.raises(InvalidInput) as refused:
            store_reject(store=store, by=OperatorFactory(), reason=reason)
        assert "reason" in refused.value.fields

    store.refresh_from_db()
    assert store.status == StoreStatus.APPLYING
    assert not store.events.filter(type=StoreEventType.REJECTED).exists()
    assert not Message.objects.exists()


def test_a_rejection_keeps_the_reason_in_its_event_and_tells_the_applicant(offered):
    user = UserFactory()
    operator = OperatorFactory()
    store = apply(user, offered)

    store_reject(store=store, by=operator, reason="营业执照照片模糊，请重新上传")

    store.refresh_from_db()
    assert (store.status, store.reviewed_by) == (StoreStatus.REJECTED, operator)
    event = store.events.get(type=StoreEventType.REJECTED)
    assert (event.by, event.reason) == (operator, "营业执照照片模糊，请重新上传")
    message = Message.objects.get(recipient=user)
    assert message.kind == MessageKind.STORE_REJECTED
    assert message.store_id is None  # the applicant's own message, not a store's
    assert message.params["reason"] == "营业执照照片模糊，请重新上传"


def test_only_an_application_under_review_can_be_rejected(offered):
    store = StoreFactory(status=StoreStatus.ACTIVE)

    with pytest.raises(InvalidTransition):
        store_reject(store=store, by=OperatorFactory(), reason="x")

    assert Store.objects.get(pk=store.pk).status == StoreStatus.ACTIVE


def test_a_rejected_applicant_corrects_and_resubmits_keeping_documents_not_sent_again(
    offered, django_capture_on_commit_callbacks
):
    user = UserFactory()
    store = apply(user, offered)
    licence_before, id_before = store.business_licence.name, store.id_card.name
    store_reject(store=store, by=OperatorFactory(), reason="执照模糊")

    with django_capture_on_commit_callbacks(execute=True):
        store_resubmit(
            store=store,
            by=user,
            **application(
                name="鲜果铺子（徐汇店）",
                business_licence=picture("clear.png", "green"),
                business_categories=[offered[0].pk],
            ),
        )

    store.refresh_from_db()
    assert store.status == StoreStatus.APPLYING
    assert store.name == "鲜果铺子（徐汇店）"
    assert store.business_categories == [offered[0].pk]
    assert store.business_licence.name != licence_before
    assert not store.business_licence.storage.exists(licence_before)  # the replaced picture is gone
    assert store.id_card.name == id_before and store.id_card.storage.exists(id_before)
    assert list(store.events.order_by("at", "pk").values_list("type", flat=True)) == [
        StoreEventType.APPLIED,
        StoreEventType.REJECTED,
        StoreEventType.RESUBMITTED,
    ]
    assert Store.objects.filter(applicant=user).count() == 1


def test_only_a_rejected_application_is_resubmitted_and_only_by_its_applicant(offered):
    user = UserFactory()
    store = apply(user, offered)

    with pytest.raises(InvalidTransition):
        store_resubmit(store=store, by=user, name="改名")
    store_reject(store=store, by=OperatorFactory(), reason="执照模糊")
    with pytest.raises(InvalidInput):
        store_resubmit(store=store, by=UserFactory(), name="别人改的")

    store.refresh_from_db()
    assert (store.status, store.name) == (StoreStatus.REJECTED, "鲜果铺子")


def test_approval_makes_the_applicant_the_owner_and_tells_them(offered):
    user = UserFactory()
    store = apply(user, offered)
    store_reject(store=store, by=OperatorFactory(), reason="执照模糊")
    store_resubmit(store=store, by=user, business_licence=picture("clear.png", "green"))

    store_approve(store=store, by=OperatorFactory())

    store.refresh_from_db()
    assert store.status == StoreStatus.ACTIVE
    assert store.memberships.get().user == user
    assert store.memberships.get().role == StaffRole.OWNER
    kinds = list(Message.objects.filter(recipient=user).order_by("pk").values_list("kind", flat=True))
    assert kinds == [MessageKind.STORE_REJECTED, MessageKind.STORE_APPROVED]
    assert StoreEvent.objects.filter(store=store, type=StoreEventType.APPROVED).count() == 1


def test_applications_under_review_or_rejected_are_not_stores_finance_settles():
    opened = StoreFactory(status=StoreStatus.ACTIVE)
    frozen = StoreFactory(status=StoreStatus.FROZEN)
    StoreFactory(status=StoreStatus.APPLYING)
    StoreFactory(status=StoreStatus.REJECTED)

    assert set(Store.objects.past_review()) == {opened, frozen}
    assert set(stores_with_terms(on=timezone.localdate())) == {opened, frozen}
