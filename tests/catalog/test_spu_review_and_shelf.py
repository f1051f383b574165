from datetime import timedelta

import pytest
from django.utils import timezone

from catalog import services, tasks
from catalog.models import Spu, SpuStatus
from marketplace.exceptions import InvalidInput, InvalidTransition
from tests.factories import OperatorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(catalog, store):
    return catalog.phone(store, approve=False)


def test_submit_then_approve_puts_the_product_on_sale_with_an_event_for_each_step(draft):
    seller, operator = UserFactory(), OperatorFactory()

    services.spu_submit(spu=draft, by=seller)
    spu = services.spu_approve(spu=draft, by=operator)

    assert spu.status == SpuStatus.ON_SHELF
    assert Spu.objects.for_sale().filter(pk=spu.pk).exists()
    assert list(spu.events.order_by("id").values_list("type", "by", "data__new"))[1:] == [
        ("submitted", seller.pk, "pending_review"),
        ("approved", operator.pk, "on_shelf"),
    ]


def test_a_rejected_product_carries_the_reason_and_can_be_submitted_again(draft):
    operator = OperatorFactory()
    services.spu_submit(spu=draft, by=UserFactory())

    spu = services.spu_reject(spu=draft, by=operator, reason="主图不清晰")
    assert (spu.status, spu.reject_reason) == (SpuStatus.REJECTED, "主图不清晰")
    assert spu.events.filter(type="rejected", reason="主图不清晰", by=operator).exists()

    spu = services.spu_submit(spu=spu, by=UserFactory())
    assert (spu.status, spu.reject_reason) == (SpuStatus.PENDING_REVIEW, "")


def test_a_rejection_needs_a_reason(draft):
    services.spu_submit(spu=draft, by=UserFactory())

    with pytest.raises(InvalidInput) as error:
        services.spu_reject(spu=draft, by=OperatorFactory(), reason=" ")

    assert "reason" in error.value.fields
    assert Spu.objects.get(pk=draft.pk).status == SpuStatus.PENDING_REVIEW


@pytest.mark.parametrize(
    "action",
    [
        lambda spu: services.spu_approve(spu=spu, by=OperatorFactory()),
        lambda spu: services.spu_reject(spu=spu, by=OperatorFactory(), reason="x"),
        lambda spu: services.spu_put_on_shelf(spu=spu, by=None),
        lambda spu: services.spu_take_off_shelf(spu=spu, by=None),
    ],
)
def test_a_draft_cannot_skip_review(draft, action):
    with pytest.raises(InvalidTransition):
        action(draft)

    assert Spu.objects.get(pk=draft.pk).status == SpuStatus.DRAFT


def test_sellers_take_goods_off_and_put_them_back_on_the_shelf(catalog, store):
    spu = catalog.phone(store)

    spu = services.spu_take_off_shelf(spu=spu, by=UserFactory(), reason="清点库存")
    assert spu.status == SpuStatus.OFF_SHELF
    assert not Spu.objects.for_sale().filter(pk=spu.pk).exists()

    spu = services.spu_put_on_shelf(spu=spu, by=UserFactory())
    assert spu.status == SpuStatus.ON_SHELF


def test_approval_before_the_scheduled_time_waits_off_the_shelf_until_the_beat_job(draft):
    now = timezone.now()
    Spu.objects.filter(pk=draft.pk).update(on_shelf_at=now + timedelta(hours=1), off_shelf_at=now + timedelta(hours=5))
    services.spu_submit(spu=draft, by=UserFactory())

    assert services.spu_approve(spu=draft, by=OperatorFactory()).status == SpuStatus.OFF_SHELF
    assert services.spu_apply_shelf_schedule(now=now) == {"put_on_shelf": 0, "taken_off_shelf": 0}

    assert services.spu_apply_shelf_schedule(now=now + timedelta(hours=2)) == {"put_on_shelf": 1, "taken_off_shelf": 0}
    spu = Spu.objects.get(pk=draft.pk)
    assert (spu.status, spu.on_shelf_at) == (SpuStatus.ON_SHELF, None)
    assert spu.events.filter(type="put_on_shelf", reason="scheduled", by=None).exists()

    assert services.spu_apply_shelf_schedule(now=now + timedelta(hours=6)) == {"put_on_shelf": 0, "taken_off_shelf": 1}
    assert services.spu_apply_shelf_schedule(now=now + timedelta(hours=7)) == {"put_on_shelf": 0, "taken_off_shelf": 0}
    spu = Spu.objects.get(pk=draft.pk)
    assert (spu.status, spu.off_shelf_at) == (SpuStatus.OFF_SHELF, None)


def test_the_beat_task_applies_due_schedules(catalog, store):
    spu = catalog.phone(store)
    Spu.objects.filter(pk=spu.pk).update(off_shelf_at=timezone.now() - timedelta(minutes=1))

    assert tasks.apply_shelf_schedule.delay().get() == {"put_on_shelf": 0, "taken_off_shelf": 1}
    assert Spu.objects.get(pk=spu.pk).status == SpuStatus.OFF_SHELF
