"""Reconciliation (对账, seed 002 支付中心): a gateway's statement of a day against our books.

The statement is the gateway's CSV (`kind,reference,amount,time`: each payment it confirmed and each refund it
made that day, Beijing time). Our books for the day are the payments that succeeded and the money we sent back
(after-sales refunds' cash part, late payments returned). Each reference is matched once: on both sides with one
amount, on one side only, or with two amounts; finance resolves each difference with a note."""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.amounts import quantize
from marketplace.exceptions import InvalidInput, InvalidTransition
from members.models import User
from orders.models import (
    GatewayEvent,
    Payment,
    PaymentStatus,
    Refund,
    RefundStatus,
    ReturnedPayment,
    SimulatedGatewayRefund,
)
from settlement.days import day_start
from settlement.models import MatchResult, Statement, StatementItem, StatementKind

HEADER = ["kind", "reference", "amount", "time"]
MAX_ROWS = 200_000
MAX_FILE_BYTES = 20 * 1024 * 1024  # what the API and the console accept before reading a file
MAX_AMOUNT = Decimal(10**11)


@dataclass(frozen=True)
class Row:
    kind: str
    reference: str
    amount: Decimal


def simulated_statement_csv(*, day: date) -> str:
    """The simulated gateway's statement of `day`, as its merchant portal would export it: the payments it
    notified (its notifications, first of each payment) and the refunds in its own book."""
    start, end = _day(day)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    seen = set()
    events = GatewayEvent.objects.filter(gateway="simulated", received_at__gte=start, received_at__lt=end)
    for event in events.order_by("received_at", "pk"):
        if event.payment_no not in seen:
            seen.add(event.payment_no)
            amount = event.payload.get("amount", "")
            writer.writerow([StatementKind.PAYMENT, event.payment_no, amount, _at(event.received_at)])
    refunds = SimulatedGatewayRefund.objects.filter(created_at__gte=start, created_at__lt=end)
    for refund in refunds.order_by("created_at", "pk"):
        writer.writerow([StatementKind.REFUND, refund.refund_no, f"{refund.amount:.2f}", _at(refund.created_at)])
    return out.getvalue()


@transaction.atomic
def statement_import(*, gateway: str, day: date, content: bytes, file_name: str, by: User) -> Statement:
    """Read a statement and match it against our books of the day; a statement that cannot be read changes
    nothing and says which row is wrong."""
    theirs = _parse(content)
    ours = books_of(day=day)
    statement = Statement.objects.create(gateway=gateway, day=day, file_name=file_name[:200], imported_by=by)
    StatementItem.objects.bulk_create(
        _match(statement, key, theirs.get(key), ours.get(key)) for key in sorted(set(theirs) | set(ours))
    )
    return statement


@transaction.atomic
def statement_item_resolve(*, item: StatementItem, by: User, note: str) -> StatementItem:
    """Finance explains a difference (a refund the gateway made after midnight, a fee): it stays, resolved."""
    item = StatementItem.objects.select_for_update().get(pk=item.pk)
    if item.result == MatchResult.MATCHED or item.resolved_at is not None:
        raise InvalidTransition(_("Only an open difference is resolved."))
    if not note.strip():
        message = _("Say how the difference was resolved.")
        raise InvalidInput(message, fields={"note": [message]})
    item.note, item.resolved_by, item.resolved_at = note.strip()[:200], by, timezone.now()
    item.save(update_fields=["note", "resolved_by", "resolved_at"])
    return item


def books_of(*, day: date) -> dict[tuple[str, str], Decimal]:
    """Our side of `day`: payments that succeeded, refunds' cash sent back, late payments returned."""
    start, end = _day(day)
    books = {
        (StatementKind.PAYMENT, payment_no): amount
        for payment_no, amount in Payment.objects.filter(
            status=PaymentStatus.SUCCEEDED, succeeded_at__gte=start, succeeded_at__lt=end
        ).values_list("payment_no", "amount")
    }
    refunds = (
        Refund.objects.filter(status=RefundStatus.REFUNDED, refunded_at__gte=start, refunded_at__lt=end)
        .annotate(cash=F("amount") - F("stored_value"))
        .filter(cash__gt=0)
    )
    books |= {(StatementKind.REFUND, refund_no): cash for refund_no, cash in refunds.values_list("refund_no", "cash")}
    returned = ReturnedPayment.objects.filter(created_at__gte=start, created_at__lt=end)
    books |= {(StatementKind.REFUND, no): amount for no, amount in returned.values_list("refund_no", "amount")}
    return books


def _match(statement: Statement, key: tuple[str, str], theirs: Decimal | None, ours: Decimal | None) -> StatementItem:
    if theirs is None:
        result = MatchResult.ONLY_IN_BOOKS
    elif ours is None:
        result = MatchResult.ONLY_IN_STATEMENT
    else:
        result = MatchResult.MATCHED if theirs == ours else MatchResult.AMOUNT_DIFFERS
    kind, reference = key
    return StatementItem(
        statement=statement, kind=kind, reference=reference, their_amount=theirs, our_amount=ours, result=result
    )


def _parse(content: bytes) -> dict[tuple[str, str], Decimal]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _unreadable(_("The file is not UTF-8 text.")) from None
    reader = csv.reader(io.StringIO(text))
    if next(reader, None) != HEADER:
        raise _unreadable(_("The first row must be: %(header)s.") % {"header": ",".join(HEADER)})
    rows: dict[tuple[str, str], Decimal] = {}
    for number, row in enumerate(reader, start=2):
        if number > MAX_ROWS:
            raise _unreadable(_("A statement has at most %(rows)d rows.") % {"rows": MAX_ROWS})
        if not row:
            continue
        key, amount = _row(row, number)
        if key in rows:
            raise _unreadable(_("Row %(row)d: %(reference)s appears twice.") % {"row": number, "reference": key[1]})
        rows[key] = amount
    return rows


def _row(row: list[str], number: int) -> tuple[tuple[str, str], Decimal]:
    if len(row) != len(HEADER) or row[0] not in StatementKind.values or not 0 < len(row[1]) <= 32:
        raise _unreadable(_("Row %(row)d is not kind,reference,amount,time.") % {"row": number})
    try:
        amount = Decimal(row[2])
    except InvalidOperation:
        raise _unreadable(_("Row %(row)d: the amount is not a number.") % {"row": number}) from None
    if not amount.is_finite() or not 0 <= amount < MAX_AMOUNT or quantize(amount) != amount:
        raise _unreadable(_("Row %(row)d: the amount is not a sum of money.") % {"row": number})
    return (row[0], row[1]), amount


def _unreadable(message: str) -> InvalidInput:
    return InvalidInput(message, fields={"file": [message]})


def _day(day: date) -> tuple[datetime, datetime]:
    return day_start(day), day_start(day + timedelta(days=1))


def _at(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")
