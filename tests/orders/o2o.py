"""What the selling-through-a-store and pickup tests share: HQ's phone listed and stocked by a franchise store."""

from dataclasses import dataclass

from catalog.models import Stock
from catalog.services.listings import listing_create
from catalog.services.stock import stock_adjust
from stores.models import Store, StoreType
from tests.catalog.factories import PhoneCatalog
from tests.factories import OperatorFactory, StoreFactory, WarehouseFactory
from tests.orders.helpers import sku_of


@dataclass
class Listed:
    hq: Store
    franchise: Store
    sku: object  # HQ's 128G phone at 5999.00, 10 in HQ's warehouse
    listing: object
    warehouse: object  # the franchise's


def listed_phone(*, franchise_stock: int = 3, offers_pickup: bool = True) -> Listed:
    hq = StoreFactory(type=StoreType.SELF_OPERATED, name="HQ 自营")
    franchise = StoreFactory(
        type=StoreType.FRANCHISE, name="西湖加盟店", offers_pickup=offers_pickup, opening_hours="周一至周日 09:00-21:00"
    )
    sku = sku_of(PhoneCatalog().phone(hq, stock=10))
    operator = OperatorFactory()
    listing = listing_create(store=franchise, spu=sku.spu, by=operator)
    warehouse = WarehouseFactory(store=franchise)
    if franchise_stock:
        stock_adjust(sku=sku, warehouse=warehouse, delta=franchise_stock, reason="HQ 配货", by=operator)
    return Listed(hq, franchise, sku, listing, warehouse)


def stock_of(sku, store) -> tuple[int, int]:
    """(on hand, reserved) of the SKU in the store's warehouses."""
    rows = Stock.objects.filter(sku=sku, warehouse__store=store)
    return sum(row.on_hand for row in rows), sum(row.reserved for row in rows)
