import pytest

from catalog import selectors, services
from catalog.services import StockLine
from stores.models import StoreStatus
from tests.factories import StoreFactory

pytestmark = pytest.mark.django_db


def test_skus_for_sale_are_those_of_on_shelf_products_of_open_stores_with_availability(
    catalog, store, django_assert_num_queries
):
    on_sale = catalog.phone(store, stock=6)
    draft = catalog.phone(store, title="草稿 手机", approve=False)
    frozen = catalog.phone(StoreFactory(status=StoreStatus.FROZEN), title="冻结 手机")
    sku = on_sale.skus.order_by("price").first()
    services.stock_reserve(lines=[StockLine(sku_id=sku.pk, quantity=2)], reference="T1")
    asked = [*on_sale.skus.values_list("pk", flat=True), draft.skus.first().pk, frozen.skus.first().pk]

    with django_assert_num_queries(1):
        found = {
            sku.pk: (sku.available, sku.spu.title, sku.store.name) for sku in selectors.skus_for_sale(sku_ids=asked)
        }

    assert set(found) == set(on_sale.skus.values_list("pk", flat=True))
    assert found[sku.pk] == (4, on_sale.title, store.name)


def test_skus_for_sale_by_a_store_are_its_own_or_those_it_lists(catalog, store):
    theirs = catalog.phone(store, stock=4)

    assert not selectors.skus_for_sale(sku_ids=theirs.skus.values_list("pk", flat=True), store_id=StoreFactory().pk)
