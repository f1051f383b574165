"""Counter accounts (挂账 and 月结): a named customer of a store buys at its counter and pays later, up to the
account's credit limit. What the account owes moves only by conditional UPDATEs, as a company's credit does
(decision 0039): a charge is `UPDATE ... SET balance = balance + x WHERE balance <= credit_limit - x`, which
PostgreSQL re-checks on the row each racing transaction updates, so concurrent sales never owe more than the limit.
Every movement is a PosAccountEntry, once per kind and reference."""

from decimal import Decimal

from django.db import transaction
from django.db.models import F

from members.models import User
from orders.exceptions import NotFound, PosRefused
from orders.models import (
    COUNTER_PAYMENT_METHODS,
    CounterMethod,
    CounterTender,
    Payment,
    PosAccount,
    PosAccountEntry,
    PosAccountEntryKind,
    PosAccountKind,
)
from stores.models import Store

ACCOUNT_KIND_OF = {CounterMethod.ON_ACCOUNT: PosAccountKind.ON_ACCOUNT, CounterMethod.MONTHLY: PosAccountKind.MONTHLY}
ACCOUNT_METHODS = {COUNTER_PAYMENT_METHODS[method] for method in ACCOUNT_KIND_OF}


@transaction.atomic
def pos_account_create(*, store: Store, kind: str, name: str, phone: str, credit_limit: Decimal) -> PosAccount:
    """A named customer who may buy on account at the store's counter (an owner's or manager's decision)."""
    if PosAccount.objects.filter(store=store, name=name).exists():
        raise PosRefused("pos_account_exists")
    return PosAccount.objects.create(store=store, kind=kind, name=name, phone=phone, credit_limit=credit_limit)


def account_charge(
    *, store: Store, account_id: int, method: str, amount: Decimal, reference: str, by: User
) -> PosAccount:
    """In the sale's transaction: the account owes `amount` more, or the sale is refused (`pos_credit_limit_reached`)
    and nothing is charged. Another store's account, an inactive one or one of the other kind is not found."""
    accounts = PosAccount.objects.filter(pk=account_id, store=store, kind=ACCOUNT_KIND_OF[method], is_active=True)
    charged = accounts.filter(balance__lte=F("credit_limit") - amount).update(balance=F("balance") + amount)
    if not charged:
        if not accounts.exists():
            raise NotFound()
        raise PosRefused("pos_credit_limit_reached")
    account = accounts.get()
    PosAccountEntry.objects.create(
        account=account, kind=PosAccountEntryKind.CHARGE, amount=amount, reference=reference, by=by
    )
    return account


def counter_refund(*, payment: Payment, amount: Decimal, refund_no: str) -> None:
    """In a refund's transaction (orders.payment.gateway_refunds): money paid at a counter goes back there. Cash and
    card refunds are handed back by the clerk (the refund row records them); an account owes that much less at once,
    never below nothing, once per refund number."""
    if payment.method not in ACCOUNT_METHODS:
        return
    tender = CounterTender.objects.select_related("account").get(payment=payment)
    if PosAccountEntry.objects.filter(kind=PosAccountEntryKind.REFUND, reference=refund_no).exists():
        return
    account = PosAccount.objects.select_for_update().get(pk=tender.account_id)
    released = min(amount, account.balance)
    if released > 0:
        PosAccount.objects.filter(pk=account.pk).update(balance=F("balance") - released)
        PosAccountEntry.objects.create(
            account=account, kind=PosAccountEntryKind.REFUND, amount=released, reference=refund_no
        )


@transaction.atomic
def pos_account_repay(*, account: PosAccount, amount: Decimal, reference: str, by: User) -> PosAccountEntry:
    """The customer paid what they owed (or part of it): a staff member records the money received. More than is
    owed is refused (`pos_repayment_too_much`); the same receipt number twice returns the first entry."""
    earlier = PosAccountEntry.objects.filter(kind=PosAccountEntryKind.REPAYMENT, reference=reference).first()
    if earlier is not None:
        return earlier
    if not PosAccount.objects.filter(pk=account.pk, balance__gte=amount).update(balance=F("balance") - amount):
        raise PosRefused("pos_repayment_too_much")
    return PosAccountEntry.objects.create(
        account=account, kind=PosAccountEntryKind.REPAYMENT, amount=amount, reference=reference, by=by
    )
