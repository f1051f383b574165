"""What presale tests share: a published presale of a phone SKU (price 5999.00: deposit 100.00 counting as 300.00,
so a unit's balance is 5699.00), its windows moved around "now" (the clock), and deposits and balances paid through
the checkout API."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from orders.models import StoreOrder
from presales.models import Presale, PresaleDeposit
from presales.services import PresaleInput, presale_create, presale_publish
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.factories import OperatorFactory
from tests.orders.helpers import address_of, pay, sku_of, submit

HOUR = timedelta(hours=1)
# Where "now" falls: (deposit window, balance window) as offsets from now.
PHASES = {
    "upcoming": ((HOUR, 2 * HOUR), (3 * HOUR, 4 * HOUR)),
    "deposit": ((-HOUR, HOUR), (2 * HOUR, 3 * HOUR)),
    "waiting": ((-2 * HOUR, -HOUR), (HOUR, 2 * HOUR)),
    "balance": ((-3 * HOUR, -2 * HOUR), (-HOUR, HOUR)),
    "ended": ((-4 * HOUR, -3 * HOUR), (-2 * HOUR, -HOUR)),
}


def windows(phase: str) -> dict:
    now = timezone.now()
    (deposit_from, deposit_to), (balance_from, balance_to) = PHASES[phase]
    return {
        "deposit_starts_at": now + deposit_from,
        "deposit_ends_at": now + deposit_to,
        "balance_starts_at": now + balance_from,
        "balance_ends_at": now + balance_to,
    }


def presale_input(sku, *, deposit="100.00", counted="300.00", limit=2, phase="deposit", exclusive=True):
    return PresaleInput(
        name="新品预售",
        sku_id=sku.pk,
        deposit=Decimal(deposit),
        counted=Decimal(counted),
        per_member_limit=limit,
        exclusive=exclusive,
        **windows(phase),
    )


def published_presale(store, *, stock=10, platform=False, sku=None, catalog=None, **values):
    """A published presale of a new phone's 128G SKU (5999.00, `stock` in one warehouse; from `catalog` when a test
    makes more than one), or of `sku`: (presale, sku)."""
    if sku is None:
        title = f"预售手机 {Presale.objects.count() + 1}"
        sku = sku_of((catalog or PhoneCatalog()).phone(store, stock=stock, title=title))
    presale = presale_create(
        store=None if platform else store, by=OperatorFactory(), values=presale_input(sku, **values)
    )
    return presale_publish(presale=presale, by=None), sku


def move_to(presale: Presale, phase: str) -> Presale:
    """Move the clock: the presale's windows put "now" in `phase`."""
    Presale.objects.filter(pk=presale.pk).update(**windows(phase))
    presale.refresh_from_db()
    return presale


def buy(member, sku, *, quantity: int, play: str, expected: str):
    """Submit one line through a play at the checkout API; the response."""
    api = client_for(member)
    address = member.addresses.first() or address_of(member)
    return submit(api, [(sku, quantity)], address=address.pk, expected=expected, play=play)


def pay_deposit(member, presale, sku, *, quantity: int = 1) -> PresaleDeposit:
    expected = str(presale.deposit * quantity)
    response = buy(member, sku, quantity=quantity, play=f"presale:{presale.pk}", expected=expected)
    assert response.status_code == 201, response.json()
    pay(client_for(member), response.json()["trade_no"])
    return PresaleDeposit.objects.get(deposit_order__trade__trade_no=response.json()["trade_no"])


def place_balance(member, deposit: PresaleDeposit, *, expected: str):
    presale = deposit.presale
    return buy(member, presale.sku, quantity=deposit.quantity, play=f"presale_balance:{deposit.pk}", expected=expected)


def pay_balance(member, deposit: PresaleDeposit, *, expected: str) -> StoreOrder:
    response = place_balance(member, deposit, expected=expected)
    assert response.status_code == 201, response.json()
    pay(client_for(member), response.json()["trade_no"])
    return StoreOrder.objects.get(trade__trade_no=response.json()["trade_no"])
