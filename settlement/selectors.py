"""Reads of the settlement center."""

from datetime import date

from django.db.models import Count, Q, QuerySet

from marketplace.exceptions import NotFound
from settlement.models import (
    Adjustment,
    Bill,
    BillLine,
    BillRun,
    Cycle,
    MatchResult,
    Mode,
    SettlementTerms,
    Statement,
    StatementItem,
)
from stores.models import Store, StoreType


def terms_versions(*, store: Store) -> QuerySet[SettlementTerms]:
    """Every version of the store's terms, the newest first."""
    return SettlementTerms.objects.filter(store=store).order_by("-effective_from")


def terms_in_force(*, store: Store, on: date) -> SettlementTerms:
    """The version in force on `on`. A store finance never set terms for is settled as its onboarding said: a
    commission of its `commission_percent` on net sales, monthly, held 7 days; HQ's own store takes nothing.
    That default is not saved: it is what the first version, once finance writes one, replaces."""
    version = terms_versions(store=store).filter(effective_from__lte=on).first()
    if version is not None:
        return version
    own = store.type == StoreType.SELF_OPERATED
    return SettlementTerms(
        store=store,
        effective_from=store.created_at.date(),
        mode=Mode.NONE if own else Mode.SALES_SHARE,
        rate=0 if own else store.commission_percent,
        cycle=Cycle.MONTHLY,
        hold_days=7,
    )


def bills_of(*, store: Store | None = None, status: str = "", store_id: int | None = None) -> QuerySet[Bill]:
    """Bills, the latest period first: a store's own (the seller side), or any store's for finance, filtered."""
    bills = Bill.objects.select_related("store").order_by("-period_end", "store_id")
    if store is not None:
        bills = bills.filter(store=store)
    if store_id is not None:
        bills = bills.filter(store_id=store_id)
    return bills.filter(status=status) if status else bills


def bill_of(*, bills: QuerySet[Bill], bill_id: int) -> Bill:
    """One bill among `bills` (the reader's scope): another store's is not found."""
    bill = bills.filter(pk=bill_id).first()
    if bill is None:
        raise NotFound()
    return bill


def bill_lines(*, bill: Bill) -> QuerySet[BillLine]:
    return bill.lines.select_related("order", "line__sku").order_by("order_id", "line_id")


def bill_run_of(*, run_id: int) -> BillRun:
    run = BillRun.objects.filter(pk=run_id).first()
    if run is None:
        raise NotFound()
    return run


def adjustment_of(*, adjustment_id: int) -> Adjustment:
    adjustment = Adjustment.objects.select_related("bill").filter(pk=adjustment_id).first()
    if adjustment is None:
        raise NotFound()
    return adjustment


def statements() -> QuerySet[Statement]:
    """Imported statements, the latest day first, each with its counts by result and its open differences."""
    open_differences = Q(items__resolved_at__isnull=True) & ~Q(items__result=MatchResult.MATCHED)
    return Statement.objects.select_related("imported_by").annotate(
        items_total=Count("items"),
        matched=Count("items", filter=Q(items__result=MatchResult.MATCHED)),
        open_differences=Count("items", filter=open_differences),
    )


def statement_of(*, statement_id: int) -> Statement:
    statement = statements().filter(pk=statement_id).first()
    if statement is None:
        raise NotFound()
    return statement


def statement_items(*, statement: Statement, result: str = "", open_only: bool = False) -> QuerySet[StatementItem]:
    items = statement.items.select_related("resolved_by").order_by("kind", "reference")
    if result:
        items = items.filter(result=result)
    if open_only:
        items = items.exclude(result=MatchResult.MATCHED).filter(resolved_at__isnull=True)
    return items


def statement_item_of(*, item_id: int) -> StatementItem:
    item = StatementItem.objects.filter(pk=item_id).first()
    if item is None:
        raise NotFound()
    return item
