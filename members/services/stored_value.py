"""The stored-value ledger (储值: gift-card balance), kept like the points ledger: every change is one entry and one
conditional update of the member's balance, in one transaction. The balance never goes below zero (the WHERE
clause refuses it, a CHECK constraint backs it), and the row lock the update takes serialises concurrent changes
of one member's balance.

Stored value is money the member has already paid, so spending it pays for an order like cash does: it is not a
discount, and nobody funds it. The orders center spends it when an order is placed and refunds it when the
order is cancelled or refunded."""

from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from marketplace.exceptions import DomainError, InvalidInput
from marketplace.money import quantize
from members.models import StoredValueEntry, StoredValueReason, User


class InsufficientStoredValue(DomainError):
    code = "insufficient_stored_value"
    status = 409


def _checked_amount(amount: Decimal) -> Decimal:
    if amount != quantize(amount) or amount <= 0:
        message = _("An amount of stored value is positive, in yuan to the cent.")
        raise InvalidInput(message, fields={"amount": [message]})
    return amount


def _record(*, user: User, delta: Decimal, reason: str, reference: str) -> StoredValueEntry:
    """Change the balance by `delta` in one statement that refuses to go below zero, and write the entry."""
    member = User.objects.filter(pk=user.pk)
    if delta < 0:
        member = member.filter(stored_value_balance__gte=-delta)
    if not member.update(stored_value_balance=F("stored_value_balance") + delta):
        balance = User.objects.values_list("stored_value_balance", flat=True).get(pk=user.pk)
        raise InsufficientStoredValue(
            _("Your stored value (%(balance)s) does not cover %(amount)s.") % {"balance": balance, "amount": -delta},
            fields={"balance": [str(balance)]},
        )
    balance = User.objects.values_list("stored_value_balance", flat=True).get(pk=user.pk)
    user.stored_value_balance = balance
    return StoredValueEntry.objects.create(
        user=user, delta=delta, balance_after=balance, reason=reason, reference=reference
    )


@transaction.atomic
def stored_value_load(*, user: User, amount: Decimal, reference: str) -> StoredValueEntry:
    """Add money to the balance: a gift card's redeem code (the coupons center), or a top-up."""
    return _record(user=user, delta=_checked_amount(amount), reason=StoredValueReason.LOAD, reference=reference)


@transaction.atomic
def stored_value_spend(*, user: User, amount: Decimal, reference: str) -> StoredValueEntry:
    """Pay `amount` of an order (`reference`: its trade or order number) from the balance. More than the balance
    is refused with `insufficient_stored_value` and changes nothing."""
    return _record(user=user, delta=-_checked_amount(amount), reason=StoredValueReason.SPEND, reference=reference)


@transaction.atomic
def stored_value_refund(*, user: User, amount: Decimal, reference: str) -> StoredValueEntry:
    """Give back `amount` paid from the balance, for the cancellation or refund named by `reference`.

    Idempotent by reference: a second call with the same reference and amount returns the first entry and gives
    nothing more (a retried job, a repeated callback); the same reference with another amount or member is a
    bug in the caller and refused."""
    amount = _checked_amount(amount)
    if not reference:
        message = _("A refund names what it refunds.")
        raise InvalidInput(message, fields={"reference": [message]})
    # The member's row lock serialises two refunds racing with one reference: the second sees the first's entry.
    User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).get()
    done = StoredValueEntry.objects.filter(reason=StoredValueReason.REFUND, reference=reference).first()
    if done is not None:
        if (done.user_id, done.delta) != (user.pk, amount):
            message = _("This refund was already given with another amount or to another member.")
            raise InvalidInput(message, fields={"reference": [message]})
        return done
    return _record(user=user, delta=amount, reason=StoredValueReason.REFUND, reference=reference)
