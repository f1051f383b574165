"""Row locks of the orders center, always taken in pk order so that two writers cannot deadlock.

Whoever changes an order's status, its paid or refunded amounts holds its row lock (`lock_orders`) for the rest
of the transaction; the trade's row comes next (`lock_trade`), then stock, coupon and member rows, by their own
services."""

from collections.abc import Iterable

from orders.models import Payment, StoreOrder, Trade


def lock_orders(order_ids: Iterable[int]) -> list[StoreOrder]:
    """The store orders' rows, locked, in pk order. Call inside transaction.atomic."""
    return list(StoreOrder.objects.select_for_update(of=("self",)).filter(pk__in=list(order_ids)).order_by("pk"))


def lock_trade(trade_id: int) -> Trade:
    """The trade's row, locked, by whoever decides for the whole trade from its orders' statuses (its platform
    coupons come back once every order is cancelled), after changing its own order under that order's lock.
    Whoever takes it second then sees the first one's order committed. FOR NO KEY UPDATE: rows that merely refer
    to the trade (a payment being started) are not held up."""
    return Trade.objects.select_for_update(of=("self",), no_key=True).get(pk=trade_id)


def lock_payment(payment_no: str) -> Payment | None:
    return Payment.objects.select_for_update(of=("self",)).filter(payment_no=payment_no).select_related("trade").first()
