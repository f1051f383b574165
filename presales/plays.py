"""The presale's two plays in the orders center's seam (orders/plays.py, decision 0035).

`presale` (ref: the presale): the deposit order. Its one line is the SKU at the deposit's price (the rest of the
SKU's price taken off in the play lane, store funded: it is not a discount but what is not sold yet); it reserves
the goods, and its shipping is held for good: the deposit order never ships, it ends completed when its deposit
is used or kept, or closed when it is refunded.

`presale_balance` (ref: the member's deposit): the balance order. Its line is the SKU priced by the engine with
the deposit's counted value off (`counted` a unit: the deposit part of it the store already has in the deposit
order; the extra part funded by the store or the platform), so promotions (if the seller allowed them) and coupons
apply to it as to any order. It takes the units the deposit reserved (`held`, given back in `consume`)."""

from decimal import Decimal

from orders.plays import Play, PlayLine
from presales import services
from presales.models import Presale
from promotions.pricing import STORE_FUNDED, Funder, Funding, PlayPrice

HUNDRED = Decimal(100)


class DepositPlay(Play):
    kind = "presale"

    def line(self, *, user, ref, sku_id, quantity, now) -> PlayLine:
        presale = services.deposit_allowed(presale_id=ref, user=user, sku_id=sku_id, quantity=quantity, now=now)
        price = PlayPrice(
            kind=self.kind,
            source_id=presale.pk,
            unit_price=presale.deposit,
            funding=STORE_FUNDED,
            name=presale.name,
            exclusive=True,
        )
        return PlayLine(price=price)

    def payment_deadline(self, *, ref, now):
        """A deposit is paid in the deposit window: the order's usual time, cut at the window's close."""
        closes = Presale.objects.filter(pk=ref).values_list("deposit_ends_at", flat=True).first()
        return min(closes, services.usual_deadline(now)) if closes else None

    def submitted(self, *, order, ref, now) -> None:
        services.deposit_placed(order=order, presale_id=ref, now=now)

    def paid(self, *, order, now) -> bool:
        services.deposit_paid(order=order, now=now)
        return False  # the deposit order never ships: the balance order does

    def cancelled(self, *, order, now) -> None:
        services.deposit_order_cancelled(order=order, now=now)


def balance_funding(presale: Presale) -> Funding:
    """Who funds the counted value taken off the balance: the deposit part is the store's (it has it, in the
    deposit order); the extra part the presale's funder's. Shared by their exact ratio, so on the one line the
    platform's part is exactly `extra` a unit (the engine rounds the product to the cent)."""
    if not presale.platform_funded or presale.extra == 0:
        return STORE_FUNDED
    return Funding(Funder.SHARED, presale.extra * HUNDRED / presale.counted)


class BalancePlay(Play):
    kind = "presale_balance"

    def line(self, *, user, ref, sku_id, quantity, now) -> PlayLine:
        deposit = services.balance_allowed(deposit_id=ref, user=user, sku_id=sku_id, quantity=quantity, now=now)
        presale = deposit.presale
        price = PlayPrice(
            kind=self.kind,
            source_id=presale.pk,
            unit_price=max(presale.sku.price - presale.counted, Decimal("0.00")),
            funding=balance_funding(presale),
            name=presale.name,
            exclusive=presale.exclusive,
        )
        return PlayLine(price=price, held=deposit.quantity)

    def payment_deadline(self, *, ref, now):
        """The balance is due by the close of the balance window."""
        return services.balance_deadline(deposit_id=ref)

    def consume(self, *, user, ref, sku_id, quantity, trade_no, now) -> None:
        services.balance_consume(deposit_id=ref, now=now)

    def submitted(self, *, order, ref, now) -> None:
        services.balance_placed(order=order, deposit_id=ref, now=now)

    def paid(self, *, order, now) -> bool:
        services.balance_paid(order=order, now=now)
        return True

    def cancelled(self, *, order, now) -> None:
        services.balance_order_cancelled(order=order, now=now)
