from celery import shared_task

from members import services


@shared_task
def purge_expired_tokens() -> int:
    """Hourly: delete expired API tokens (they already fail to authenticate; this keeps the table small)."""
    return services.tokens_purge_expired()


@shared_task
def expire_points() -> int:
    """Daily: what is left of every points lot past its date expires (idempotent)."""
    return services.points_expire_due()
