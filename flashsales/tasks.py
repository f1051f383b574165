"""Flash-sale jobs: thin and idempotent; each a sweep."""

from celery import shared_task

from flashsales.services import flash_holds_expire, flash_sessions_close


@shared_task(name="flashsales.tasks.expire_holds")
def expire_holds() -> int:
    """Every minute: expired holds go back to their session."""
    return flash_holds_expire()


@shared_task(name="flashsales.tasks.close_sessions")
def close_sessions() -> int:
    """Every minute: sessions past their end (and their last hold) return what they did not sell to stock."""
    return flash_sessions_close()
