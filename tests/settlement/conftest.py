"""What the settlement tests share: orders paid through the API at a store."""

import pytest

from orders.models import StoreOrder
from tests.catalog.factories import PhoneCatalog
from tests.orders.helpers import address_of, pay, sku_of, submit


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
