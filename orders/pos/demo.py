"""The demo's counters (decision 0040; manage.py seed_demo): the direct and franchise stores take cash, cards, QR
codes, stored value and accounts; the franchise store's clerk sold one of its listings to alice at the counter (her
member price), and the direct store's clerk sold one for cash to a walk-in customer. Runs once per store."""

from decimal import Decimal

from django.utils import timezone

from orders.models import PosAccount, PosSettings, StoreOrder
from orders.pickup.demo import listed_in_stock
from orders.pos.services import PosLine, Tender, pos_price, pos_sale
from stores.models import StaffRole, StoreMembership

MEMBER_SALE, WALK_IN_SALE = "hz", "sh"  # the franchise store and the direct store (stores.demo)


def seed(demo: dict) -> None:
    for key in (MEMBER_SALE, WALK_IN_SALE):
        store = demo["stores"][key]
        PosSettings.objects.update_or_create(
            store=store, defaults={"cash": True, "card": True, "qr": True, "on_account": True, "stored_value": True}
        )
        PosAccount.objects.get_or_create(
            store=store, name="王老板", defaults={"kind": "on_account", "phone": "13900001111", "credit_limit": 5000}
        )
        if StoreOrder.objects.filter(store=store, sold_by__isnull=False).exists():
            continue
        sku_id = listed_in_stock(store)
        if sku_id is None:
            continue
        clerk = StoreMembership.objects.get(store=store, role=StaffRole.CLERK).user
        member = demo["shoppers"][0] if key == MEMBER_SALE else None
        lines = [PosLine(sku_id, 1)]
        due = pos_price(store=store, member=member, lines=lines, now=timezone.now()).breakdown.payable
        tendered = (due / 100).to_integral_value(rounding="ROUND_CEILING") * 100  # a round sum of notes
        pos_sale(store=store, clerk=clerk, lines=lines, member=member, tender=Tender("cash", Decimal(tendered)))
