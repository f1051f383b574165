"""The operator console for orders: orders read-only with lines, refunds and events; arbitration in its own page,
for the arbitration permission only."""

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


def escalated_refund(store, owner_api, *, quantity=1) -> tuple[dict, StoreOrder]:
    member = UserFactory()
    api = client_for(member)
    order = paid_order(api, member, store, quantity=quantity)
    escalated = ask(api, order, 1).json()
    owner_api.post(f"/api/v1/seller/refunds/{escalated['id']}/reject/", {"reason": "已发货"})
    api.post(f"/api/v1/refunds/{escalated['id']}/escalate/", {"reason": "没收到"})
    return escalated, order


def test_the_arbitration_page_grants_an_escalated_request_with_its_written_ruling(operator_client, store, owner_api):
    escalated, order = escalated_refund(store, owner_api)
    page = f"/admin/orders/refund/{escalated['id']}/arbitrate/"

    listed = operator_client.get("/admin/orders/refund/").content.decode()
    shown = operator_client.get(page).content.decode()
    refused = operator_client.post(page, {"grant": "1", "ruling": "  "})
    operator_client.post(page, {"grant": "1", "ruling": "商家未提供发货凭证，支持退款。"})

    assert page in listed
    assert "没收到" in shown and "已发货" in shown and 'name="ruling"' in shown
    assert refused.status_code == 200 and "errorlist" in refused.content.decode()
    refund = Refund.objects.get(pk=escalated["id"])
    assert (refund.status, refund.ruling, refund.ruling_granted) == (
        RefundStatus.REFUNDED,
        "商家未提供发货凭证，支持退款。",
        True,
    )
    assert StoreOrder.objects.get(pk=order.pk).refunded_amount == Decimal("5999.00")
    assert 'name="ruling"' not in operator_client.get(page).content.decode()  # ruled: no second ruling


def test_finance_reads_refunds_but_cannot_open_the_arbitration_page(store, owner_api):
    escalated, order = escalated_refund(store, owner_api)
    finance = Client()
    finance.force_login(FinanceFactory())
    page = f"/admin/orders/refund/{escalated['id']}/arbitrate/"

    assert finance.get(f"/admin/orders/refund/{escalated['id']}/change/").status_code == 200
    assert page not in finance.get("/admin/orders/refund/").content.decode()  # no button that leads to a 403
    assert finance.get(page).status_code == 403
    assert finance.post(page, {"grant": "1", "ruling": "同意"}).status_code == 403

    refund = Refund.objects.get(pk=escalated["id"])
    assert (refund.status, refund.ruling) == (RefundStatus.ARBITRATING, "")
    assert StoreOrder.objects.get(pk=order.pk).refunded_amount == Decimal("0.00")
