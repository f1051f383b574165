"""Presale jobs: thin and idempotent; each a sweep."""

from celery import shared_task

from presales.services import presales_close_deposits, presales_end, presales_remind_balances


@shared_task(name="presales.tasks.close_deposit_windows")
def close_deposit_windows() -> int:
    """Every minute: presales whose deposit window closed are recorded as closed, once."""
    return presales_close_deposits()


@shared_task(name="presales.tasks.remind_balances")
def remind_balances() -> int:
    """Every five minutes: members whose balance window opened are told, once each, what is left to pay."""
    return presales_remind_balances()


@shared_task(name="presales.tasks.end_presales")
def end_presales() -> int:
    """Every minute: presales whose balance window closed keep the unpaid deposits and end."""
    return presales_end()
