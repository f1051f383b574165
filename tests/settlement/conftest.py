"""What the settlement tests share: orders paid through the API at a store, and a day of trade for reconciliation."""

import pytest

from orders.models import Payment, StoreOrder
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.orders.helpers import address_of, pay, sku_of, submit
from tests.orders.test_refunds import ask


@pytest.fixture
def paid_order(db):
    """paid_order(api, member, store, quantity=...): one catalogue, one phone per store, bought and paid."""
    catalog, phones = PhoneCatalog(), {}

    def order_of(api, member, store, *, quantity):
        if store.pk not in phones:
            phones[store.pk] = sku_of(catalog.phone(store, stock=50))
        phone, address = phones[store.pk], address_of(member).pk
        lines = [{"sku": phone.pk, "quantity": quantity}]
        preview = api.post("/api/v1/checkout/preview/", {"lines": lines, "address": address}, format="json")
        trade = submit(api, [(phone, quantity)], address=address, expected=preview.json()["payable"])
        pay(api, trade.json()["trade_no"])
        return StoreOrder.objects.get(trade__trade_no=trade.json()["trade_no"])

    return order_of


@pytest.fixture
def day_of_trade(store, paid_order, owner_api):
    """Two orders paid today, one unit of the second refunded through the gateway."""
    member = UserFactory()
    shopper = client_for(member)
    first = paid_order(shopper, member, store, quantity=1)
    second = paid_order(shopper, member, store, quantity=2)
    refund = ask(shopper, second, 1).json()
    owner_api.post(f"/api/v1/seller/refunds/{refund['id']}/approve/", {})
    payments = [Payment.objects.get(trade_id=order.trade_id).payment_no for order in (first, second)]
    return {"payments": payments, "refund": refund["refund_no"]}
