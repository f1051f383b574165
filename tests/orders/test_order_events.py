"""Typed order events (decision 0016): each event's type is one of OrderEventType or RefundEventType, a reason is a
code (OrderReason) beside a person's own words, and what people read is derived from them in their language.
Found by a reading: the type was a free string built at runtime (f"refund_{to}") and the reason mixed codes with
the shopper's cancel button's prose, stored in whichever language the shopper used."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from orders.lifecycle.cancellation import cancel_unpaid_orders
from orders.models import OrderEvent, OrderReason, RefundEventType, StoreOrder, Trade
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.factories import OperatorFactory, UserFactory
from tests.orders.helpers import address_of, sku_of, submit
from tests.orders.test_refunds import ask, paid_order

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("orders.migrations.0008_typed_events_and_gateway_book")


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def api(member):
    return client_for(member)


def placed(api, member, store) -> StoreOrder:
    phone = sku_of(PhoneCatalog().phone(store))
    trade = submit(api, [(phone, 1)], address=address_of(member).pk, expected="5999.00").json()
    return StoreOrder.objects.get(order_no=trade["orders"][0]["order_no"])


def test_the_shoppers_cancel_button_records_a_code_that_reads_in_each_language(api, member, store):
    order = placed(api, member, store)
    page = Client()
    page.force_login(member)

    page.post(f"/orders/{order.order_no}/cancel/")

    event = OrderEvent.objects.get(order=order, type="cancelled")
    assert (event.reason_code, event.reason) == (OrderReason.SHOPPER_CANCELLED, "")  # no prose stored
    english = page.get(f"/orders/{order.order_no}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chinese = page.get(f"/orders/{order.order_no}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "(Cancelled by the shopper)" in english and "(买家取消)" in chinese


def test_the_api_keeps_reason_and_adds_its_code_and_text(api, member, store):
    order = placed(api, member, store)
    Trade.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    cancel_unpaid_orders()

    events = api.get(f"/api/v1/orders/{order.order_no}/").json()["events"]

    assert [(e["type"], e["by"]) for e in events] == [("created", member.username), ("cancelled", None)]
    assert events[1] | {"at": None} == {
        "at": None,
        "type": "cancelled",
        "by": None,
        "reason": "payment_timeout",  # as it always was: the code where nobody typed anything
        "reason_code": "payment_timeout",
        "reason_text": "Not paid in time",
        "label": "Cancelled",
    }
    assert events[0]["reason_code"] is None and events[0]["label"] == "Order placed"


def test_an_after_sales_request_keeps_its_own_history_in_the_order_timeline(api, member, store, owner_api):
    order = paid_order(api, member, store, quantity=1)
    refund = ask(api, order, 1).json()
    owner_api.post(f"/api/v1/seller/refunds/{refund['id']}/reject/", {"reason": "已发货"})
    api.post(f"/api/v1/refunds/{refund['id']}/escalate/", {"reason": "没有收到"})
    client_for(OperatorFactory()).post(
        f"/api/v1/platform/refunds/{refund['id']}/arbitrate/", {"grant": False, "reason": "已签收"}, format="json"
    )

    history = OrderEvent.objects.filter(refund_id=refund["id"]).order_by("pk")
    assert [(e.type, e.reason) for e in history] == [
        (RefundEventType.REQUESTED, "不想要了"),
        (RefundEventType.REJECTED, "已发货"),
        (RefundEventType.ESCALATED, "没有收到"),
        (RefundEventType.ARBITRATED_CLOSED, "已签收"),
    ]
    timeline = [e["label"] for e in api.get(f"/api/v1/orders/{order.order_no}/").json()["events"]]
    assert timeline[-4:] == [
        "After-sales requested",
        "Rejected by the store",
        "Platform arbitration asked for",
        "Platform decided: no refund",
    ]


def test_an_event_of_no_known_type_or_reason_is_refused_by_the_database(api, member, store):
    order = placed(api, member, store)

    for wrong in ({"type": "refund_returning"}, {"type": "cancelled", "reason_code": "because"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            OrderEvent.objects.create(order=order, **wrong)


def test_the_migration_turns_the_reasons_that_were_codes_or_button_prose_into_codes(api, member, store, owner_api):
    order = paid_order(api, member, store, quantity=1)
    refund = ask(api, order, 1).json()
    old = OrderEvent.objects.filter(order=order)
    old.update(reason_code="", refund=None)  # as the rows were before it
    rows = {
        "timeout": OrderEvent(order=order, type="cancelled", reason="payment_timeout"),
        "moved": OrderEvent(order=order, type="cancelled", reason="coupon_moved"),
        "button_en": OrderEvent(order=order, type="cancelled", reason="Cancelled by the shopper", by=member),
        "button_zh": OrderEvent(order=order, type="cancelled", reason="买家取消", by=member),
        "typed": OrderEvent(order=order, type="cancelled", reason="买错了", by=member),
        "closed": OrderEvent(order=order, type="closed", reason="refunded"),
        "admin": OrderEvent(order=order, type="refund_arbitrated_closed", reason="平台裁决", data={"refund": "none"}),
    }
    for row in rows.values():
        row.save()

    MIGRATION.reasons_to_codes(apps, None)
    MIGRATION.refund_events_to_their_refund(apps, None)

    after = {name: OrderEvent.objects.get(pk=row.pk) for name, row in rows.items()}
    assert {name: (e.reason_code, e.reason) for name, e in after.items()} == {
        "timeout": ("payment_timeout", ""),
        "moved": ("coupon_moved", ""),
        "button_en": ("shopper_cancelled", ""),
        "button_zh": ("shopper_cancelled", ""),
        "typed": ("shopper_cancelled", "买错了"),
        "closed": ("refunded", ""),
        "admin": ("", ""),
    }
    requested = OrderEvent.objects.get(order=order, type="refund_requested")
    assert requested.refund_id == refund["id"]  # found again by the refund number in its details
