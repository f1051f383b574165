"""A store's rejection of a refund always says why: the service refuses one without a reason, whoever calls it."""

import pytest

from orders.aftersales.services import refund_reject
from orders.exceptions import InvalidInput
from orders.models import Refund, RefundStatus
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.orders.test_refunds import ask, paid_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def api(member):
    return client_for(member)


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_rejection_without_a_reason_is_refused_and_changes_nothing(api, member, store, owner, reason):
    refund = ask(api, paid_order(api, member, store), 1).json()
    with pytest.raises(InvalidInput) as refused:
        refund_reject(refund=Refund.objects.get(pk=refund["id"]), by=owner, reason=reason)

    assert refused.value.code == "validation_error"
    assert "reason" in refused.value.fields
    assert Refund.objects.get(pk=refund["id"]).status == RefundStatus.REQUESTED


def test_a_rejection_with_a_reason_is_recorded_for_the_shopper(api, member, store, owner):
    refund = ask(api, paid_order(api, member, store), 1).json()
    rejected = refund_reject(refund=Refund.objects.get(pk=refund["id"]), by=owner, reason="已超过七天")

    assert (rejected.status, rejected.reject_reason) == (RefundStatus.REJECTED, "已超过七天")
