"""The order lists a shopper and a seller open most: their query counts do not grow with the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.orders.helpers import address_of, sku_of, submit

pytestmark = pytest.mark.django_db


def queries(api, url: str) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        response = api.get(url)
    assert response.status_code == 200, response.json()
    return len(captured), response.json()


def test_order_lists_cost_the_same_queries_for_two_orders_or_six(store, owner_api):
    member = UserFactory()
    api = client_for(member)
    spu = PhoneCatalog().phone(store, stock=50)
    home = address_of(member).pk
    counts = []
    for orders in (2, 6):
        while len(api.get("/api/v1/orders/").json()["results"]) < orders:
            assert (
                submit(api, [(sku_of(spu), 1), (sku_of(spu, "256G"), 1)], address=home, expected="12998.00").status_code
                == 201
            )
        shopper_count, body = queries(api, "/api/v1/orders/")
        seller_count, seller_body = queries(owner_api, "/api/v1/seller/orders/")
        assert len(body["results"]) == len(seller_body["results"]) == orders
        assert all(len(order["lines"]) == 2 for order in body["results"])
        counts.append((shopper_count, seller_count))

    assert counts[0] == counts[1]
    assert counts[0] == (4, 5)  # token, count, orders, lines; the seller: token, membership, count, orders, lines
