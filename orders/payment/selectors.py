"""Reads of trades and payments, always the member's own."""

from marketplace.exceptions import NotFound
from members.models import User
from orders.models import Payment, PaymentStatus, StoreOrder, Trade


def trade_of(*, user: User, trade_no: str) -> Trade:
    """The member's own trade; anyone else's is not found."""
    trade = Trade.objects.filter(user=user, trade_no=trade_no).first()
    if trade is None:
        raise NotFound()
    return trade


def order_payment(*, order: StoreOrder) -> Payment | None:
    """The payment that paid the order (its share of a merged payment), or None while it is unpaid."""
    return (
        Payment.objects.filter(shares__order=order, status=PaymentStatus.SUCCEEDED)
        .order_by("-succeeded_at", "-id")
        .first()
    )
