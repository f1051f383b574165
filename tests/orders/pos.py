"""What the counter (POS) tests share: a franchise store that lists HQ's phone (128G at 5999.00 with a barcode,
256G at 6999.00 with a SKU code), 5 of each in its own warehouse, taking every way of paying, with a clerk, a
manager and an owner; and a member at a 95 % level with a phone number."""

from dataclasses import dataclass
from decimal import Decimal

from catalog.models import Sku
from catalog.services.stock import stock_adjust
from members.models import MemberLevel
from orders.models import CounterMethod, PosSettings
from stores.models import StaffRole
from tests.conftest import client_for
from tests.factories import MembershipFactory, OperatorFactory, UserFactory
from tests.orders.helpers import sku_of
from tests.orders.o2o import listed_phone

BARCODE = "6901234567892"


@dataclass
class Counter:
    hq: object
    store: object  # the franchise store selling at its counter
    warehouse: object
    small: Sku  # 128G, 5999.00, barcode BARCODE
    large: Sku  # 256G, 6999.00, code "MATE60-256"
    clerk: object
    manager: object
    owner: object
    member: object  # level 95 %, phone 13700000001

    def api(self, user=None):
        return client_for(user or self.clerk)


def counter(*, stock: int = 5) -> Counter:
    listed = listed_phone(franchise_stock=0)
    small, large = listed.sku, sku_of(listed.sku.spu, "256G")
    Sku.objects.filter(pk=small.pk).update(barcode=BARCODE)
    Sku.objects.filter(pk=large.pk).update(code="MATE60-256")
    small.refresh_from_db()
    large.refresh_from_db()
    operator = OperatorFactory()
    for sku in (small, large):
        stock_adjust(sku=sku, warehouse=listed.warehouse, delta=stock, reason="HQ 配货", by=operator)
    PosSettings.objects.create(store=listed.franchise, **{method: True for method in CounterMethod.values})
    staff = {
        role: MembershipFactory(store=listed.franchise, role=role).user
        for role in (StaffRole.CLERK, StaffRole.MANAGER, StaffRole.OWNER)
    }
    gold = MemberLevel.objects.create(name="金卡", growth_threshold=5000, price_percent=Decimal("95"))
    member = UserFactory(phone="13700000001", level=gold, first_name="小明")
    return Counter(
        listed.hq,
        listed.franchise,
        listed.warehouse,
        small,
        large,
        staff[StaffRole.CLERK],
        staff[StaffRole.MANAGER],
        staff[StaffRole.OWNER],
        member,
    )


def sell(api, lines, method="cash", **extra):
    """POST a sale of `lines` [(sku, quantity)]."""
    body = {"lines": [{"sku": sku.pk, "quantity": quantity} for sku, quantity in lines], "method": method, **extra}
    return api.post("/api/v1/seller/pos/sales/", body, format="json")
