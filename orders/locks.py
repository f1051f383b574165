"""Row locks of the orders center, always taken in pk order so that two writers cannot deadlock.

Whoever changes an order's status, its paid or refunded amounts holds its row lock (`lock_orders`) for the rest
of the transaction; stock, coupon and member rows are locked after it, by their own services."""

from collections.abc import Iterable

from orders.models import Payment, StoreOrder


def lock_orders(order_ids: Iterable[int]) -> list[StoreOrder]:
    """The store orders' rows, locked, in pk order. Call inside transaction.atomic."""
    return list(StoreOrder.objects.select_for_update(of=("self",)).filter(pk__in=list(order_ids)).order_by("pk"))


def lock_payment(payment_no: str) -> Payment | None:
    return Payment.objects.select_for_update(of=("self",)).filter(payment_no=payment_no).select_related("trade").first()
