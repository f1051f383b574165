"""Order submission's SQL statements are pinned: a cart of six lines over two stores costs what one line costs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.factories import StoreFactory, UserFactory
from tests.orders.helpers import address_of, sku_of, submit

pytestmark = pytest.mark.django_db


def statements_of_submit(api, lines, address: int) -> int:
    body = {"lines": [{"sku": sku.pk, "quantity": n} for sku, n in lines], "address": address}
    preview = api.post("/api/v1/checkout/preview/", body, format="json").json()
    with CaptureQueriesContext(connection) as captured:
        response = submit(api, lines, address=address, expected=preview["payable"])
    assert response.status_code == 201, response.json()
    return len(captured)


def test_submit_costs_the_same_statements_for_one_line_or_six_over_two_stores(store):
    catalog = PhoneCatalog()
    member = UserFactory()
    api, home = client_for(member), address_of(member).pk
    phones = list(catalog.phone(store, colours=("黑色", "白色", "蓝色")).skus.all())
    cases = list(catalog.phone(StoreFactory(), title="手机壳 Case", colours=("黑色", "白色", "蓝色")).skus.all())

    one = statements_of_submit(api, [(sku_of(phones[0].spu), 1)], home)
    six = statements_of_submit(api, [(sku, 1) for sku in phones[:3] + cases[:3]], home)

    # pricing reads (the member's flash-sale holds and whether they buy for a company among them), then one statement
    # per kind of row locked, inserted or moved
    assert one == six == 29
