"""The operator console for orders: orders read-only with lines, refunds and events; arbitration by action."""

from decimal import Decimal

import pytest
from django.test import Client

from orders.models import Refund, RefundStatus, StoreOrder
from tests.conftest import client_for
from tests.factories import FinanceFactory, OperatorFactory, UserFactory
from tests.orders.test_refunds import ask, paid_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator_client():
    client = Client()
    client.force_login(OperatorFactory(is_superuser=True))
    return client


def test_orders_and_refunds_open_read_only_with_their_events(operator_client, store, owner_api):
    member = UserFactory()
    order = paid_order(client_for(member), member, store, quantity=1)
    refund = ask(client_for(member), order, 1).json()

    assert operator_client.get("/admin/orders/storeorder/").status_code == 200
    page = operator_client.get(f"/admin/orders/storeorder/{order.pk}/change/").content.decode()
    assert order.order_no in page and "paid" in page and refund["refund_no"] in page
    assert operator_client.get(f"/admin/orders/refund/{refund['id']}/change/").status_code == 200
    assert operator_client.post(f"/admin/orders/storeorder/{order.pk}/delete/").status_code == 403


def test_the_grant_action_decides_escalated_requests_only(operator_client, store, owner_api):
    member = UserFactory()
    api = client_for(member)
    order = paid_order(api, member, store, quantity=2)
    escalated, waiting = ask(api, order, 1).json(), ask(api, order, 1).json()
    owner_api.post(f"/api/v1/seller/refunds/{escalated['id']}/reject/", {"reason": "已发货"})
    api.post(f"/api/v1/refunds/{escalated['id']}/escalate/", {"reason": "没收到"})

    operator_client.post(
        "/admin/orders/refund/", {"action": "grant", "_selected_action": [escalated["id"], waiting["id"]]}
    )

    assert Refund.objects.get(pk=escalated["id"]).status == RefundStatus.REFUNDED
    assert Refund.objects.get(pk=waiting["id"]).status == RefundStatus.REQUESTED
    assert StoreOrder.objects.get(pk=order.pk).refunded_amount == Decimal("5999.00")


def test_finance_reads_refunds_but_its_arbitration_action_is_refused(store, owner_api):
    member = UserFactory()
    api = client_for(member)
    order = paid_order(api, member, store, quantity=1)
    escalated = ask(api, order, 1).json()
    owner_api.post(f"/api/v1/seller/refunds/{escalated['id']}/reject/", {"reason": "已发货"})
    api.post(f"/api/v1/refunds/{escalated['id']}/escalate/", {"reason": "没收到"})
    finance = Client()
    finance.force_login(FinanceFactory())

    assert finance.get(f"/admin/orders/refund/{escalated['id']}/change/").status_code == 200
    for action in ("grant", "close"):
        finance.post("/admin/orders/refund/", {"action": action, "_selected_action": [escalated["id"]]})

    refund = Refund.objects.get(pk=escalated["id"])
    assert refund.status == RefundStatus.ARBITRATING
    assert StoreOrder.objects.get(pk=order.pk).refunded_amount == Decimal("0.00")
