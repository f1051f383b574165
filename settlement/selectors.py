"""Reads of the settlement center."""

from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from marketplace.exceptions import NotFound
from settlement.models import (
    OPEN_BILL_STATUSES,
    Adjustment,
    Bill,
    BillCredit,
    BillEvent,
    BillLine,
    BillRun,
    BillStatus,
    Cycle,
    MatchResult,
    Mode,
    Payout,
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
    return version if version is not None else default_terms(store=store)


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
    """Imported statements, the latest day first, each with its counts by result: matched, differences, and the
    differences still open."""
    difference = ~Q(items__result=MatchResult.MATCHED)
    return (
        Statement.objects.select_related("imported_by")
        .annotate(
            items_total=Count("items"),
            matched=Count("items", filter=Q(items__result=MatchResult.MATCHED)),
            differences=Count("items", filter=difference),
            open_differences=Count("items", filter=difference & Q(items__resolved_at__isnull=True)),
        )
        .order_by("-day", "-imported_at", "-id")  # a query that groups keeps no Meta.ordering
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


def default_terms(*, store: Store) -> SettlementTerms:
    """The terms of a store finance never set terms for (unsaved): see terms_in_force."""
    own = store.type == StoreType.SELF_OPERATED
    return SettlementTerms(
        store=store,
        effective_from=store.created_at.date(),
        mode=Mode.NONE if own else Mode.SALES_SHARE,
        rate=0 if own else store.commission_percent,
        cycle=Cycle.MONTHLY,
        hold_days=7,
    )


# --- The finance console's reads (settlement/finance_views.py): each list in a fixed number of queries -----------


def bill_runs_recent() -> QuerySet[BillRun]:
    """Bill runs, the latest first, with who started them."""
    return BillRun.objects.select_related("started_by").order_by("-started_at", "-id")


def bills_filtered(
    *, store_id: int | None = None, status: str = "", period_from: date | None = None, period_to: date | None = None
) -> QuerySet[Bill]:
    """Every store's bills for finance, by store, status and the period they close (its end between the dates)."""
    bills = bills_of(store_id=store_id, status=status)
    if period_from is not None:
        bills = bills.filter(period_end__gte=period_from)
    if period_to is not None:
        bills = bills.filter(period_end__lte=period_to)
    return bills


def bills_disputed() -> QuerySet[Bill]:
    """Bills the store disputed, waiting for finance: the oldest period first."""
    return bills_of(status=BillStatus.DISPUTED).order_by("period_end", "store_id")


def bill_events(*, bill: Bill) -> QuerySet[BillEvent]:
    return bill.events.select_related("by").order_by("at", "id")


def bill_adjustments(*, bill: Bill) -> QuerySet[Adjustment]:
    return bill.adjustment_rows.select_related("proposed_by", "approved_by").order_by("created_at", "id")


def bill_credits(*, bill: Bill) -> QuerySet[BillCredit]:
    """The payments kept for the store that the bill credits (forfeited auction deposits), each with its payment's
    number, oldest first: what finance matches against the gateway's statement."""
    return bill.credit_rows.select_related("kept_payment__payment").order_by("kept_payment__kept_at", "id")


def bill_payouts(*, bill: Bill) -> QuerySet[Payout]:
    return bill.payouts.select_related("by").order_by("-created_at", "-id")


def adjustments_pending() -> QuerySet[Adjustment]:
    """Adjustments proposed and not approved yet, on bills still open to them, the oldest first."""
    return (
        Adjustment.objects.filter(approved_by__isnull=True, bill__status__in=OPEN_BILL_STATUSES)
        .select_related("bill__store", "proposed_by")
        .order_by("created_at", "id")
    )


def payouts_latest() -> QuerySet[Payout]:
    return Payout.objects.select_related("bill__store", "by").order_by("-created_at", "-id")


def stores_with_terms(*, on: date) -> QuerySet[Store]:
    """Every store past its application, each with the versions of its terms in force by `on` fetched in one more
    query (`prefetched_terms` says which is in force)."""
    so_far = SettlementTerms.objects.filter(effective_from__lte=on).order_by("-effective_from")
    return (
        Store.objects.past_review()
        .order_by("pk")
        .prefetch_related(Prefetch("settlement_terms", queryset=so_far, to_attr="terms_so_far"))
    )


def prefetched_terms(store: Store) -> SettlementTerms:
    """The terms in force of a store from stores_with_terms, without a query: its latest version, or its default."""
    return store.terms_so_far[0] if store.terms_so_far else default_terms(store=store)
