"""What settlement reads of a presale, to the cent: the ledger posted from the two orders' paid events gives the
store the SKU's price less what it funds, the platform pays the extra value of its own presales, and the shopper's
payments add up, and the goods count once; a kept deposit is the store's money, without goods."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from orders.models import OrderStatus
from presales.services import presales_end
from settlement.models import LedgerEntry
from settlement.services.ledger import ledger_post
from tests.factories import UserFactory
from tests.presales.helpers import move_to, pay_balance, pay_deposit, published_presale

pytestmark = pytest.mark.django_db


def books(*orders) -> dict[str, Decimal]:
    sums = LedgerEntry.objects.filter(order__in=orders).aggregate(
        quantity=Sum("quantity"), gross=Sum("gross"), store=Sum("store_discounts"), platform=Sum("platform_discounts")
    )
    return {
        "goods": sums["quantity"],
        "gross": sums["gross"],
        "paid": sums["gross"] - sums["store"] - sums["platform"],
        "net_sales": sums["gross"] - sums["store"],
        "platform": sums["platform"],
    }


@pytest.mark.parametrize(
    ("platform", "net_sales", "funded"),
    [(True, Decimal("11998.00"), Decimal("400.00")), (False, Decimal("11598.00"), Decimal("0.00"))],
)
def test_deposit_and_balance_settle_the_price_less_the_stores_own_funding(store, platform, net_sales, funded):
    presale, sku = published_presale(store, platform=platform)
    member = UserFactory()
    deposit = pay_deposit(member, presale, sku, quantity=2)  # 200.00
    move_to(presale, "balance")
    balance = pay_balance(member, deposit, expected="11398.00")

    ledger_post()

    figures = books(deposit.deposit_order, balance)
    assert figures == {
        "goods": 2,  # counted once: the deposit order's line gave its goods to the balance order
        "gross": Decimal("12198.00"),  # the price once, and the deposits again (taken off the balance as the store's)
        "paid": Decimal("11598.00"),
        "net_sales": net_sales,
        "platform": funded,
    }


def test_a_kept_deposit_is_the_stores_money_without_goods(store):
    presale, sku = published_presale(store)
    deposit = pay_deposit(UserFactory(), presale, sku)
    move_to(presale, "ended")
    presales_end()

    ledger_post()

    deposit.deposit_order.refresh_from_db()
    assert deposit.deposit_order.status == OrderStatus.COMPLETED  # billable: its money goes on the store's bill
    assert books(deposit.deposit_order) == {
        "goods": 0,
        "gross": Decimal("100.00"),
        "paid": Decimal("100.00"),
        "net_sales": Decimal("100.00"),
        "platform": Decimal("0.00"),
    }
