"""The settlement center's Celery jobs: posting the ledger, the bill runs (per cycle by the beat, on demand by
finance) and the reports' rollups."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from settlement import services
from settlement.models import BillRun, BillRunStatus, Cycle


@shared_task
def post_ledger() -> dict:
    """Every minute: the entries of the orders paid and refunded since (idempotent: once per event and line)."""
    return services.ledger_post()


@shared_task
def roll_up_reports() -> dict:
    """Every five minutes: add to the reports' rollups the ledger entries and order events since the last time
    (each counted once, behind its watermark)."""
    from settlement.reports.services import rollup_refresh

    return rollup_refresh()


@shared_task
def run_bills(run_id: int) -> int:
    """One bill run, to its end (a run another worker holds is left to it)."""
    return services.bill_run_execute(run_id=run_id).bills_made


@shared_task
def bill_cycle(cycle: str) -> int:
    """The beat's bill run of a cycle, as of yesterday (Beijing): daily every day, weekly on Mondays for the week
    that ended on Sunday, monthly on the 1st for the month before."""
    yesterday = timezone.localdate() - timedelta(days=1)
    run = services.bill_run_start(until=yesterday, by=None, cycle=Cycle(cycle))
    return run.pk


@shared_task
def resume_bill_runs() -> int:
    """Every ten minutes: run again any bill run left running (its message lost, its worker dead). A run a worker
    still holds is skipped by its lock; one run again bills nothing twice."""
    stale = BillRun.objects.filter(
        status=BillRunStatus.RUNNING, started_at__lt=timezone.now() - timedelta(minutes=10)
    ).values_list("pk", flat=True)
    for run_id in stale:
        services.bill_run_execute(run_id=run_id)
    return len(stale)


@shared_task
def simulated_payout_report(payout_no: str) -> str:
    """The simulated provider's callback for a transfer it booked, through the code the HTTP callback runs."""
    from settlement.payouts import SimulatedPayoutProvider

    body, signature = SimulatedPayoutProvider().report(payout_no)
    return services.payout_callback_take(body=body, signature=signature).status
