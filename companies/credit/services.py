"""Writes of a company's credit (赊账, decisions 0039 and 0043): holding it for orders bought on credit, releasing it
as refunds and repayments come, monthly statements, and marking companies overdue.

`Company.credit_used` moves only by conditional UPDATEs, so that two orders on credit at once never hold more than
the limit between them (PostgreSQL re-checks the WHERE on the row each one updates). Every movement is a
`CreditEntry`; every part of a repayment or refund taken off one order's debt a `CreditAllocation`, and the order's
`refunded` / `repaid` counters move with it under the order's row lock.

Lock order: the company's row, then its orders on credit by pk. A repayment takes both; a refund takes the order's
only after the company's, so two repayments of one statement, or a repayment and a refund, go one after the other."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.events import company_event
from companies.exceptions import CreditOverdue, CreditRefused, RepaymentExceedsBalance
from companies.models import (
    Company,
    CompanyEventType,
    CompanyMember,
    CompanyRole,
    CreditAllocation,
    CreditEntry,
    CreditEntryKind,
    CreditNote,
    CreditOrder,
    CreditStatement,
    CreditStatementLine,
    Repayment,
    RepaymentVia,
)
from marketplace.exceptions import InvalidInput, InvalidTransition
from marketplace.money import ZERO
from marketplace.notifications.models import MessageKind
from marketplace.notifications.services import Notice, notify
from members.models import User


@dataclass(frozen=True)
class OrderOnCredit:
    """What orders' payment tells of each store order it pays on credit (companies knows no orders)."""

    order_id: int
    order_no: str
    store_id: int
    amount: Decimal


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def due_on(*, bought_on: date, credit_days: int) -> date:
    """月结 net N: everything bought in a month is due N days after its last day (the statement's due date)."""
    return next_month(bought_on) - timedelta(days=1) + timedelta(days=credit_days)


def _local_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def is_overdue(company_id: int, today: date | None = None) -> bool:
    """An order of the company bought on credit is past its due date with something still owed on it."""
    today = today or timezone.localdate()
    return CreditOrder.objects.filter(company_id=company_id, settled_at__isnull=True, due_on__lt=today).exists()


# --- Holding and refunding -------------------------------------------------------------------------------------


@transaction.atomic
def credit_hold(
    *,
    company_id: int | None,
    amount: Decimal,
    reference: str,
    by: User | None,
    orders: list[OrderOnCredit] = (),
    now: datetime | None = None,
) -> CreditEntry:
    """Hold `amount` of an approved company's credit for a payment on credit (`reference`: its payment number) of
    `orders`, or refuse and hold nothing: `credit_overdue` while something is past due, `credit_limit_exceeded`
    beyond what the limit has left. Each order is owed from now, due at its month's end plus the terms."""
    now = now or timezone.now()
    if company_id is not None and is_overdue(company_id, timezone.localdate(now)):
        raise CreditOverdue()
    held = (
        Company.objects.approved()
        .filter(pk=company_id, credit_used__lte=F("credit_limit") - amount)
        .update(credit_used=F("credit_used") + amount)
    )
    if not held:
        raise CreditRefused()
    company = Company.objects.get(pk=company_id)
    due = due_on(bought_on=timezone.localdate(now), credit_days=company.credit_days)
    entry = CreditEntry.objects.create(
        company=company, kind=CreditEntryKind.HOLD, amount=amount, reference=reference, due_on=due, by=by
    )
    CreditOrder.objects.bulk_create(
        CreditOrder(
            company=company,
            order_id=order.order_id,
            order_no=order.order_no,
            store_id=order.store_id,
            buyer=by,
            payment_no=reference,
            amount=order.amount,
            paid_at=now,
            due_on=due,
        )
        for order in orders
        if order.amount > 0
    )
    company_event(company=company, type=CompanyEventType.CREDIT_HELD, by=by, **_entry(entry))
    return entry


def _entry(entry: CreditEntry) -> dict:
    return {"kind": entry.kind, "amount": str(entry.amount), "reference": entry.reference}


def _release(company: Company, amount: Decimal, *, kind: str, reference: str, by: User | None) -> CreditEntry:
    """In the caller's transaction, the company's row locked: `credit_used` down by exactly `amount`."""
    Company.objects.filter(pk=company.pk).update(credit_used=F("credit_used") - amount)
    entry = CreditEntry.objects.create(company=company, kind=kind, amount=amount, reference=reference, by=by)
    company_event(company=company, type=CompanyEventType.CREDIT_RELEASED, by=by, **_entry(entry))
    return entry


def _lock_company(company_id: int) -> Company:
    return Company.objects.select_for_update().get(pk=company_id)


@transaction.atomic
def credit_refund(
    *, order_id: int, amount: Decimal, refund_no: str, now: datetime | None = None
) -> CreditEntry | CreditNote | None:
    """An order paid on credit is refunded `amount` (in the refund's transaction; nothing goes through a gateway).
    What the company still owes on it goes down first, releasing that much of its credit (the statement asks that
    much less); what the refund exceeds it by, up to what the company repaid of the order, becomes a credit note the
    company is owed (used by its next statement, or paid back by finance). Once per refund number: again, the first
    answer. None when the order was not bought on credit."""
    now = now or timezone.now()
    company_id = CreditOrder.objects.filter(order_id=order_id).values_list("company_id", flat=True).first()
    if company_id is None:
        return None
    company = _lock_company(company_id)  # a repayment of the company waits, or is waited for
    earlier = CreditEntry.objects.filter(kind=CreditEntryKind.REFUND, reference=refund_no).first()
    if earlier is not None or (earlier := CreditNote.objects.filter(refund_no=refund_no).first()) is not None:
        return earlier
    order = CreditOrder.objects.select_for_update().get(order_id=order_id)
    part = max(min(amount, order.owed), ZERO)
    entry = None
    if part > 0:
        entry = _release(company, part, kind=CreditEntryKind.REFUND, reference=refund_no, by=None)
        _allocate(order, part, kind=CreditEntryKind.REFUND, reference=refund_no, repayment=None, now=now)
    noted = order.credit_notes.aggregate(total=Sum("amount", default=ZERO))["total"]
    rest = min(amount - part, order.repaid - noted)
    note = None
    if rest > 0:
        note = CreditNote.objects.create(company=company, credit_order=order, refund_no=refund_no, amount=rest, at=now)
        company_event(
            company=company,
            type=CompanyEventType.CREDIT_NOTE_ISSUED,
            by=None,
            refund_no=refund_no,
            order_no=order.order_no,
            amount=str(rest),
        )
    _clear_overdue(company, by=None, now=now)
    return entry or note


def _allocate(
    order: CreditOrder, part: Decimal, *, kind: str, reference: str, repayment: Repayment | None, now: datetime
) -> None:
    """Take `part` off the (locked) order's debt; the order is settled once it owes nothing."""
    field = "repaid" if kind == CreditEntryKind.REPAYMENT else "refunded"
    setattr(order, field, getattr(order, field) + part)
    fields = [field]
    if order.owed == 0:
        order.settled_at = now
        fields.append("settled_at")
    order.save(update_fields=fields)
    CreditAllocation.objects.create(
        credit_order=order, kind=kind, amount=part, repayment=repayment, reference=reference, at=now
    )


# --- Repayments ------------------------------------------------------------------------------------------------


def allocation_plan(owed: list[tuple[int, Decimal]], amount: Decimal) -> list[tuple[int, Decimal]]:
    """Pure: `amount` spread over debts (key, owed), in the order given (oldest due first), each taking all it owes
    until the money runs out. The parts sum to `amount` exactly; refused (ValueError) beyond the sum owed."""
    if amount <= 0 or amount > sum((debt for _key, debt in owed), ZERO):
        raise ValueError(amount)
    plan, left = [], amount
    for key, debt in owed:
        if left == 0:
            break
        part = min(debt, left)
        if part > 0:
            plan.append((key, part))
            left -= part
    return plan


def statement_orders(statement: CreditStatement) -> QuerySet[CreditOrder]:
    """The orders a statement's payment pays: those it listed as owed at the month's end, oldest due first."""
    return CreditOrder.objects.filter(statement_lines__statement=statement, statement_lines__closing__gt=0)


def statement_balance(statement: CreditStatement) -> Decimal:
    """What is still owed today on the orders the statement listed as owed."""
    orders = statement_orders(statement).filter(settled_at__isnull=True)
    return orders.aggregate(owed=Sum(F("amount") - F("refunded") - F("repaid"), default=ZERO))["owed"]


@transaction.atomic
def repayment_record(
    *,
    company: Company,
    amount: Decimal,
    reference: str,
    via: str,
    by: User | None,
    statement: CreditStatement | None = None,
    now: datetime | None = None,
) -> Repayment:
    """The company paid `amount` back (`reference`: the gateway's payment number, or the bank transfer's): against
    a statement's orders, or without one against everything it owes, oldest due first. The parts sum exactly to
    the payment and free exactly that much of the limit. More than is owed is refused (`repayment_exceeds_balance`)
    and changes nothing. Once per reference: the same reference again returns the first repayment."""
    now = now or timezone.now()
    if via not in RepaymentVia.values:
        raise InvalidInput(fields={"via": [via]})
    if statement is not None and statement.company_id != company.pk:
        raise InvalidInput(fields={"statement": [statement.pk]})
    company = _lock_company(company.pk)  # two repayments of one company go one after the other
    earlier = Repayment.objects.filter(reference=reference).first()
    if earlier is not None:
        return earlier
    owing = statement_orders(statement) if statement else CreditOrder.objects.filter(company=company)
    orders = list(owing.filter(settled_at__isnull=True).select_for_update().order_by("pk"))
    orders.sort(key=lambda order: (order.due_on, order.paid_at, order.pk))
    try:
        plan = allocation_plan([(order, order.owed) for order in orders], amount)
    except ValueError:
        owed = sum((order.owed for order in orders), ZERO)
        raise RepaymentExceedsBalance(fields={"amount": [str(owed)]}) from None
    repayment = Repayment.objects.create(
        company=company, statement=statement, amount=amount, reference=reference, via=via, by=by, at=now
    )
    for order, part in plan:
        _allocate(order, part, kind=CreditEntryKind.REPAYMENT, reference=reference, repayment=repayment, now=now)
    _release(company, amount, kind=CreditEntryKind.REPAYMENT, reference=reference, by=by)
    _clear_overdue(company, by=by, now=now)
    return repayment


def _clear_overdue(company: Company, *, by: User | None, now: datetime) -> None:
    """The (locked) company marked overdue has paid what was past due: it may buy on credit again."""
    if company.credit_overdue_since is None or is_overdue(company.pk, timezone.localdate(now)):
        return
    Company.objects.filter(pk=company.pk).update(credit_overdue_since=None)
    company.credit_overdue_since = None
    company_event(company=company, type=CompanyEventType.CREDIT_OVERDUE_CLEARED, by=by)


# --- Statements ------------------------------------------------------------------------------------------------


def _sums(rows) -> dict[int, Decimal]:
    return {row["credit_order_id"]: row["total"] for row in rows}


@transaction.atomic
def statement_issue(*, company: Company, month: date) -> CreditStatement:
    """对账单 of `month` (its first day, a month that has ended): every order on credit owed when it began or bought
    during it, with what was refunded and repaid of each during it. Once per company and month: a second call (the
    beat and an operator at once) returns the first. The company's finance users are told."""
    month = month_start(month)
    company = _lock_company(company.pk)
    existing = CreditStatement.objects.filter(company=company, month=month).first()
    if existing is not None:
        return existing
    begins, ends = _local_start(month), _local_start(next_month(month))
    orders = list(
        CreditOrder.objects.filter(company=company, paid_at__lt=ends)
        .filter(Q(settled_at__isnull=True) | Q(settled_at__gte=begins))
        .order_by("due_on", "paid_at", "pk")
    )
    moves = CreditAllocation.objects.filter(credit_order__in=orders).order_by().values("credit_order_id")
    before = _sums(moves.filter(at__lt=begins).annotate(total=Sum("amount")))
    during = moves.filter(at__gte=begins, at__lt=ends)
    refunded = _sums(during.filter(kind=CreditEntryKind.REFUND).annotate(total=Sum("amount")))
    repaid = _sums(during.filter(kind=CreditEntryKind.REPAYMENT).annotate(total=Sum("amount")))
    lines = []
    for order in orders:
        carried = order.paid_at < begins
        opening = order.amount - before.get(order.pk, ZERO) if carried else ZERO
        charged = ZERO if carried else order.amount
        line = CreditStatementLine(
            credit_order=order,
            carried=carried,
            opening=opening,
            charged=charged,
            refunded=refunded.get(order.pk, ZERO),
            repaid=repaid.get(order.pk, ZERO),
        )
        line.closing = opening + charged - line.refunded - line.repaid
        if opening or charged:
            lines.append(line)
    statement = CreditStatement.objects.create(
        company=company,
        month=month,
        due_on=due_on(bought_on=month, credit_days=company.credit_days),
        opening=sum((line.opening for line in lines), ZERO),
        charges=sum((line.charged for line in lines), ZERO),
        refunds=sum((line.refunded for line in lines), ZERO),
        repayments=sum((line.repaid for line in lines), ZERO),
        closing=sum((line.closing for line in lines), ZERO),
    )
    for line in lines:
        line.statement = statement
    CreditStatementLine.objects.bulk_create(lines)
    company_event(
        company=company,
        type=CompanyEventType.STATEMENT_ISSUED,
        by=None,
        statement_id=statement.pk,
        month=f"{month:%Y-%m}",
        closing=str(statement.closing),
    )
    _use_credit_notes(company, statement)
    if statement.closing:
        _tell_finance(
            company,
            MessageKind.CREDIT_STATEMENT_ISSUED,
            key=f"credit_statement:{statement.pk}",
            params={
                "statement_id": statement.pk,
                "month": f"{month:%Y-%m}",
                "amount": str(statement.closing),
                "due_on": statement.due_on.isoformat(),
            },
        )
    return statement


def open_credit_notes_all() -> QuerySet[CreditNote]:
    """Credit notes with something left to use or pay back."""
    return CreditNote.objects.filter(amount__gt=F("used") + F("paid_back"))


def open_credit_notes(company_id: int) -> QuerySet[CreditNote]:
    return open_credit_notes_all().filter(company_id=company_id)


def _use_credit_notes(company: Company, statement: CreditStatement) -> Repayment | None:
    """In the statement's transaction (the company locked): what the company is owed on credit notes pays the
    statement first, oldest note first, up to its balance: a repayment `via` credit note, allocated like any."""
    notes = list(open_credit_notes(company.pk).select_for_update().order_by("at", "pk"))
    amount = min(sum((note.open for note in notes), ZERO), statement_balance(statement))
    if amount <= 0:
        return None
    repayment = repayment_record(
        company=company,
        statement=statement,
        amount=amount,
        reference=f"CN-S{statement.pk}",
        via=RepaymentVia.CREDIT_NOTE,
        by=None,
    )
    for note, part in allocation_plan([(note, note.open) for note in notes], amount):
        note.used += part
        note.save(update_fields=["used"])
    company_event(
        company=company,
        type=CompanyEventType.CREDIT_NOTE_USED,
        by=None,
        statement_id=statement.pk,
        amount=str(amount),
        notes=[note.refund_no for note in notes],
    )
    return repayment


@transaction.atomic
def credit_note_pay_back(*, note: CreditNote, by: User, reference: str) -> CreditNote:
    """The platform's finance pays what is left of a credit note back to the company (a transfer out, `reference`
    its bank reference), on the company's request: all of it, once."""
    reference = (reference or "").strip()
    if not reference or len(reference) > 64:
        raise InvalidInput(fields={"reference": [_("Give the transfer's bank reference.")]})
    _lock_company(note.company_id)  # its next statement does not use the note meanwhile
    note = CreditNote.objects.select_for_update().get(pk=note.pk)
    amount = note.open
    if amount <= 0:
        raise InvalidTransition(_("Nothing of this credit note is left to pay back."))
    note.paid_back += amount
    note.paid_back_reference = reference
    note.save(update_fields=["paid_back", "paid_back_reference"])
    company_event(
        company=note.company,
        type=CompanyEventType.CREDIT_NOTE_PAID_BACK,
        by=by,
        refund_no=note.refund_no,
        amount=str(amount),
        reference=reference,
    )
    return note


def statements_issue_all(*, month: date) -> int:
    """The month's statement of every company that bought on credit (the beat on the 1st, for the month before):
    each in its own transaction, idempotent. Returns how many were written now."""
    month = month_start(month)
    ends = _local_start(next_month(month))
    done = set(CreditStatement.objects.filter(month=month).values_list("company_id", flat=True))
    companies = (
        CreditOrder.objects.filter(paid_at__lt=ends)
        .filter(Q(settled_at__isnull=True) | Q(settled_at__gte=_local_start(month)))
        .values_list("company_id", flat=True)
        .distinct()
    )
    written = 0
    for company_id in sorted(set(companies) - done):
        statement_issue(company=Company(pk=company_id), month=month)
        written += 1
    return written


# --- Overdue ---------------------------------------------------------------------------------------------------


def overdue_sweep(*, today: date | None = None) -> int:
    """Mark every company with an order on credit past due and unpaid as overdue (once, with an event and a
    message to its finance users and admins), and clear the mark of those that paid meanwhile. Returns how many
    were newly marked."""
    today = today or timezone.localdate()
    late = set(
        CreditOrder.objects.filter(settled_at__isnull=True, due_on__lt=today)
        .values_list("company_id", flat=True)
        .distinct()
    )
    marked = 0
    for company_id in sorted(late):
        with transaction.atomic():
            company = _lock_company(company_id)
            if company.credit_overdue_since is not None or not is_overdue(company_id, today):
                continue
            Company.objects.filter(pk=company_id).update(credit_overdue_since=today)
            owed = CreditOrder.objects.filter(
                company_id=company_id, settled_at__isnull=True, due_on__lt=today
            ).aggregate(owed=Sum(F("amount") - F("refunded") - F("repaid"), default=ZERO))["owed"]
            company_event(company=company, type=CompanyEventType.CREDIT_OVERDUE, by=None, owed=str(owed))
            _tell_finance(
                company,
                MessageKind.CREDIT_OVERDUE,
                key=f"credit_overdue:{company_id}:{today.isoformat()}",
                params={"amount": str(owed), "company": company.name},
            )
            marked += 1
    stale = Company.objects.filter(credit_overdue_since__isnull=False).exclude(pk__in=late)
    for company_id in stale.values_list("pk", flat=True):
        with transaction.atomic():
            _clear_overdue(_lock_company(company_id), by=None, now=timezone.now())
    return marked


def _tell_finance(company: Company, kind: str, *, key: str, params: dict) -> None:
    readers = CompanyMember.objects.filter(company=company).filter(Q(role=CompanyRole.FINANCE) | Q(is_admin=True))
    user_ids = readers.values_list("user_id", flat=True)
    notify(Notice(kind=kind, recipient_id=user_id, key=key, params=params) for user_id in user_ids)


def statement_months_due(today: date | None = None) -> date:
    """The month whose statements the 1st of this month writes: the one before."""
    today = today or timezone.localdate()
    return month_start(month_start(today) - timedelta(days=1))
