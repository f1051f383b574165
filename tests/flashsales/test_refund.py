"""The way back: a paid flash line refunds through the existing after-sales, its paid amount to the cent."""

from decimal import Decimal

import pytest

from flashsales.services import flash_attempt
from orders.aftersales.services import RefundLineRequest, refund_approve, refund_request
from orders.models import OrderLine, StoreOrder
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.flashsales.helpers import published_session
from tests.orders.helpers import address_of, pay, submit

pytestmark = pytest.mark.django_db


def test_a_paid_flash_line_refunds_what_was_paid_for_it(store, owner, django_capture_on_commit_callbacks):
    session, sku = published_session(store, price="4999.00")
    member = UserFactory()
    flash_attempt(session_id=session.pk, sku_id=sku.pk, user_id=member.pk)
    api = client_for(member)
    with django_capture_on_commit_callbacks(execute=True):
        trade = submit(api, [(sku, 1)], address=address_of(member).pk, expected="4999.00").json()
        pay(api, trade["trade_no"])
    order = StoreOrder.objects.get()
    line = OrderLine.objects.get()

    refund = refund_request(
        order=order,
        user=member,
        kind="refund_only",
        reason="不想要了",
        lines=[RefundLineRequest(line_id=line.pk, quantity=1)],
    )
    with django_capture_on_commit_callbacks(execute=True):
        refund_approve(refund=refund, by=owner)

    refund.refresh_from_db()
    line.refresh_from_db()
    assert refund.amount == Decimal("4999.00")
    assert (line.refunded_quantity, line.refunded_amount) == (1, Decimal("4999.00"))
