"""Credit jobs (decision 0043): thin and idempotent, each a sweep. Imported by the app's ready() so that workers
know them (Celery discovers only an app's own tasks module)."""

from celery import shared_task

from companies.credit.services import overdue_sweep, statement_months_due, statements_issue_all


@shared_task(name="companies.credit.tasks.issue_statements")
def issue_statements() -> int:
    """Daily, early: every company that bought on credit gets last month's statement, once (on the 1st; a later
    day writes what a lost run missed)."""
    return statements_issue_all(month=statement_months_due())


@shared_task(name="companies.credit.tasks.mark_overdue")
def mark_overdue() -> int:
    """Daily, after midnight: companies with credit past due unpaid are marked overdue and their finance told."""
    return overdue_sweep()
