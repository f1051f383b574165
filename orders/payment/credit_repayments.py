"""Paying a company's credit statement online (decision 0043): a payment that is no order's, through the
orders center's purpose seam (orders.payment.purposes). The companies center knows no orders, so its statements'
purpose lives here, where orders may ask companies: the finance user starts a payment of part or all of what the
statement still owes; the gateway's notification records the repayment, allocated to the statement's orders
oldest due first. A notification that would pay more than is owed by then (two payments of one statement raced
through the gateway) is refused whole and the money goes back through the gateway, once."""

from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from companies.credit.selectors import company_statement
from companies.credit.services import repayment_record, statement_balance
from companies.exceptions import RepaymentExceedsBalance
from companies.models import CreditStatement, RepaymentVia
from members.models import User
from orders.models import Payment
from orders.payment.methods import ON_CREDIT, method_names
from orders.payment.purposes import PaymentPurpose
from orders.payment.services import purpose_payment_start

STATEMENT_PURPOSE = "credit_statement"


def statement_methods() -> list[str]:
    """A statement is paid through a gateway: not on credit."""
    return [name for name in method_names() if name != ON_CREDIT]


@transaction.atomic
def statement_payment_start(
    *, user: User, statement_id: int, amount: Decimal, method: str, now: datetime | None = None
) -> Payment:
    """The company's finance user (or its admin) starts paying `amount` of a statement through the gateway: no
    more than the statement still owes (`repayment_exceeds_balance`)."""
    statement = company_statement(user=user, statement_id=statement_id)
    owed = statement_balance(statement)
    if amount > owed:
        raise RepaymentExceedsBalance(fields={"amount": [str(owed)]})
    return purpose_payment_start(
        purpose=STATEMENT_PURPOSE, ref=statement.pk, payer=user, amount=amount, method=method, now=now
    )


class StatementPurpose(PaymentPurpose):
    """The gateway's notification of a statement's payment (in its transaction): the repayment is recorded and
    allocated, or refused whole when the statement no longer owes that much."""

    name = STATEMENT_PURPOSE

    def paid(self, *, payment: Payment, now: datetime) -> bool:
        statement = CreditStatement.objects.select_related("company").filter(pk=payment.purpose_ref).first()
        if statement is None:
            return False
        try:
            with transaction.atomic():
                repayment_record(
                    company=statement.company,
                    statement=statement,
                    amount=payment.amount,
                    reference=payment.payment_no,
                    via=RepaymentVia.GATEWAY,
                    by=payment.payer,
                    now=now or timezone.now(),
                )
        except RepaymentExceedsBalance:
            return False
        return True

    def back_url(self, payment: Payment) -> str:
        return reverse("shop-me-company-statement", args=[payment.purpose_ref])
